#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace s3c::test {

// A real S3 implementation run by the test on a free loopback port: moto_server (Python, from
// the image) or s3rver (npm, installed by tests/run-tests.sh into <source>/.deps/node). The
// child dies with the test (stop() in the destructor); start() waits with a deadline, never sleeps.
class ExternalS3Server
{
public:
    enum class Kind { Moto, S3rver };

    explicit ExternalS3Server(Kind kind);
    ~ExternalS3Server();

    // Empty string on success, else why it could not start (missing tool, no port, ...).
    QString start(int timeoutMs = 60000);
    void stop();

    QUrl endpoint() const { return m_endpoint; }
    QString accessKey() const;
    QString secretKey() const;
    QString name() const { return m_kind == Kind::Moto ? QStringLiteral("moto") : QStringLiteral("s3rver"); }

    // Where s3rver is expected; documented in tests/run-tests.sh.
    static QString s3rverScript();

private:
    QString startMoto(int timeoutMs);
    QString startS3rver(int timeoutMs);

    Kind m_kind;
    std::unique_ptr<QProcess> m_process;
    QTemporaryDir m_dir;
    QUrl m_endpoint;
};

} // namespace s3c::test
