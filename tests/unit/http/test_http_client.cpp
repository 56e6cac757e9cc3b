// HttpClientPool against scripted HTTP/1.1 servers on loopback: what goes on the wire, framing
// of answers, keep-alive and its pitfalls, back-pressure, streamed uploads and transport errors.
#include "HttpTestSupport.h"
#include "http/HttpClientPool.h"
#include "http/HttpClientReply.h"

#include "http/HttpResponse.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>

using namespace s3c;
using namespace s3c::test;

namespace {

// One request as the scripted server saw it.
struct Seen
{
    QByteArray head;
    QByteArray body;
    int connection = 0;
};

// Parses requests by hand (Content-Length or chunked bodies) and answers each with what the
// script returns; an empty answer means "say nothing". What it got is kept for the checks.
class ScriptServer : public QObject
{
    Q_OBJECT
public:
    using Script = std::function<QByteArray(const Seen &, QTcpSocket *)>;

    explicit ScriptServer(Script script) : m_script(std::move(script))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                const int id = ++connections;
                ++open;
                connect(s, &QTcpSocket::readyRead, this, [this, s, id] { onRead(s, id); });
                connect(s, &QTcpSocket::disconnected, this, [this, s] {
                    --open;
                    s->deleteLater();
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl origin() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    QList<Seen> seen;
    int connections = 0;
    int open = 0;

private:
    void onRead(QTcpSocket *s, int id)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        for (;;) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Seen req{buf.left(end + 4), {}, id};
            const QByteArray lower = req.head.toLower();
            qsizetype pos = end + 4;
            if (lower.contains("transfer-encoding: chunked")) {
                QByteArray body;
                for (;;) {
                    const qsizetype eol = buf.indexOf("\r\n", pos);
                    if (eol < 0)
                        return;
                    const qint64 size = buf.mid(pos, eol - pos).toLongLong(nullptr, 16);
                    if (buf.size() < eol + 2 + size + 2)
                        return;
                    body += buf.mid(eol + 2, size);
                    pos = eol + 2 + size + 2;
                    if (size == 0)
                        break;
                }
                req.body = body;
            } else {
                const qsizetype cl = lower.indexOf("content-length: ");
                const qint64 length =
                    cl < 0 ? 0 : lower.mid(cl + 16, lower.indexOf("\r\n", cl) - cl - 16).toLongLong();
                if (buf.size() - pos < length)
                    return;
                req.body = buf.mid(pos, length);
                pos += length;
            }
            buf.remove(0, pos);
            seen.append(req);
            const QByteArray answer = m_script(req, s);
            if (!answer.isEmpty())
                s->write(answer);
        }
    }

