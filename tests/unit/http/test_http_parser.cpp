#include "http/HttpParser.h"

#include <QTest>

using namespace s3c;

namespace {

// Feeds data in the given pieces, re-feeding after each pause, and records what came out.
struct Run
{
    QList<HttpRequest> requests;
    QList<QByteArray> bodies;
    bool error = false;
    S3Error errorCode = S3Error::None;
    int messagesComplete = 0;
};

Run feedPieces(const QList<QByteArray> &pieces, const HttpLimits &limits = {})
{
    HttpParser parser(limits);
    Run run;
    parser.setBodySink([&](const char *data, qsizetype size) {
        if (!run.bodies.isEmpty())
            run.bodies.last().append(data, size);
    });
    for (const QByteArray &piece : pieces) {
        qsizetype pos = 0;
        while (pos < piece.size() && !run.error) {
            pos += parser.feed(piece.constData() + pos, piece.size() - pos);
            switch (parser.event()) {
            case HttpParser::Event::HeadComplete:
                run.requests.append(parser.takeRequest());
                run.bodies.append(QByteArray());
                break;
            case HttpParser::Event::MessageComplete:
                ++run.messagesComplete;
                break;
            case HttpParser::Event::Error:
                run.error = true;
                run.errorCode = parser.error();
                break;
            case HttpParser::Event::NeedMore:
                break;
            }
        }
    }
    return run;
}

Run feedWhole(const QByteArray &data, const HttpLimits &limits = {})
{
    return feedPieces({data}, limits);
}

const QByteArray kRequest = QByteArrayLiteral("PUT /bucket/a%20b?x=1 HTTP/1.1\r\n"
                                              "Host: example.com\r\n"
                                              "X-Amz-Meta-Split:  spaced value \r\n"
                                              "Content-Length: 5\r\n"
                                              "\r\n"
                                              "hello");

void checkRequest(const Run &run)
{
    QVERIFY(!run.error);
    QCOMPARE(run.requests.size(), 1);
    const HttpRequest &r = run.requests.first();
    QCOMPARE(r.method, QByteArray("PUT"));
    QCOMPARE(r.rawTarget, QByteArray("/bucket/a%20b?x=1"));
    QCOMPARE(r.headers.size(), 3);
    QCOMPARE(r.headers.at(1).name, QByteArray("X-Amz-Meta-Split"));
    QCOMPARE(r.headers.at(1).value, QByteArray("spaced value"));
    QCOMPARE(r.contentLength, 5);
    QCOMPARE(run.bodies.first(), QByteArray("hello"));
    QCOMPARE(run.messagesComplete, 1);
}

} // namespace

