// Failure classification of S3Backend against loopback fault servers (style.md #7): every way a
// backend can fail ends in ServiceUnavailable - never a false NoSuchKey - and quickly.
#include "AsyncWait.h"
#include "FaultServer.h"
#include "PatternBodyStream.h"
#include "backends/s3/S3Backend.h"

#include <QElapsedTimer>
#include "http/HttpClientReply.h"
#include <QTcpSocket>
#include <QTest>

using namespace s3c;
using namespace s3c::test;

class TestS3BackendFailures : public QObject
{
    Q_OBJECT

private slots:
    void connectionRefused();
    void firstByteTimeout();
    void serverErrors_data();
    void serverErrors();
    void resetMidBodyOfCollectedAnswer();
    void resetMidBodyOfStreamedDownload();
    void clientErrorsWithoutBody_data();
    void clientErrorsWithoutBody();
    void errorInsideSuccessfulCopy();
    void uploadOnTheWire();
    void uploadAbortedWhenBodyFails();
    void slowDownloadsDoNotQueueOthers();
    void destroyedWithCallsInFlight();

private:
    S3Backend *backend(quint16 port, int firstByteMs = 5000);
};

S3Backend *TestS3BackendFailures::backend(quint16 port, int firstByteMs)
{
    S3BackendOptions o;
    o.name = QStringLiteral("faulty");
    o.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    o.accessKey = QStringLiteral("AKIAFAULTY");
    o.secretKey = QStringLiteral("faulty-secret-never-shown");
    o.usePathStyle = true;
    o.connectTimeoutMs = 2000;
    o.firstByteTimeoutMs = firstByteMs;
    auto *b = new S3Backend(o, this);
    return b;
}

static Result<GetObjectResult> fetch(S3Backend *b, bool head = false)
{
    GetObjectRequest q{QStringLiteral("bucket"), QStringLiteral("key")};
    q.headOnly = head;
    return await<GetObjectResult>([&](auto cb) { b->getObject(q, cb); }, 10000);
}

void TestS3BackendFailures::connectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port that was free a moment ago and has nobody listening now
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QElapsedTimer timer;
    timer.start();
    const auto r = fetch(backend(port));
    QCOMPARE(r.error(), S3Error::ServiceUnavailable);
    QVERIFY(r.failure().message.contains(QLatin1String("faulty")));
    QVERIFY(!r.failure().message.contains(QLatin1String("faulty-secret")));
    QVERIFY(timer.elapsed() < 3000);
    const auto list = await<QList<BucketInfo>>([&](auto cb) { backend(port)->listBuckets(cb); });
    QCOMPARE(list.error(), S3Error::ServiceUnavailable);
}

void TestS3BackendFailures::firstByteTimeout()
{
    FaultServer server(FaultServer::Mode::Hang);
    const quint16 port = server.start();
    QVERIFY(port);
    QElapsedTimer timer;
    timer.start();
    const auto r = fetch(backend(port, 300));
    QCOMPARE(r.error(), S3Error::ServiceUnavailable);
    QVERIFY2(r.failure().message.contains(QLatin1String("timed out")), qPrintable(r.failure().message));
    QVERIFY(timer.elapsed() >= 250);
    QVERIFY(timer.elapsed() < 3000);
    QCOMPARE(server.connections(), 1);
    QVERIFY(server.received().startsWith("GET /bucket/key HTTP/1.1\r\n"));
}

void TestS3BackendFailures::serverErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("500 InternalError") << 500 << QByteArray("<Error><Code>InternalError</Code></Error>");
    QTest::newRow("503 SlowDown") << 503 << QByteArray("<Error><Code>SlowDown</Code></Error>");
    QTest::newRow("502 no body") << 502 << QByteArray();
    QTest::newRow("500 NoSuchKey code") << 500 << QByteArray("<Error><Code>NoSuchKey</Code></Error>");
}

void TestS3BackendFailures::serverErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    for (bool head : {false, true}) {
        FaultServer server(FaultServer::Mode::Respond,
                           FaultServer::httpResponse(status, "Oops", head ? QByteArray() : body));
        const auto r = fetch(backend(server.start()), head);
        QCOMPARE(r.error(), S3Error::ServiceUnavailable);
        QVERIFY(r.failure().message.contains(QString::number(status)));
    }
}