    QTcpServer m_server;
    Script m_script;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QByteArray ok(const QByteArray &body, const QByteArray &extra = {})
{
    return "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" +
           body;
}

HttpClientRequest request(const QUrl &origin, const QByteArray &method, const QByteArray &target)
{
    HttpClientRequest r;
    r.method = method;
    r.origin = origin;
    r.target = target;
    r.headers = {{"Host", origin.host().toUtf8()}};
    r.stallTimeoutMs = 5000;
    return r;
}

// Reads the reply to its end (or error) and returns what it carried.
QByteArray drain(HttpClientReply *reply, int ms = 20000)
{
    QByteArray data;
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        data += reply->readAll();
        if (reply->isFinished() && reply->bytesAvailable() == 0)
            break;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return data;
}

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT
private slots:
    void rawTargetAndKeepAlive();
    void chunkedAndHeadAnswers();
    void signalsNeverFromSend();
    void smallAnswerIsWholeAtItsHead();
    void staleKeepAliveIsRetriedOnce();
    void backPressureBoundsTheBuffer();
    void streamedUploads();
    void earlyAnswerToUploadClosesTheConnection();
    void connectionCapQueuesRequests();
    void transportErrors();
    void abortNeverReusesTheConnection();
    void tlsBackends();
};

void TestHttpClient::rawTargetAndKeepAlive()
{
    ScriptServer server(
        [](const Seen &, QTcpSocket *) { return ok("hello", "ETag: \"e1\"\r\nX-Two: a\r\nX-Two: b\r\n"); });
    HttpClientPool pool(4);
    // SigV4 signs the raw target: "//", dot segments and lowercase escapes must not change.
    const QByteArray target = "//b/a/../%7e%2f x?list-type=2&uploads";
    HttpClientReply *first = pool.send(request(server.origin(), "GET", target));
    QCOMPARE(drain(first), QByteArray("hello"));
    QCOMPARE(first->error(), QNetworkReply::NoError);
    QCOMPARE(first->statusCode(), 200);
    QCOMPARE(first->rawHeader("etag"), QByteArray("\"e1\""));
    QCOMPARE(first->rawHeader("X-Two"), QByteArray("a, b"));
    QVERIFY(server.seen.first().head.startsWith(QByteArray("GET " + target + " HTTP/1.1\r\n")));
    QVERIFY(server.seen.first().head.contains("\r\nHost: 127.0.0.1\r\n"));

    HttpClientReply *second = pool.send(request(server.origin(), "PUT", "/b/k"), "payload");
    QCOMPARE(drain(second), QByteArray("hello"));
    QCOMPARE(server.seen.size(), 2);
    QCOMPARE(server.seen.last().body, QByteArray("payload"));
    QVERIFY(server.seen.last().head.contains("Content-Length: 7\r\n"));
    QCOMPARE(server.connections, 1); // the second exchange reused the first connection
}

void TestHttpClient::chunkedAndHeadAnswers()
{
    ScriptServer server([](const Seen &req, QTcpSocket *) -> QByteArray {
        if (req.head.startsWith("HEAD"))
            return "HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n"; // no body follows a HEAD
        if (req.head.contains("/empty"))
            return "HTTP/1.1 204 No Content\r\n\r\n";
        return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    });
    HttpClientPool pool(1);
    HttpClientReply *get = pool.send(request(server.origin(), "GET", "/c"));
    QCOMPARE(drain(get), QByteArray("hello world"));
    HttpClientReply *head = pool.send(request(server.origin(), "HEAD", "/h"));
    QCOMPARE(drain(head), QByteArray());
    QCOMPARE(head->rawHeader("Content-Length"), QByteArray("12345"));
    QCOMPARE(head->error(), QNetworkReply::NoError);
    HttpClientReply *empty = pool.send(request(server.origin(), "DELETE", "/empty"));
    QCOMPARE(drain(empty), QByteArray());
    QCOMPARE(empty->statusCode(), 204);
    QCOMPARE(server.connections, 1);
}

void TestHttpClient::signalsNeverFromSend()
{
    ScriptServer server([](const Seen &, QTcpSocket *) { return ok("x"); });
    HttpClientPool pool(1);
    HttpClientReply *reply = pool.send(request(server.origin(), "GET", "/"));
    QSignalSpy finished(reply, &HttpClientReply::finished);
    QSignalSpy head(reply, &HttpClientReply::metaDataChanged);
    QCOMPARE(finished.count(), 0); // connected after send(): nothing can have been missed
    QVERIFY(finished.wait(5000));
    QCOMPARE(head.count(), 1);
    QCOMPARE(finished.count(), 1);
}

void TestHttpClient::smallAnswerIsWholeAtItsHead()
{
    // The gateway answers its own client from the head signal; a small body that came in the
    // same read is already there, and a reader that takes it and goes keeps the connection.
    ScriptServer server([](const Seen &, QTcpSocket *) { return ok("0123456789"); });
    HttpClientPool pool(1);
    for (int i = 0; i < 3; ++i) {
        HttpClientReply *reply = pool.send(request(server.origin(), "GET", "/a"));
        QByteArray atHead;
        bool deleted = false;
        connect(reply, &QObject::destroyed, this, [&] { deleted = true; });
        connect(reply, &HttpClientReply::metaDataChanged, this, [&, reply] {
            atHead = reply->read(reply->bytesAvailable());
            delete reply; // as HttpConnection::respond does once it copied a small body
        });
        QTRY_VERIFY_WITH_TIMEOUT(deleted, 5000);
        QCOMPARE(atHead, QByteArray("0123456789"));
    }
    QCOMPARE(server.seen.size(), 3);
    QCOMPARE(server.connections, 1);
}

void TestHttpClient::staleKeepAliveIsRetriedOnce()
{
    // The server answers without "Connection: close" and then drops the idle connection: the
    // next request meets a dead socket and must go out again on a fresh one, once.
    ScriptServer server([](const Seen &, QTcpSocket *s) {
        s->write(ok("a"));
        s->flush();
        s->disconnectFromHost();
        return QByteArray();
    });
    HttpClientPool pool(2);
    QCOMPARE(drain(pool.send(request(server.origin(), "GET", "/1"))), QByteArray("a"));
    QTRY_COMPARE_WITH_TIMEOUT(server.open, 0, 5000);
    HttpClientReply *second = pool.send(request(server.origin(), "GET", "/2"));
    QCOMPARE(drain(second), QByteArray("a"));
    QCOMPARE(second->error(), QNetworkReply::NoError);
    QCOMPARE(server.connections, 2);
    QCOMPARE(server.seen.size(), 2);
}

void TestHttpClient::backPressureBoundsTheBuffer()
{
    const qint64 size = 16 * 1024 * 1024;
    ScriptServer server([&](const Seen &, QTcpSocket *s) {
        s->write("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(size) + "\r\n\r\n");
        for (qint64 off = 0; off < size; off += 1024 * 1024)
            s->write(patternBytes(off, 1024 * 1024));
        return QByteArray();
    });
    HttpClientPool pool(1);
    HttpClientReply *reply = pool.send(request(server.origin(), "GET", "/big"));
    reply->setReadBufferSize(64 * 1024);
    QSignalSpy head(reply, &HttpClientReply::metaDataChanged);
    QVERIFY(head.wait(5000));
    // Nobody reads: the reply holds at most its buffer plus one socket read, however long we wait.
    const qint64 held = waitUntilStable([reply] { return reply->bytesAvailable(); }, 300, 10000);
    QVERIFY2(held <= 64 * 1024 + 64 * 1024, QByteArray::number(held).constData());
    QVERIFY(!reply->isFinished());
    const QByteArray all = drain(reply, 60000);
    QCOMPARE(qint64(all.size()), size);
    QVERIFY(matchesPattern(all, 0));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
}

void TestHttpClient::streamedUploads()
{
    ScriptServer server(
        [](const Seen &req, QTcpSocket *) { return ok(QByteArray::number(req.body.size())); });
    HttpClientPool pool(1);
    // Known length: Content-Length and the bytes as they are produced.
    const qint64 size = 3 * 1024 * 1024 + 17;
    auto *device = new PatternDevice(size);
    HttpClientReply *sized = pool.send(request(server.origin(), "PUT", "/up"), {}, device, size);
    device->setParent(sized);
    QSignalSpy progress(sized, &HttpClientReply::uploadProgress);
    QCOMPARE(drain(sized), QByteArray::number(size));
    QVERIFY(server.seen.last().head.contains(QByteArray("Content-Length: " + QByteArray::number(size))));
    QVERIFY(matchesPattern(server.seen.last().body, 0));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), size);
    QCOMPARE(progress.last().at(1).toLongLong(), size);
    // Unknown length: chunked transfer coding, ended when the source says so.
    auto *unsized = new PatternDevice(100000);
    HttpClientReply *chunked = pool.send(request(server.origin(), "PUT", "/up2"), {}, unsized, -1);
    unsized->setParent(chunked);
    QCOMPARE(drain(chunked), QByteArray("100000"));
    QVERIFY(server.seen.last().head.contains("Transfer-Encoding: chunked"));
    QVERIFY(matchesPattern(server.seen.last().body, 0));
}

