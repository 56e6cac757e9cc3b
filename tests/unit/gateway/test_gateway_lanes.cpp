// The gateway serving from several threads (GatewayOptions::workerThreads): connections are kept
// by the lane they were given, and what the gateway does as a whole reaches every lane: a reload
// swaps the backends under open keep-alive connections of each lane, requests of every lane are
// counted in the one Statistics, and a stop closes them all.
#include "Gateway.h"
#include "GatewayHost.h"
#include "auth/SigV4Signer.h"
#include "stats/Statistics.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace s3c;

namespace {

const Credentials kKeys{QStringLiteral("AKIAGATEWAYLANESTEST"),
                        QStringLiteral("gAtEwAyLaNeSsEcReT0123456789abcdefGHIJKL")};

struct Answer
{
    int status = 0;
    QByteArray body;
};

// One request on an open keep-alive connection; reads the answer's head and its
// Content-Length body.
Answer get(QTcpSocket &socket, const QByteArray &target)
{
    socket.write("GET " + target + " HTTP/1.1\r\nHost: " + socket.peerAddress().toString().toLatin1() + ':' +
                 QByteArray::number(socket.peerPort()) + "\r\n\r\n");
    QByteArray in;
    QDeadlineTimer deadline(10000);
    qsizetype headEnd = -1;
    qint64 length = -1;
    while (!deadline.hasExpired()) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(int(deadline.remainingTime())))
            break;
        in += socket.readAll();
        if (headEnd < 0 && (headEnd = in.indexOf("\r\n\r\n")) >= 0) {
            const QList<QByteArray> lines = in.left(headEnd).split('\n');
            for (const QByteArray &line : lines) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
        }
        if (headEnd >= 0 && length >= 0 && in.size() >= headEnd + 4 + length)
            break;
    }
    Answer answer;
    if (headEnd < 0 || length < 0)
        return answer;
    answer.status = in.mid(9, 3).toInt();
    answer.body = in.mid(headEnd + 4, length);
    return answer;
}

BackendsConfig posixConfig(const QString &dir)
{
    BackendConfig backend;
    backend.type = BackendConfig::Type::Posix;
    backend.name = QStringLiteral("local");
    backend.path = dir;
    BackendsConfig config;
    config.backends = {backend};
    return config;
}

GatewayOptions laneOptions(const QString &dir, int threads)
{
    GatewayOptions options;
    options.port = 0;
    options.credentials = kKeys;
    options.workerThreads = threads;
    options.backends = posixConfig(dir);
    return options;
}

// The request target of a presigned GET of /bkt/k on `endpoint`.
QByteArray presignedTarget(QUrl endpoint)
{
    endpoint.setPath(QStringLiteral("/bkt/k"));
    const QUrl presigned =
        SigV4Signer(kKeys, "us-east-1").presignUrl("GET", endpoint, QDateTime::currentDateTimeUtc(), 600);
    return presigned.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
}