void TestS3BackendFailures::resetMidBodyOfCollectedAnswer()
{
    const QByteArray xml =
        "<?xml version=\"1.0\"?><ListBucketResult><Name>bucket</Name><Contents><Key>a</Key>";
    FaultServer server(FaultServer::Mode::ResetMidBody, FaultServer::httpResponse(200, "OK", xml, {}, 4000));
    ListObjectsRequest q{QStringLiteral("bucket")};
    const auto r =
        await<ListObjectsResult>([&](auto cb) { backend(server.start())->listObjects(q, cb); }, 10000);
    QCOMPARE(r.error(), S3Error::ServiceUnavailable);
}

void TestS3BackendFailures::resetMidBodyOfStreamedDownload()
{
    // The head arrived, so the download was handed over; the reader must see the body end early
    // with an error (the HTTP layer then aborts the client connection, never pads it).
    FaultServer server(
        FaultServer::Mode::ResetMidBody,
        FaultServer::httpResponse(200, "OK", QByteArray(1000, 'x'),
                                  {"ETag: \"abc\"", "Last-Modified: Wed, 01 Jan 2025 00:00:00 GMT"}, 100000));
    auto r = fetch(backend(server.start()));
    QVERIFY(r.ok());
    QCOMPARE(r->info.size, 100000);
    std::unique_ptr<QIODevice> body(r->body);
    auto *reply = qobject_cast<HttpClientReply *>(body.get());
    QVERIFY(reply);
    qint64 got = 0;
    QTRY_VERIFY_WITH_TIMEOUT((got += body->readAll().size(), reply->isFinished()), 10000);
    got += body->readAll().size();
    QVERIFY(got < 100000);
    QVERIFY(reply->error() != QNetworkReply::NoError);
}

void TestS3BackendFailures::clientErrorsWithoutBody_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("bucketCall");
    QTest::addColumn<int>("expected");
    QTest::newRow("HEAD object 404") << 404 << false << int(S3Error::NoSuchKey);
    QTest::newRow("HEAD bucket 404") << 404 << true << int(S3Error::NoSuchBucket);
    QTest::newRow("HEAD 403") << 403 << false << int(S3Error::AccessDenied);
    QTest::newRow("HEAD 412") << 412 << false << int(S3Error::PreconditionFailed);
    QTest::newRow("HEAD 304") << 304 << false << int(S3Error::NotModified);
    QTest::newRow("HEAD 400") << 400 << false << int(S3Error::InvalidRequest);
}

void TestS3BackendFailures::clientErrorsWithoutBody()
{
    QFETCH(int, status);
    QFETCH(bool, bucketCall);
    QFETCH(int, expected);
    FaultServer server(FaultServer::Mode::Respond, FaultServer::httpResponse(status, "Status", {}));
    S3Backend *b = backend(server.start());
    S3Error error;
    if (bucketCall)
        error = await<BucketInfo>([&](auto cb) { b->headBucket(QStringLiteral("bucket"), cb); }).error();
    else
        error = fetch(b, true).error();
    QCOMPARE(int(error), expected);
}

void TestS3BackendFailures::errorInsideSuccessfulCopy()
{
    // CopyObject may fail after its 200 head: the <Error> document in the body decides.
    FaultServer server(FaultServer::Mode::Respond,
                       FaultServer::httpResponse(200, "OK", "<Error><Code>InternalError</Code></Error>"));
    CopyObjectRequest q{QStringLiteral("bucket"), QStringLiteral("src"), QStringLiteral("bucket"),
                        QStringLiteral("dst")};
    q.sourceConditions.ifMatch = "\"abc\"";
    q.sourceConditions.ifUnmodifiedSince = QDateTime(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC);
    q.replaceMetadata = true;
    q.meta.headers = {{"x-amz-meta-k", "v"}};
    const auto r = await<ObjectInfo>([&](auto cb) { backend(server.start())->copyObject(q, cb); }, 10000);
    QCOMPARE(r.error(), S3Error::ServiceUnavailable);
    // Moto and s3rver ignore copy-source conditions, so what goes on the wire is checked here.
    const QByteArray wire = server.received();
    QVERIFY(wire.startsWith("PUT /bucket/dst HTTP/1.1\r\n"));
    QVERIFY(wire.contains("x-amz-copy-source: /bucket/src\r\n"));
    QVERIFY(wire.contains("x-amz-copy-source-if-match: \"abc\"\r\n"));
    QVERIFY(wire.contains("x-amz-copy-source-if-unmodified-since: Fri, 24 May 2013 00:00:00 GMT\r\n"));
    QVERIFY(wire.contains("x-amz-metadata-directive: REPLACE\r\n"));
    QVERIFY(wire.contains("x-amz-meta-k: v\r\n"));
}