void TestHttpClient::earlyAnswerToUploadClosesTheConnection()
{
    // The server refuses at the head (as S3 does for a bad signature) while the body is still
    // coming: the reply gets the answer, and the half-sent connection is never reused.
    int answered = 0;
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
    int connections = 0;
    connect(&raw, &QTcpServer::newConnection, &raw, [&] {
        QTcpSocket *s = raw.nextPendingConnection();
        ++connections;
        connect(s, &QTcpSocket::readyRead, s, [&, s] {
            const QByteArray got = s->readAll();
            if (got.contains("\r\n\r\n") && got.startsWith("PUT") && !answered++)
                s->write("HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\n\r\ndenied");
            else if (got.startsWith("GET"))
                s->write(ok("fine"));
        });
    });
    HttpClientPool pool(1);
    const QUrl origin(QStringLiteral("http://127.0.0.1:%1").arg(raw.serverPort()));
    auto *device = new PatternDevice(64 * 1024 * 1024, 1024 * 1024); // produces 1 MiB, then waits
    HttpClientReply *put = pool.send(request(origin, "PUT", "/x"), {}, device, 64 * 1024 * 1024);
    device->setParent(put);
    QCOMPARE(drain(put), QByteArray("denied"));
    QCOMPARE(put->statusCode(), 403);
    HttpClientReply *get = pool.send(request(origin, "GET", "/y"));
    QCOMPARE(drain(get), QByteArray("fine"));
    QCOMPARE(connections, 2);
}

