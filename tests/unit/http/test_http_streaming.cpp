// HttpServer body streaming over real loopback sockets: request bodies with back-pressure and
// failure, responses from QFile (sendfile) and sequential devices with bounded memory, early
// ends that must abort, and TLS.
#include "HttpTestSupport.h"

#include "http/BodyPump.h"
#include "http/HttpConnection.h"
#include "http/PlatformSocket.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryFile>
#include <QTest>

using namespace s3c;
using namespace s3c::test;

namespace {

// A QFile that counts what is read through Qt; sendfile(2) bypasses readData entirely.
class CountingFile : public QFile
{
public:
    CountingFile(const QString &name, std::shared_ptr<qint64> counter)
        : QFile(name), m_counter(std::move(counter))
    {
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = QFile::readData(data, maxSize);
        if (n > 0)
            *m_counter += n;
        return n;
    }

private:
    std::shared_ptr<qint64> m_counter;
};

bool writePatternFile(QTemporaryFile &file, qint64 size)
{
    if (!file.open())
        return false;
    const qint64 block = 1024 * 1024;
    for (qint64 off = 0; off < size; off += block) {
        if (file.write(patternBytes(off, qMin(block, size - off))) < 0)
            return false;
    }
    return file.flush();
}

} // namespace

class TestHttpStreaming : public QObject
{
    Q_OBJECT
private slots:
    void clientDisconnectMidBody()
    {
        ServerFixture f;
        QPointer<HttpExchange> held;
        f.handler = [&](HttpExchange *ex) { held = ex; };
        RawClient c(f.port());
        c.send("PUT /k HTTP/1.1\r\nContent-Length: 1000000\r\n\r\n" + patternBytes(0, 1000));
        QTRY_VERIFY(held);
        BodyStream *body = held->requestBody();
        int failed = 0, gone = 0;
        bool stateOnFailure = false;
        connect(body, &BodyStream::failed, this, [&] {
            ++failed;
            // A reader must discard its data: nothing more can be read.
            stateOnFailure = body->hasFailed() && !body->isFinished() && body->read(10).isEmpty();
        });
        connect(held.data(), &HttpExchange::clientGone, this, [&] { ++gone; });
        QTRY_COMPARE(body->bytesAvailable(), 1000);
        c.socket()->abort();
        QTRY_COMPARE(failed, 1);
        QCOMPARE(gone, 1);
        QVERIFY(stateOnFailure);
        QTRY_VERIFY(!held); // the connection cleans up the exchange
        QTRY_COMPARE(f.server->connectionCount(), 0);
    }

