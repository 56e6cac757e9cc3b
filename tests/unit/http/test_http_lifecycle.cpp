// HttpServer connection lifecycle over real loopback sockets: connection cap, header, idle and
// body-stall timeouts (small limits), graceful stopAccepting()/drained(), abortAll().
#include "HttpTestSupport.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace s3c;
using namespace s3c::test;

class TestHttpLifecycle : public QObject
{
    Q_OBJECT
private slots:
    void connectionCap()
    {
        HttpLimits limits;
        limits.maxConnections = 2;
        ServerFixture f(limits);
        RawClient a(f.port()), b(f.port());
        QVERIFY(a.waitConnected());
        QVERIFY(b.waitConnected());
        QTRY_COMPARE(f.server->connectionCount(), 2);
        RawClient over(f.port());
        over.send("GET /x HTTP/1.1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(over.readResponse(r));
        QCOMPARE(r.status, 503);
        QVERIFY(r.body.contains("<Code>SlowDown</Code>"));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/xml"));
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(over.waitClosed());
        QVERIFY(f.requests.isEmpty()); // the application never saw it
        // Room again once one leaves.
        a.socket()->disconnectFromHost();
        QTRY_COMPARE(f.server->connectionCount(), 1);
        RawClient again(f.port());
        again.send("GET /ok HTTP/1.1\r\n\r\n");
        QVERIFY(again.readResponse(r));
        QCOMPARE(r.status, 200);
    }

    void headerTimeout()
    {
        HttpLimits limits;
        limits.headerTimeoutMs = 300;
        ServerFixture f(limits);
        RawClient c(f.port());
        c.send("GET /slow HTTP/1.1\r\nHost: h\r\n"); // never finishes its head
        ParsedResponse r;
        QVERIFY(c.readResponse(r, false, 5000));
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("<Code>RequestTimeout</Code>"));
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(c.waitClosed());
        QVERIFY(f.requests.isEmpty());
    }