void TestHttpClient::connectionCapQueuesRequests()
{
    QList<QPointer<QTcpSocket>> waiting;
    ScriptServer server([&](const Seen &, QTcpSocket *s) {
        waiting.append(s); // answered later, all at once
        return QByteArray();
    });
    HttpClientPool pool(2);
    QList<HttpClientReply *> replies;
    for (int i = 0; i < 5; ++i)
        replies.append(pool.send(request(server.origin(), "GET", "/" + QByteArray::number(i))));
    QTRY_COMPARE_WITH_TIMEOUT(server.seen.size(), 2, 5000);
    QCOMPARE(server.connections, 2);
    QCOMPARE(pool.connectionCount(), 2);
    // Each answer frees a connection for the next queued request.
    while (server.seen.size() < 5 || !waiting.isEmpty()) {
        if (!waiting.isEmpty()) {
            QPointer<QTcpSocket> s = waiting.takeFirst();
            if (s)
                s->write(ok("r"));
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        QVERIFY(server.connections <= 2);
    }
    for (HttpClientReply *r : replies)
        QCOMPARE(drain(r), QByteArray("r"));
    QCOMPARE(server.connections, 2);
}

void TestHttpClient::transportErrors()
{
    HttpClientPool pool(2);
    // Nothing listens on a port we just had and closed.
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    HttpClientReply *refused =
        pool.send(request(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort)), "GET", "/"));
    drain(refused);
    QCOMPARE(refused->error(), QNetworkReply::ConnectionRefusedError);

    // A body cut short by the peer is an error, never a complete answer.
    ScriptServer cut([](const Seen &, QTcpSocket *s) {
        s->write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly-this");
        s->flush();
        s->abort();
        return QByteArray();
    });
    HttpClientReply *short_ = pool.send(request(cut.origin(), "GET", "/"));
    const QByteArray got = drain(short_);
    QVERIFY(got.size() < 1000);
    QCOMPARE(short_->error(), QNetworkReply::RemoteHostClosedError);

    // Garbage instead of HTTP.
    ScriptServer garbage([](const Seen &, QTcpSocket *) { return QByteArray("SSH-2.0-OpenSSH\r\n\r\n"); });
    HttpClientReply *bad = pool.send(request(garbage.origin(), "GET", "/"));
    drain(bad);
    QCOMPARE(bad->error(), QNetworkReply::ProtocolFailure);

    // A server that accepts and never answers: the stall timeout ends it.
    ScriptServer silent([](const Seen &, QTcpSocket *) { return QByteArray(); });
    HttpClientRequest r = request(silent.origin(), "GET", "/");
    r.stallTimeoutMs = 200;
    HttpClientReply *stalled = pool.send(r);
    drain(stalled);
    QCOMPARE(stalled->error(), QNetworkReply::TimeoutError);
}