bool writeObject(const QString &root, const QByteArray &content)
{
    if (!QDir(root).mkpath(QStringLiteral("bkt")))
        return false;
    QFile file(root + QStringLiteral("/bkt/k"));
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class TestGatewayLanes : public QObject
{
    Q_OBJECT

private slots:
    void laneCount();
    void reloadReachesConnectionsOfEveryLane();
    void servesTlsOnEveryLane();
};

void TestGatewayLanes::laneCount()
{
    QCOMPARE(Gateway::laneCount(1), 1);
    QCOMPARE(Gateway::laneCount(3), 3);
    QCOMPARE(Gateway::laneCount(1000), GatewayOptions::kMaxWorkerThreads);
    const int automatic = Gateway::laneCount(0);
    QVERIFY(automatic >= 1 && automatic <= GatewayOptions::kMaxWorkerThreads);
    QCOMPARE(automatic, qBound(1, QThread::idealThreadCount(), GatewayOptions::kMaxWorkerThreads));
}

void TestGatewayLanes::reloadReachesConnectionsOfEveryLane()
{
    QTemporaryDir a;
    QTemporaryDir b;
    QVERIFY(writeObject(a.path(), "served from a"));
    QVERIFY(writeObject(b.path(), "served from b, after the reload"));

    const GatewayOptions options = laneOptions(a.path(), 3);
    GatewayHost host;
    QSignalSpy started(&host, &GatewayHost::started);
    QSignalSpy stopped(&host, &GatewayHost::stopped);
    host.start(options);
    QVERIFY(started.wait(10000));
    const QUrl endpoint = started.first().first().toUrl();

    // Opened one after the other, each connection goes to the lane with the fewest: one each.
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 3; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(QHostAddress::LocalHost, quint16(endpoint.port()));
        QVERIFY(sockets.back()->waitForConnected(5000));
    }
    const QByteArray target = presignedTarget(endpoint);

    for (auto &socket : sockets) {
        const Answer answer = get(*socket, target);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, QByteArray("served from a"));
    }

    QSignalSpy reloaded(&host, &GatewayHost::reloaded);
    host.reload(posixConfig(b.path()));
    QVERIFY(reloaded.wait(10000));

    // The same keep-alive connections, so the same lanes: every one uses the new set.
    for (auto &socket : sockets) {
        const Answer answer = get(*socket, target);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, QByteArray("served from b, after the reload"));
        QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);
    }
    // All six requests, from three threads, are in the one Statistics the GUI reads.
    const std::shared_ptr<Statistics> stats = host.statistics();
    QVERIFY(stats);
    QCOMPARE(stats->recent().total(), quint64(6));

    host.stop();
    QVERIFY(stopped.wait(15000));
    for (auto &socket : sockets) {
        if (socket->state() != QAbstractSocket::UnconnectedState)
            QVERIFY(socket->waitForDisconnected(5000));
    }
}

void TestGatewayLanes::servesTlsOnEveryLane()
{
    // --cert/--key: each lane wraps the descriptors it is handed in a QSslSocket of its own.
    QTemporaryDir dir;
    QVERIFY(writeObject(dir.path(), "over TLS"));
    GatewayOptions options = laneOptions(dir.path(), 2);
    options.certFile = QStringLiteral(S3C_SOURCE_DIR "/tests/unit/http/data/test-cert.pem");
    options.keyFile = QStringLiteral(S3C_SOURCE_DIR "/tests/unit/http/data/test-key.pem");
    GatewayHost host;
    QSignalSpy started(&host, &GatewayHost::started);
    host.start(options);
    QVERIFY(started.wait(10000));
    const QUrl url = started.first().first().toUrl();
    QCOMPARE(url.scheme(), QStringLiteral("https"));
    const QByteArray target = presignedTarget(url);

    std::vector<std::unique_ptr<QSslSocket>> sockets;
    for (int i = 0; i < 2; ++i) {
        sockets.push_back(std::make_unique<QSslSocket>());
        sockets.back()->setPeerVerifyMode(QSslSocket::VerifyNone); // the test certificate is self-signed
        sockets.back()->connectToHostEncrypted(QStringLiteral("127.0.0.1"), quint16(url.port()));
        QVERIFY2(sockets.back()->waitForEncrypted(10000), qPrintable(sockets.back()->errorString()));
    }
    for (int round = 0; round < 2; ++round) {
        for (auto &socket : sockets) {
            const Answer answer = get(*socket, target);
            QCOMPARE(answer.status, 200);
            QCOMPARE(answer.body, QByteArray("over TLS"));
        }
    }
    // A plain-text client on the TLS port gets no answer it could mistake for one.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, quint16(url.port()));
    QVERIFY(plain.waitForConnected(5000));
    QCOMPARE(get(plain, target).status, 0);
}

QTEST_GUILESS_MAIN(TestGatewayLanes)
#include "test_gateway_lanes.moc"