    void requestBodyBackPressure()
    {
        HttpLimits limits;
        limits.bodyBufferBytes = 256 * 1024;
        ServerFixture f(limits);
        QPointer<HttpExchange> held;
        f.handler = [&](HttpExchange *ex) { held = ex; };
        const qint64 total = 64 * 1024 * 1024;
        RawClient c(f.port());
        c.send("PUT /big HTTP/1.1\r\nContent-Length: " + QByteArray::number(total) + "\r\n\r\n");
        c.send(patternBytes(0, total));
        QTRY_VERIFY(held);
        BodyStream *body = held->requestBody();
        QCOMPARE(body->expectedLength(), total);
        QTRY_COMPARE(body->bytesAvailable(), limits.bodyBufferBytes);
        // The client stalls because the server stopped reading: nearly all of it stays unsent.
        waitUntilStable([&] { return c.socket()->bytesToWrite(); });
        QVERIFY2(c.socket()->bytesToWrite() > total / 2,
                 qPrintable(QString::number(c.socket()->bytesToWrite())));
        QCOMPARE(body->bytesAvailable(), limits.bodyBufferBytes);

        qint64 received = 0;
        qint64 maxBuffered = 0;
        bool intact = true;
        auto drain = [&] {
            maxBuffered = qMax(maxBuffered, body->bytesAvailable());
            const QByteArray data = body->readAll();
            intact = intact && matchesPattern(data, received);
            received += data.size();
        };
        connect(body, &QIODevice::readyRead, this, drain);
        QSignalSpy finished(body, &BodyStream::finished);
        drain();
        QTRY_COMPARE_WITH_TIMEOUT(received, total, 60000);
        QVERIFY(intact);
        QVERIFY(maxBuffered <= limits.bodyBufferBytes);
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(body->isFinished());
        QVERIFY(body->atEnd());
        held->respond(HttpResponse(200));
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.hasHeader("Connection")); // the body was complete: keep-alive holds
    }

    void fileResponse_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("length"); // -1: the rest of the file
        QTest::newRow("whole 32 MiB") << qint64(0) << qint64(-1);
        QTest::newRow("range") << qint64(1000003) << qint64(5000000);
    }
    void fileResponse()
    {
        QFETCH(qint64, offset);
        QFETCH(qint64, length);
        const qint64 size = 32 * 1024 * 1024;
        QTemporaryFile tmp;
        QVERIFY(writePatternFile(tmp, size));
        auto readThroughQt = std::make_shared<qint64>(0);
        ServerFixture f;
        f.handler = [&](HttpExchange *ex) {
            auto *file = new CountingFile(tmp.fileName(), readThroughQt);
            QVERIFY(file->open(QIODevice::ReadOnly));
            QVERIFY(file->seek(offset));
            HttpResponse r(200);
            r.contentLength = length;
            ex->respond(r, file);
        };
        RawClient c(f.port());
        c.send("GET /file HTTP/1.1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r, false, 60000));
        const qint64 expected = length < 0 ? size - offset : length;
        QCOMPARE(r.header("Content-Length").toLongLong(), expected);
        QCOMPARE(r.body.size(), expected);
        QVERIFY(matchesPattern(r.body, offset));
#ifdef S3C_PORTABLE
        // The portable build (issue #14) streams files as macOS and Windows do: read, write.
        QVERIFY(!PlatformSocket::sendFileAvailable());
        QVERIFY(*readThroughQt >= expected);
#else
        if (PlatformSocket::sendFileAvailable())
            QCOMPARE(*readThroughQt, 0); // zero-copy: the bytes never passed through user space
#endif
        // The connection is still usable afterwards.
        f.handler = echoHandler;
        c.send("GET /after HTTP/1.1\r\n\r\n");
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.header("x-echo-target"), QByteArray("/after"));
    }

    void sequentialDeviceBoundedMemory()
    {
        const qint64 total = 64 * 1024 * 1024;
        ServerFixture f;
        QPointer<PatternDevice> device;
        f.handler = [&](HttpExchange *ex) {
            device = new PatternDevice(total);
            HttpResponse r(200);
            r.contentLength = total;
            ex->respond(r, device);
        };
        RawClient c(f.port());
        c.reading = false;
        c.socket()->setReadBufferSize(64 * 1024);
        c.send("GET /stream HTTP/1.1\r\n\r\n");
        QTRY_VERIFY(device);
        // With the client not reading, the server pulls only what fits in the socket buffers
        // plus its watermark.
        const qint64 produced = waitUntilStable([&] { return device ? device->produced() : total; });
        QVERIFY2(produced > 0 && produced < 24 * 1024 * 1024, qPrintable(QString::number(produced)));
        c.reading = true;
        c.socket()->setReadBufferSize(0);
        ParsedResponse r;
        QVERIFY(c.readResponse(r, false, 60000));
        QCOMPARE(r.body.size(), total);
        QVERIFY(matchesPattern(r.body, 0));
    }

    void deviceEndingEarlyAborts_data()
    {
        QTest::addColumn<qint64>("contentLength");
        QTest::addColumn<bool>("failAtEnd");
        QTest::newRow("short of Content-Length") << qint64(1024 * 1024) << false;
        QTest::newRow("chunked source closes") << qint64(-1) << true;
    }
    void deviceEndingEarlyAborts()
    {
        QFETCH(qint64, contentLength);
        QFETCH(bool, failAtEnd);
        ServerFixture f;
        f.handler = [&](HttpExchange *ex) {
            HttpResponse r(200);
            r.contentLength = contentLength;
            ex->respond(r, new PatternDevice(1024 * 1024, 100 * 1024, failAtEnd));
        };
        RawClient c(f.port());
        c.send("GET /short HTTP/1.1\r\n\r\n");
        QVERIFY(c.waitClosed());
        ParsedResponse r;
        // What arrived never parses as a complete response.
        QCOMPARE(parseResponse(c.received(), false, false, r), 0);
        QVERIFY(c.received().isEmpty() || c.received().startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(c.received().size() < 1024 * 1024);
    }

    void tlsResponses()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        QFile certFile(QStringLiteral(S3C_SOURCE_DIR "/tests/unit/http/data/test-cert.pem"));
        QFile keyFile(QStringLiteral(S3C_SOURCE_DIR "/tests/unit/http/data/test-key.pem"));
        QVERIFY(certFile.open(QIODevice::ReadOnly));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(QSslCertificate(certFile.readAll()));
        config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
        QVERIFY(!config.privateKey().isNull());

        HttpLimits limits;
        auto server = std::make_unique<HttpServer>(limits);
        server->setTlsConfiguration(config);
        QTemporaryFile tmp;
        QVERIFY(writePatternFile(tmp, 4 * 1024 * 1024));
        QList<bool> secure;
        connect(server.get(), &HttpServer::requestReady, this, [&](HttpExchange *ex) {
            secure.append(ex->request().secure);
            auto *file = new QFile(tmp.fileName());
            QVERIFY(file->open(QIODevice::ReadOnly));
            ex->respond(HttpResponse(200), file); // TLS never takes the sendfile path
        });
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));

        auto *socket = new QSslSocket;
        socket->setPeerVerifyMode(QSslSocket::VerifyNone);
        RawClient c(0, socket);
        socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), server->serverPort());
        QTRY_VERIFY(socket->isEncrypted());
        c.send("GET /tls HTTP/1.1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r, false, 30000));
        QCOMPARE(r.body.size(), 4 * 1024 * 1024);
        QVERIFY(matchesPattern(r.body, 0));
        QCOMPARE(secure, QList<bool>{true});
    }
};

QTEST_GUILESS_MAIN(TestHttpStreaming)
#include "test_http_streaming.moc"