    void trickledHeadStillTimesOut()
    {
        // The head deadline runs from the first byte; a byte now and then does not extend it.
        HttpLimits limits;
        limits.headerTimeoutMs = 300;
        ServerFixture f(limits);
        RawClient c(f.port());
        QVERIFY(c.waitConnected());
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, this, [&] { c.send("X-Slow: a\r\n"); });
        c.send("GET /slow HTTP/1.1\r\n");
        trickle.start(50);
        ParsedResponse r;
        QVERIFY(c.readResponse(r, false, 5000));
        trickle.stop();
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("<Code>RequestTimeout</Code>"));
        QVERIFY(c.waitClosed());
    }

    void silentConnectionClosed()
    {
        HttpLimits limits;
        limits.headerTimeoutMs = 300;
        ServerFixture f(limits);
        RawClient c(f.port());
        QVERIFY(c.waitConnected());
        QVERIFY(c.waitClosed(5000));
        QVERIFY(c.received().isEmpty()); // no request, so nothing to answer
    }

    void idleKeepAliveClosedSilently()
    {
        HttpLimits limits;
        limits.idleTimeoutMs = 300;
        ServerFixture f(limits);
        RawClient c(f.port());
        c.send("GET /once HTTP/1.1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
        QVERIFY(c.waitClosed(5000));
        QVERIFY(c.received().isEmpty());
        QTRY_COMPARE(f.server->connectionCount(), 0);
    }

    void bodyStall()
    {
        HttpLimits limits;
        limits.bodyStallTimeoutMs = 300;
        ServerFixture f(limits);
        QPointer<HttpExchange> held;
        int failed = 0;
        f.handler = [&](HttpExchange *ex) {
            held = ex;
            connect(ex->requestBody(), &BodyStream::failed, this, [&] { ++failed; });
        };
        RawClient c(f.port());
        c.send("PUT /k HTTP/1.1\r\nContent-Length: 100\r\n\r\n0123456789");
        ParsedResponse r;
        QVERIFY(c.readResponse(r, false, 5000));
        QCOMPARE(failed, 1);
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("<Code>RequestTimeout</Code>"));
        QVERIFY(c.waitClosed());
    }

    void readerPauseIsNotAStall()
    {
        // A full buffer is our reader's doing, not the client's: no stall timeout then.
        HttpLimits limits;
        limits.bodyStallTimeoutMs = 200;
        limits.bodyBufferBytes = 1024;
        ServerFixture f(limits);
        QPointer<HttpExchange> held;
        f.handler = [&](HttpExchange *ex) { held = ex; };
        RawClient c(f.port());
        c.send("PUT /k HTTP/1.1\r\nContent-Length: 4096\r\n\r\n" + patternBytes(0, 4096));
        QTRY_VERIFY(held);
        QTRY_COMPARE(held->requestBody()->bytesAvailable(), 1024);
        QSignalSpy nothing(c.socket(), &QIODevice::readyRead);
        QVERIFY(!nothing.wait(600)); // three stall periods pass without an answer
        echoHandler(held);
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.size(), 4096);
        QVERIFY(matchesPattern(r.body, 0));
    }

    void waitingForContinueIsNotAStall()
    {
        // The client rightly holds its body back until we send 100 Continue.
        HttpLimits limits;
        limits.bodyStallTimeoutMs = 200;
        ServerFixture f(limits);
        QPointer<HttpExchange> held;
        f.handler = [&](HttpExchange *ex) { held = ex; };
        RawClient c(f.port());
        c.send("PUT /k HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        QTRY_VERIFY(held);
        QSignalSpy nothing(c.socket(), &QIODevice::readyRead);
        QVERIFY(!nothing.wait(600));
        held->sendContinue();
        echoHandler(held);
        ParsedResponse r;
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 100);
        c.send("body");
        QVERIFY(c.readResponse(r));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("body"));
    }

    void gracefulStop()
    {
        ServerFixture f;
        QPointer<HttpExchange> held;
        f.handler = [&](HttpExchange *ex) {
            if (ex->request().rawTarget == "/hold")
                held = ex;
            else
                echoHandler(ex);
        };
        RawClient idle(f.port());
        idle.send("GET /first HTTP/1.1\r\n\r\n");
        ParsedResponse r;
        QVERIFY(idle.readResponse(r));
        RawClient busy(f.port());
        busy.send("GET /hold HTTP/1.1\r\n\r\n");
        QTRY_VERIFY(held);
        QCOMPARE(f.server->connectionCount(), 2);

        QSignalSpy drained(f.server.get(), &HttpServer::drained);
        const quint16 port = f.port();
        f.server->stopAccepting();
        QVERIFY(idle.waitClosed(5000)); // idle keep-alive: closed at once
        RawClient late(port);
        QVERIFY(late.waitClosed(5000)); // the listener is gone
        QVERIFY(!busy.isClosed());
        QCOMPARE(drained.size(), 0);

        HttpResponse answer(200);
        answer.body = "done";
        held->respond(answer);
        QVERIFY(busy.readResponse(r));
        QCOMPARE(r.body, QByteArray("done"));
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(busy.waitClosed());
        QTRY_COMPARE(drained.size(), 1);
        QCOMPARE(f.server->connectionCount(), 0);
    }

    void stopWithNoConnectionsDrains()
    {
        ServerFixture f;
        QSignalSpy drained(f.server.get(), &HttpServer::drained);
        f.server->stopAccepting();
        QCOMPARE(drained.size(), 0); // never from inside the caller's frame
        QTRY_COMPARE(drained.size(), 1);
    }

    void abortAll()
    {
        ServerFixture f;
        QPointer<HttpExchange> held;
        int gone = 0;
        f.handler = [&](HttpExchange *ex) {
            held = ex;
            connect(ex, &HttpExchange::clientGone, this, [&] { ++gone; });
        };
        RawClient c(f.port());
        c.send("GET /hold HTTP/1.1\r\n\r\n");
        QTRY_VERIFY(held);
        f.server->abortAll();
        QCOMPARE(gone, 1);
        QVERIFY(c.waitClosed());
        QTRY_VERIFY(!held);
        QTRY_COMPARE(f.server->connectionCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpLifecycle)
#include "test_http_lifecycle.moc"