void TestHttpClient::abortNeverReusesTheConnection()
{
    ScriptServer server([](const Seen &req, QTcpSocket *s) -> QByteArray {
        if (req.head.contains("/big")) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n");
            s->write(QByteArray(100000, 'x'));
            return QByteArray();
        }
        return ok("small");
    });
    HttpClientPool pool(1);
    HttpClientReply *big = pool.send(request(server.origin(), "GET", "/big"));
    QSignalSpy head(big, &HttpClientReply::metaDataChanged);
    QVERIFY(head.wait(5000));
    delete big; // the reader went away mid-body
    QCOMPARE(drain(pool.send(request(server.origin(), "GET", "/small"))), QByteArray("small"));
    QCOMPARE(server.connections, 2);
    HttpClientReply *aborted = pool.send(request(server.origin(), "GET", "/big"));
    QSignalSpy head2(aborted, &HttpClientReply::metaDataChanged);
    QVERIFY(head2.wait(5000));
    aborted->abort();
    QCOMPARE(aborted->error(), QNetworkReply::OperationCanceledError);
    QVERIFY(aborted->isFinished());
    QCOMPARE(drain(pool.send(request(server.origin(), "GET", "/small"))), QByteArray("small"));
    QCOMPARE(server.connections, 3); // big, small (then big again on it), small after the abort
}

void TestHttpClient::tlsBackends()
{
    // R2, AWS and most S3 services are HTTPS: the same exchange over TLS, against our own
    // QSslServer with the self-signed test certificate (CN localhost, IP 127.0.0.1).
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QFile certFile(QStringLiteral(S3C_SOURCE_DIR "/tests/unit/http/data/test-cert.pem"));
    QFile keyFile(QStringLiteral(S3C_SOURCE_DIR "/tests/unit/http/data/test-key.pem"));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(certFile.readAll()));
    config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
    HttpServer server;
    server.setTlsConfiguration(config);
    const qint64 size = 2 * 1024 * 1024;
    connect(&server, &HttpServer::requestReady, this, [&](HttpExchange *exchange) {
        if (exchange->request().method == "PUT")
            return echoHandler(exchange);
        HttpResponse response(200);
        response.body = patternBytes(0, size);
        exchange->respond(response);
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QUrl origin(QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort()));

    HttpClientPool pool(2);
    HttpClientRequest get = request(origin, "GET", "/b/k");
    get.sslSkipVerify = true; // the backend's "sslSkipVerify": true
    for (int i = 0; i < 2; ++i) {
        HttpClientReply *reply = pool.send(get);
        reply->setReadBufferSize(256 * 1024);
        const QByteArray body = drain(reply, 30000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(qint64(body.size()), size);
        QVERIFY(matchesPattern(body, 0));
    }
    QCOMPARE(pool.connectionCount(), 1); // kept alive over TLS too

    const qint64 upload = 1024 * 1024 + 3;
    auto *device = new PatternDevice(upload);
    HttpClientRequest put = request(origin, "PUT", "/b/up");
    put.sslSkipVerify = true;
    HttpClientReply *sent = pool.send(put, {}, device, upload);
    device->setParent(sent);
    const QByteArray echoed = drain(sent, 30000); // echoHandler answers with the body it got
    QCOMPARE(sent->error(), QNetworkReply::NoError);
    QCOMPARE(sent->statusCode(), 200);
    QCOMPARE(qint64(echoed.size()), upload);
    QVERIFY(matchesPattern(echoed, 0));

    // Verification stays on unless asked: a self-signed certificate is a handshake failure.
    HttpClientPool strict(1);
    HttpClientReply *refused = strict.send(request(origin, "GET", "/b/k"));
    drain(refused);
    QCOMPARE(refused->error(), QNetworkReply::SslHandshakeFailedError);
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "test_http_client.moc"
