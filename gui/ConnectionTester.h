#pragma once

#include "config/BackendConfig.h"

#include <QElapsedTimer>
#include <QObject>

namespace s3c {

class Backend;

// "Test connection" for one backend entry, before it is saved: builds that backend alone
// (BackendFactory, so exactly what the gateway would run) in the calling thread and asks it
// HeadBucket for its pinned bucket, or ListBuckets. The backends are asynchronous (S3 through
// the gateway's own HTTP client, local directories on a worker pool): nothing here blocks, a hanging
// service only delays finished() until the entry's own timeouts.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    // Replaces a test still running (its answer is dropped). Emits finished() exactly once.
    void test(const BackendConfig &backend);
    bool isBusy() const { return m_backend != nullptr; }

signals:
    // `message` names the result for the user: what answered and how fast, or the exact error.
    void finished(bool ok, const QString &message, qint64 latencyMs);

private:
    void release();
    void report(bool ok, const QString &message);

    Backend *m_backend = nullptr;
    quint64 m_run = 0;
    QElapsedTimer m_clock;
};

} // namespace s3c
