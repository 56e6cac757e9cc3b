#include "ExternalS3Server.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

namespace s3c::test {

namespace {

quint16 freePort()
{
    // moto_server cannot report a port it picked itself; take one the kernel just handed out.
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}

} // namespace

ExternalS3Server::ExternalS3Server(Kind kind) : m_kind(kind)
{
}

ExternalS3Server::~ExternalS3Server()
{
    stop();
}

QString ExternalS3Server::accessKey() const
{
    // s3rver checks signatures against its built-in account; moto accepts any key.
    return m_kind == Kind::S3rver ? QStringLiteral("S3RVER") : QStringLiteral("AKIAMOTOTESTKEY00001");
}

QString ExternalS3Server::secretKey() const
{
    return m_kind == Kind::S3rver ? QStringLiteral("S3RVER") : QStringLiteral("motoSecretKey/0123456789");
}

QString ExternalS3Server::s3rverScript()
{
    return QStringLiteral(S3C_SOURCE_DIR "/.deps/node/node_modules/s3rver/bin/s3rver.js");
}

QString ExternalS3Server::start(int timeoutMs)
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    return m_kind == Kind::Moto ? startMoto(timeoutMs) : startS3rver(timeoutMs);
}

QString ExternalS3Server::startMoto(int timeoutMs)
{
    const QString moto = QStandardPaths::findExecutable(QStringLiteral("moto_server"));
    if (moto.isEmpty())
        return QStringLiteral("moto_server not on PATH (pip install 'moto[server]')");
    const quint16 port = freePort();
    if (!port)
        return QStringLiteral("no free loopback port");
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(m_dir.filePath(QStringLiteral("moto.log")));
    m_process->start(moto, {QStringLiteral("-H"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                            QString::number(port)});
    if (!m_process->waitForStarted(10000))
        return QStringLiteral("moto_server did not start: ") + m_process->errorString();
    const QDeadlineTimer deadline(timeoutMs);
    while (!accepts(port)) {
        if (deadline.hasExpired() || m_process->state() != QProcess::Running)
            return QStringLiteral("moto_server did not listen on port %1 in time").arg(port);
        m_process->waitForFinished(100); // returns early only if it died; bounded by the deadline
    }
    m_endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    return {};
}

QString ExternalS3Server::startS3rver(int timeoutMs)
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        return QStringLiteral("node not on PATH (apt-get install nodejs npm)");
    if (!QFileInfo::exists(s3rverScript()))
        return QStringLiteral("s3rver missing at %1; run: npm install --prefix %2/.deps/node s3rver "
                              "(tests/run-tests.sh does this)")
            .arg(s3rverScript(), QStringLiteral(S3C_SOURCE_DIR));
    m_process->setStandardErrorFile(m_dir.filePath(QStringLiteral("s3rver.log")));
    m_process->start(node, {s3rverScript(), QStringLiteral("-d"), m_dir.filePath(QStringLiteral("data")),
                            QStringLiteral("-a"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                            QStringLiteral("0"), QStringLiteral("--silent")});
    if (!m_process->waitForStarted(10000))
        return QStringLiteral("s3rver did not start: ") + m_process->errorString();
    // It prints "S3rver listening on 127.0.0.1:PORT" once bound to the port it picked.
    static const QRegularExpression listening(QStringLiteral("listening on [^:]+:(\\d+)"));
    QByteArray out;
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && m_process->state() == QProcess::Running) {
        m_process->waitForReadyRead(int(qMin<qint64>(500, deadline.remainingTime())));
        out += m_process->readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(out));
        if (match.hasMatch()) {
            m_endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(match.captured(1)));
            return {};
        }
    }
    return QStringLiteral("s3rver did not report its port in time: ") + QString::fromUtf8(out);
}

void ExternalS3Server::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

} // namespace s3c::test