class TestHttpParser : public QObject
{
    Q_OBJECT
private slots:
    void splitAtEveryByte()
    {
        for (qsizetype i = 1; i < kRequest.size(); ++i) {
            const Run run = feedPieces({kRequest.left(i), kRequest.mid(i)});
            checkRequest(run);
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("split at byte %1").arg(i)));
        }
    }

    void oneByteAtATime()
    {
        QList<QByteArray> pieces;
        for (char c : kRequest)
            pieces.append(QByteArray(1, c));
        checkRequest(feedPieces(pieces));
    }

    void rawTargetsKept_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("double slashes") << QByteArray("//a//b");
        QTest::newRow("escapes kept") << QByteArray("/b/%7E%2F+x%2fy?list-type=2&prefix=%7E+a");
        QTest::newRow("dot segments") << QByteArray("/b/./../k");
        QTest::newRow("utf8 raw") << QByteArray("/b/\xc3\xa9t\xc3\xa9");
    }
    void rawTargetsKept()
    {
        QFETCH(QByteArray, target);
        const Run run = feedWhole("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
        QVERIFY(!run.error);
        QCOMPARE(run.requests.first().rawTarget, target);
    }

    void headerOrderAndRepeats()
    {
        const Run run = feedWhole("GET / HTTP/1.1\r\nB: 1\r\nA: 2\r\nb: 3\r\n\r\n");
        const HttpRequest &r = run.requests.first();
        QCOMPARE(r.headers.size(), 3);
        QCOMPARE(r.headers.at(0).name, QByteArray("B"));
        QCOMPARE(r.headers.at(2).name, QByteArray("b"));
        QCOMPARE(r.header("b"), QByteArray("1,3"));
    }

    void connectionSemantics_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("keepAlive");
        QTest::addColumn<int>("minor");
        QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\n\r\n") << true << 1;
        QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") << false << 1;
        QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false << 0;
        QTest::newRow("1.0 keep-alive")
            << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true << 0;
    }
    void connectionSemantics()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, keepAlive);
        QFETCH(int, minor);
        const Run run = feedWhole(head);
        QVERIFY(!run.error);
        QCOMPARE(run.requests.first().keepAlive, keepAlive);
        QCOMPARE(run.requests.first().versionMinor, minor);
    }

    void expectContinue()
    {
        Run run = feedWhole("PUT /k HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n");
        QVERIFY(run.requests.first().expectContinue);
        run = feedWhole("PUT /k HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        QVERIFY(!run.requests.first().expectContinue); // RFC 9110 10.1.1: not for HTTP/1.0
    }

    void chunkedBodyDecoded()
    {
        const QByteArray data = "PUT /k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: t\r\n\r\n";
        for (qsizetype i = 1; i < data.size(); ++i) {
            const Run run = feedPieces({data.left(i), data.mid(i)});
            QVERIFY2(!run.error, qPrintable(QString::number(i)));
            QVERIFY(run.requests.first().chunked);
            QCOMPARE(run.requests.first().contentLength, -1);
            QCOMPARE(run.bodies.first(), QByteArray("hello world!"));
            QCOMPARE(run.requests.first().headers.size(), 1); // the trailer is not a header
            QCOMPARE(run.messagesComplete, 1);
        }
    }

    void pipelinedMessages()
    {
        const Run run = feedWhole(
            "GET /1 HTTP/1.1\r\n\r\nPUT /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nabGET /3 HTTP/1.1\r\n\r\n");
        QVERIFY(!run.error);
        QCOMPARE(run.requests.size(), 3);
        QCOMPARE(run.requests.at(2).rawTarget, QByteArray("/3"));
        QCOMPARE(run.bodies.at(1), QByteArray("ab"));
        QCOMPARE(run.messagesComplete, 3);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("error");
        HttpLimits l;
        QTest::newRow("garbage line") << QByteArray("HELLO\r\n\r\n") << int(S3Error::BadRequest);
        QTest::newRow("bad protocol") << QByteArray("GET / FOO/1.1\r\n\r\n") << int(S3Error::BadRequest);
        QTest::newRow("http/0.9 line")
            << QByteArray("GET /\r\n\r\n") << int(S3Error::HttpVersionNotSupported);
        QTest::newRow("space in target")
            << QByteArray("GET /a b HTTP/1.1\r\n\r\n") << int(S3Error::BadRequest);
        QTest::newRow("http/2") << QByteArray("GET / HTTP/2.0\r\n\r\n")
                                << int(S3Error::HttpVersionNotSupported);
        QTest::newRow("line too long")
            << "GET /" + QByteArray(l.maxRequestLineBytes, 'a') + " HTTP/1.1\r\n\r\n"
            << int(S3Error::RequestUriTooLong);
        QTest::newRow("header too big")
            << "GET / HTTP/1.1\r\nX: " + QByteArray(l.maxHeaderBytes, 'v') + "\r\n\r\n"
            << int(S3Error::RequestHeaderSectionTooLarge);
        QByteArray many = "GET / HTTP/1.1\r\n";
        for (int i = 0; i <= l.maxHeaderCount; ++i)
            many += "H" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("too many fields") << many + "\r\n" << int(S3Error::RequestHeaderSectionTooLarge);
        QTest::newRow("bad chunk size")
            << QByteArray("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
            << int(S3Error::BadRequest);
        QTest::newRow("length and chunked")
            << QByteArray("PUT / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
            << int(S3Error::BadRequest);
        QTest::newRow("two lengths")
            << QByteArray("PUT / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n")
            << int(S3Error::BadRequest);
        QTest::newRow("too large") << QByteArray("PUT / HTTP/1.1\r\nContent-Length: 5368709121\r\n\r\n")
                                   << int(S3Error::EntityTooLarge);
        QTest::newRow("connect") << QByteArray("CONNECT h:443 HTTP/1.1\r\n\r\n")
                                 << int(S3Error::MethodNotAllowed);
        // RFC 9112 leniencies libhttp-parser allows and a front proxy may read otherwise.
        QTest::newRow("blank before colon")
            << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << int(S3Error::BadRequest);
        QTest::newRow("te blank before colon")
            << QByteArray("PUT / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n")
            << int(S3Error::BadRequest);
        QTest::newRow("obs-fold")
            << QByteArray("GET / HTTP/1.1\r\nX-Amz-Meta-A: one\r\n two\r\n\r\n") << int(S3Error::BadRequest);
        QTest::newRow("obs-fold tab")
            << QByteArray("GET / HTTP/1.1\r\nX-A: one\r\n\ttwo\r\n\r\n") << int(S3Error::BadRequest);
        QTest::newRow("bare lf in field")
            << QByteArray("GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n") << int(S3Error::BadRequest);
        QTest::newRow("bare lf head") << QByteArray("GET / HTTP/1.1\nHost: h\n\n") << int(S3Error::BadRequest);
        QTest::newRow("bare cr") << QByteArray("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n") << int(S3Error::BadRequest);
        QTest::newRow("nul in value")
            << QByteArray("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26) << int(S3Error::BadRequest);
        QTest::newRow("same length twice")
            << QByteArray("PUT / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc")
            << int(S3Error::BadRequest);
        QTest::newRow("te gzip only")
            << QByteArray("PUT / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << int(S3Error::BadRequest);
        QTest::newRow("te chunked then gzip")
            << QByteArray("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")
            << int(S3Error::BadRequest);
        QTest::newRow("te chunked twice")
            << QByteArray("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
            << int(S3Error::BadRequest);
        QTest::newRow("te gzip, chunked")
            << QByteArray("PUT / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
            << int(S3Error::NotImplemented);
        QTest::newRow("te in http/1.0")
            << QByteArray("PUT / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            << int(S3Error::BadRequest);
    }
    void errors()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, error);
        // Whole and byte by byte: limits must hold however the bytes arrive.
        for (bool split : {false, true}) {
            QList<QByteArray> pieces;
            if (split) {
                for (char c : data)
                    pieces.append(QByteArray(1, c));
            } else {
                pieces.append(data);
            }
            const Run run = feedPieces(pieces);
            QVERIFY(run.error);
            QCOMPARE(int(run.errorCode), error);
        }
    }

    void leadingEmptyLineAndPipelinedHeadsStillParse()
    {
        // RFC 9112 section 2.2: an empty line before a request line is ignored; the head checks
        // restart for each pipelined request.
        const QByteArray two = "\r\nGET /a HTTP/1.1\r\nHost: h\r\n\r\nPUT /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nxy"
                               "GET /c HTTP/1.1\r\nHost: h\r\n\r\n";
        for (bool split : {false, true}) {
            QList<QByteArray> pieces;
            if (split) {
                for (char c : two)
                    pieces.append(QByteArray(1, c));
            } else {
                pieces.append(two);
            }
            const Run run = feedPieces(pieces);
            QVERIFY(!run.error);
            QCOMPARE(run.requests.size(), 3);
            QCOMPARE(run.bodies.at(1), QByteArray("xy"));
            QCOMPARE(run.messagesComplete, 3);
        }
    }

    void singlePutLimit()
    {
        HttpLimits small;
        small.maxSinglePutBytes = 10;
        QCOMPARE(feedWhole("PUT / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", small).errorCode,
                 S3Error::EntityTooLarge);
        QVERIFY(!feedWhole("PUT / HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789", small).error);
        // Chunked: counted as it arrives.
        const Run chunked = feedWhole(
            "PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n",
            small);
        QCOMPARE(chunked.errorCode, S3Error::EntityTooLarge);
        QCOMPARE(chunked.bodies.first(), QByteArray("abcdef"));
        // aws-chunked: the object size is the decoded length, not Content-Length.
        QVERIFY(!feedWhole("PUT / HTTP/1.1\r\nContent-Length: 40\r\nx-amz-decoded-content-length: 10\r\n\r\n",
                           small)
                     .error);
        QCOMPARE(feedWhole("PUT / HTTP/1.1\r\nContent-Length: 40\r\nx-amz-decoded-content-length: 11\r\n\r\n",
                           small)
                     .errorCode,
                 S3Error::EntityTooLarge);
    }

    void limitsAreConfigurable()
    {
        HttpLimits small;
        small.maxRequestLineBytes = 64;
        small.maxHeaderCount = 2;
        QCOMPARE(feedWhole("GET /" + QByteArray(100, 'a') + " HTTP/1.1\r\n\r\n", small).errorCode,
                 S3Error::RequestUriTooLong);
        QCOMPARE(feedWhole("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", small).errorCode,
                 S3Error::RequestHeaderSectionTooLarge);
        QVERIFY(!feedWhole("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", small).error);
    }
};

QTEST_GUILESS_MAIN(TestHttpParser)
#include "test_http_parser.moc"