void TestS3BackendFailures::uploadOnTheWire()
{
    FaultServer server(FaultServer::Mode::ReadThenHang);
    S3Backend *b = backend(server.start(), 500);
    PatternBodyStream body(100000);
    PutObjectRequest q{QStringLiteral("bucket"), QStringLiteral("dir/a b+c"), {}, &body};
    q.meta.contentType = "text/plain";
    q.meta.headers = {{"x-amz-meta-owner", "me"}, {"cache-control", "no-cache"}};
    q.meta.checksums.insert("CRC32", "AAAAAA==");
    const auto r = await<ObjectInfo>([&](auto cb) { b->putObject(q, cb); }, 10000);
    // The fake never answers: the wait for the answer starts after the last body byte.
    QCOMPARE(r.error(), S3Error::ServiceUnavailable);
    const QByteArray wire = server.received();
    const QByteArray head = wire.left(wire.indexOf("\r\n\r\n"));
    QVERIFY2(head.startsWith("PUT /bucket/dir/a%20b%2Bc HTTP/1.1\r\n"), head.constData());
    QVERIFY(head.contains("Content-Length: 100000\r\n"));
    QVERIFY(!head.toLower().contains("transfer-encoding"));
    QVERIFY(head.contains("x-amz-content-sha256: UNSIGNED-PAYLOAD\r\n"));
    QVERIFY(head.contains("Authorization: AWS4-HMAC-SHA256 Credential=AKIAFAULTY/"));
    QVERIFY(!head.contains("faulty-secret"));
    QVERIFY(head.contains("x-amz-meta-owner: me\r\n"));
    QVERIFY(head.contains("cache-control: no-cache\r\n"));
    QVERIFY(head.contains("x-amz-checksum-crc32: AAAAAA==\r\n"));
    QVERIFY(head.contains("Content-Type: text/plain\r\n"));
    QCOMPARE(wire.size() - head.size() - 4, 100000);
    QCOMPARE(wire.mid(head.size() + 4, 16), PatternBodyStream::bytes(0, 16));
}

void TestS3BackendFailures::uploadAbortedWhenBodyFails()
{
    FaultServer server(FaultServer::Mode::ReadThenHang);
    S3Backend *b = backend(server.start());
    PatternBodyStream body(1000000, 300000);
    PutObjectRequest q{QStringLiteral("bucket"), QStringLiteral("k"), {}, &body};
    QElapsedTimer timer;
    timer.start();
    const auto r = await<ObjectInfo>([&](auto cb) { b->putObject(q, cb); }, 10000);
    QCOMPARE(r.error(), S3Error::IncompleteBody);
    QVERIFY(timer.elapsed() < 3000);
    // The backend saw the connection close before the promised length: nothing to store.
    QTRY_VERIFY_WITH_TIMEOUT(server.peerClosed(), 5000);
    const QByteArray wire = server.received();
    QVERIFY(wire.size() - wire.indexOf("\r\n\r\n") - 4 < 1000000);
}

void TestS3BackendFailures::slowDownloadsDoNotQueueOthers()
{
    // Ten calls in flight must each get their own connection at once (HttpClientPool keeps up to
    // maxConnections per backend), not wait for a slow one to finish.
    FaultServer server(FaultServer::Mode::Hang);
    S3Backend *b = backend(server.start(), 10000);
    int answered = 0;
    for (int i = 0; i < 10; ++i) {
        GetObjectRequest q{QStringLiteral("bucket"), QStringLiteral("key%1").arg(i)};
        b->getObject(q, [&answered](Result<GetObjectResult> r) {
            ++answered;
            QCOMPARE(r.error(), S3Error::ServiceUnavailable);
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.connections(), 10, 5000);
    QCOMPARE(answered, 0);
    server.close();
    const auto sockets = server.findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        socket->abort(); // every call now fails at once
    QTRY_COMPARE_WITH_TIMEOUT(answered, 10, 5000);
}

void TestS3BackendFailures::destroyedWithCallsInFlight()
{
    // A reload drops a backend set; calls still waiting are cut, their connections closed, and
    // nothing calls back into a dead backend's users.
    FaultServer server(FaultServer::Mode::Hang);
    S3Backend *b = backend(server.start(), 10000);
    bool called = false;
    b->getObject(GetObjectRequest{QStringLiteral("bucket"), QStringLiteral("key")},
                 [&called](Result<GetObjectResult>) { called = true; });
    QTRY_COMPARE_WITH_TIMEOUT(server.connections(), 1, 5000);
    delete b;
    QTRY_VERIFY_WITH_TIMEOUT(server.peerClosed(), 5000);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestS3BackendFailures)
#include "test_s3backend_failures.moc"
