// HttpServer protocol behaviour over real loopback sockets: heads, targets, limits, keep-alive,
// pipelining, HTTP/1.0, HEAD/204/304, chunked bodies, 100-continue.
#include "HttpTestSupport.h"

#include "http/HttpServer.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace s3c;
using namespace s3c::test;

namespace {

void checkErrorXml(const ParsedResponse &r, int status, const QByteArray &code)
{
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/xml"));
    QVERIFY2(r.body.contains(QByteArray("<Code>" + code + "</Code>")), r.body.constData());
    const QByteArray id = r.header("x-amz-request-id");
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9A-F]{16}$")).match(QString::fromLatin1(id)).hasMatch());
    QVERIFY(r.body.contains(QByteArray("<RequestId>" + id + "</RequestId>")));
}

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT
private slots:
    void responseHeaders()
    {
        ServerFixture f;
        f.server->setServerHeader("s3cascade/test");
        RawClient c(f.port());
        c.send("GET /b/k HTTP/1.1\r\nHost: h\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Server"), QByteArray("s3cascade/test"));
        QVERIFY(QRegularExpression(
                    QStringLiteral("^[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$"))
                    .match(QString::fromLatin1(r.header("Date")))
                    .hasMatch());
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9A-F]{16}$"))
                    .match(QString::fromLatin1(r.header("x-amz-request-id")))
                    .hasMatch());
        QCOMPARE(r.header("x-amz-request-id"), f.requestIds.first());
        QVERIFY(!r.header("x-amz-id-2").isEmpty());
        QCOMPARE(r.header("Content-Length"), QByteArray("0"));
        QVERIFY(!r.hasHeader("Connection"));
        QCOMPARE(f.requests.first().peerAddress, QHostAddress(QHostAddress::LocalHost));
    }

    void headSplitAtEveryByte()
    {
        // Byte by byte with the event loop running in between, so the server reads the head in
        // many pieces, including between CR and LF.
        ServerFixture f;
        RawClient c(f.port());
        QVERIFY(c.waitConnected());
        const QByteArray head = "GET /split%7E HTTP/1.1\r\nHost: example\r\nX-Long-Name: a value\r\n\r\n";
        for (char ch : head) {
            c.send(QByteArray(1, ch));
            QVERIFY(QTest::qWaitFor([&] { return c.socket()->bytesToWrite() == 0; }, 5000));
            QCoreApplication::processEvents();
        }
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-echo-target"), QByteArray("/split%7E"));
        QCOMPARE(r.header("x-echo-host"), QByteArray("example"));
        QCOMPARE(f.requests.first().header("X-Long-Name"), QByteArray("a value"));
    }

    void rawTargetsKept_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("double slashes") << QByteArray("//a//b");
        QTest::newRow("escapes") << QByteArray("/b/%7E%2F+%2f?prefix=%7E+x&a=%2F");
    }
    void rawTargetsKept()
    {
        QFETCH(QByteArray, target);
        ServerFixture f;
        RawClient c(f.port());
        c.send("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.header("x-echo-target"), target);
        QCOMPARE(f.requests.first().rawTarget, target);
    }

    void limitsAnswered_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        const HttpLimits l;
        QTest::newRow("request line too long")
            << "GET /" + QByteArray(l.maxRequestLineBytes + 10, 'a') + " HTTP/1.1\r\n\r\n"
            << 414 << QByteArray("RequestURITooLong");
        QTest::newRow("header section too big")
            << "GET / HTTP/1.1\r\nX-Big: " + QByteArray(l.maxHeaderBytes + 10, 'v') + "\r\n\r\n"
            << 400 << QByteArray("RequestHeaderSectionTooLarge");
        QByteArray many = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < l.maxHeaderCount + 5; ++i)
            many += "X-H" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("too many fields") << many + "\r\n"
                                         << 400 << QByteArray("RequestHeaderSectionTooLarge");
        QTest::newRow("malformed request line")
            << QByteArray("THIS IS NOT HTTP\r\n\r\n") << 400 << QByteArray("BadRequest");
        QTest::newRow("bad chunked framing")
            << QByteArray("PUT /k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n") << 400
            << QByteArray("BadRequest");
        QTest::newRow("http/2 line") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505
                                     << QByteArray("HttpVersionNotSupported");
    }
    void limitsAnswered()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        ServerFixture f;
        RawClient c(f.port());
        c.send(request);
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        checkErrorXml(r, status, code);
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(c.waitClosed());
    }

    void pipelinedInOrder()
    {
        ServerFixture f;
        // Answer the first request last: order must still follow the requests.
        QList<QPointer<HttpExchange>> held;
        f.handler = [&](HttpExchange *ex) {
            if (ex->request().rawTarget == "/1")
                held.append(ex);
            else
                echoHandler(ex);
        };
        RawClient c(f.port());
        c.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
               "PUT /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
               "POST /3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        QTRY_COMPARE(held.size(), 1);
        // Only one request at a time: /2 is not handed out before /1 is answered.
        QCOMPARE(f.exchanges.size(), 1);
        HttpResponse first(200);
        first.body = "first";
        held.first()->respond(first);
        ParsedResponse r1, r2, r3;
        QVERIFY(c.readResponse(r1));
        QVERIFY(c.readResponse(r2));
        QVERIFY(c.readResponse(r3));
        QCOMPARE(r1.body, QByteArray("first"));
        QCOMPARE(r2.header("x-echo-target"), QByteArray("/2"));
        QCOMPARE(r2.body, QByteArray("hello"));
        QCOMPARE(r3.header("x-echo-target"), QByteArray("/3"));
        QCOMPARE(r3.body, QByteArray("abc"));
        QVERIFY(!c.isClosed());
    }

    void keepAliveReuse()
    {
        ServerFixture f;
        RawClient c(f.port());
        for (int i = 0; i < 3; ++i) {
            c.send("GET /" + QByteArray::number(i) + " HTTP/1.1\r\nHost: h\r\n\r\n");
            ParsedResponse r;
            QVERIFY(c.readResponse(r));
            QCOMPARE(r.header("x-echo-target"), "/" + QByteArray::number(i));
        }
        QCOMPARE(f.server->connectionCount(), 1);
        QVERIFY(!c.isClosed());
    }

    void http10Closes()
    {
        ServerFixture f;
        RawClient c(f.port());
        c.send("GET /old HTTP/1.0\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(c.waitClosed());
    }

    void http10KeepAlive()
    {
        ServerFixture f;
        f.handler = [](HttpExchange *ex) {
            // Unknown length to an HTTP/1.0 client: no chunked coding, the close ends the body.
            ex->respond(HttpResponse(200), new PatternDevice(1000));
        };
        RawClient c(f.port());
        c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QVERIFY(!r.chunked);
        QCOMPARE(r.body.size(), 1000);
        QVERIFY(matchesPattern(r.body, 0));
        QVERIFY(c.isClosed());

        f.handler = echoHandler;
        RawClient c2(f.port());
        c2.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        QVERIFY(c2.readResponse(r));
        QCOMPARE(r.header("Connection"), QByteArray("keep-alive"));
        c2.send("GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        QVERIFY(c2.readResponse(r));
        QCOMPARE(r.header("x-echo-target"), QByteArray("/c"));
    }

    void connectionClose()
    {
        ServerFixture f;
        RawClient c(f.port());
        c.send("GET /x HTTP/1.1\r\nConnection: close\r\n\r\nGET /ignored HTTP/1.1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(c.waitClosed());
        QCOMPARE(f.exchanges.size(), 1);
        QVERIFY(c.received().isEmpty());
    }

    void headHasNoBodyButLength()
    {
        ServerFixture f;
        f.handler = [](HttpExchange *ex) {
            HttpResponse r(200);
            r.setHeader("Content-Length", "12345");
            r.body = "must not be sent";
            ex->respond(r);
        };
        RawClient c(f.port());
        c.send("HEAD /k HTTP/1.1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r, true));
        QCOMPARE(r.header("Content-Length"), QByteArray("12345"));
        // A streamed HEAD answer announces the device's length and sends nothing.
        f.handler = [](HttpExchange *ex) {
            if (ex->request().rawTarget == "/after")
                return echoHandler(ex);
            HttpResponse r(200);
            r.contentLength = 777;
            ex->respond(r, new PatternDevice(777));
        };
        c.send("HEAD /k2 HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n\r\n");
        QVERIFY(c.readResponse(r, true));
        QCOMPARE(r.header("Content-Length"), QByteArray("777"));
        // If a body had been sent, this would not parse as the next response.
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.header("x-echo-target"), QByteArray("/after"));
    }

    void noBodyStatuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("204") << 204;
        QTest::newRow("304") << 304;
    }
    void noBodyStatuses()
    {
        QFETCH(int, status);
        ServerFixture f;
        f.handler = [status](HttpExchange *ex) {
            if (ex->request().rawTarget != "/x")
                return echoHandler(ex);
            HttpResponse r(status);
            r.body = "not allowed";
            ex->respond(r);
        };
        RawClient c(f.port());
        c.send("GET /x HTTP/1.1\r\n\r\nGET /next HTTP/1.1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, status);
        if (status == 204)
            QVERIFY(!r.hasHeader("Content-Length"));
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.header("x-echo-target"), QByteArray("/next"));
    }

    void chunkedRequestBody()
    {
        ServerFixture f;
        RawClient c(f.port());
        c.send("PUT /k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        c.send("4\r\nabcd\r\n");
        c.send("A;name=value\r\n0123456789\r\n0\r\nX-Checksum: 1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.body, QByteArray("abcd0123456789"));
        QVERIFY(f.requests.first().chunked);
    }

    void chunkedResponse()
    {
        ServerFixture f;
        f.handler = [](HttpExchange *ex) { ex->respond(HttpResponse(200), new PatternDevice(300000)); };
        RawClient c(f.port());
        c.send("GET /k HTTP/1.1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QVERIFY(r.chunked);
        QVERIFY(!r.hasHeader("Content-Length"));
        QCOMPARE(r.body.size(), 300000);
        QVERIFY(matchesPattern(r.body, 0));
        QVERIFY(!c.isClosed());
    }

    void continueOnlyAfterSendContinue()
    {
        ServerFixture f;
        QPointer<HttpExchange> held;
        f.handler = [&](HttpExchange *ex) { held = ex; };
        RawClient c(f.port());
        c.send("PUT /k HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        QTRY_VERIFY(held);
        QVERIFY(held->request().expectContinue);
        // Nothing may arrive until the application decides.
        QSignalSpy nothing(c.socket(), &QIODevice::readyRead);
        QVERIFY(!nothing.wait(300));
        QVERIFY(c.received().isEmpty());
        held->sendContinue();
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 100);
        echoHandler(held);
        c.send("hello");
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("hello"));
        QVERIFY(!c.isClosed());
    }

    void emptyBodyExpectGetsContinueBeforeFinal()
    {
        // An Expect: 100-continue request whose body is empty is answered at once, but the final
        // answer on a kept-alive connection must come behind a 100 Continue: botocore otherwise
        // reuses that final status line for the connection's next response (boto/boto3#4507).
        ServerFixture f;
        f.handler = [](HttpExchange *ex) {
            HttpResponse r(200);
            r.setHeader("ETag", "\"e\"");
            ex->respond(r);
        };
        RawClient c(f.port());
        c.send("PUT /k HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 100);
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("ETag"), QByteArray("\"e\""));
        QVERIFY(!c.isClosed());
        // A request without Expect gets no interim answer.
        c.send("PUT /k HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
    }

    void finalErrorWithoutContinue()
    {
        ServerFixture f;
        QPointer<BodyStream> body;
        f.handler = [&](HttpExchange *ex) {
            body = ex->requestBody();
            HttpResponse r(403);
            r.body = "<Error><Code>AccessDenied</Code></Error>";
            ex->respond(r);
        };
        RawClient c(f.port());
        c.send("PUT /k HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 403); // no 100 Continue before it
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(c.waitClosed());
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "test_http_server.moc"
