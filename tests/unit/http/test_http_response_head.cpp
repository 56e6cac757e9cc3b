// ResponseHead: the last line of defence against response splitting. Whatever the layers above
// let through, a header with CR, LF or NUL in its value (or a name that is not a token) never
// reaches the wire; the rest of the head stays intact.
#include "http/RequestIds.h"
#include "http/ResponseHead.h"

#include <QSet>
#include <QThread>

#include <QTest>

using namespace s3c;

class TestResponseHead : public QObject
{
    Q_OBJECT
private slots:
    void plainHeadersKept();
    void unsafeHeadersDropped_data();
    void unsafeHeadersDropped();
    void requestIdsAreUniqueHex();
};

namespace {

ResponseHead::Params lengthParams()
{
    ResponseHead::Params p;
    p.framing = BodyFraming::Length;
    p.length = 3;
    p.requestId = "REQ1";
    return p;
}

// Header lines of a built head, without the status line and the final empty line.
QList<QByteArray> lines(const QByteArray &head)
{
    QList<QByteArray> out = head.split('\n');
    out.removeFirst();
    while (!out.isEmpty() && (out.last().isEmpty() || out.last() == "\r"))
        out.removeLast();
    return out;
}

} // namespace

void TestResponseHead::plainHeadersKept()
{
    HttpResponse r(200);
    r.setHeader("Content-Disposition", "attachment; filename=\"a b.txt\"");
    r.setHeader("x-amz-meta-k", "v\tw");
    const QByteArray head = ResponseHead::build(r, lengthParams());
    QVERIFY(head.contains("\r\nContent-Disposition: attachment; filename=\"a b.txt\"\r\n"));
    QVERIFY(head.contains("\r\nx-amz-meta-k: v\tw\r\n"));
    QVERIFY(head.endsWith("\r\n\r\n"));
}

void TestResponseHead::unsafeHeadersDropped_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("CRLF in value") << QByteArray("Content-Disposition") << QByteArray("a\r\nSet-Cookie: x=1");
    QTest::newRow("LF in value") << QByteArray("x-amz-meta-a") << QByteArray("a\nSet-Cookie: x=1");
    QTest::newRow("CR in value") << QByteArray("Cache-Control") << QByteArray("a\rSet-Cookie: x=1");
    QTest::newRow("NUL in value") << QByteArray("Expires") << QByteArray("a\0b", 3);
    QTest::newRow("CRLF CRLF body split") << QByteArray("Content-Type") << QByteArray("t\r\n\r\n<html>");
    QTest::newRow("CRLF in name") << QByteArray("x-amz-meta-a\r\nSet-Cookie") << QByteArray("x=1");
    QTest::newRow("colon in name") << QByteArray("Set-Cookie: x=1\r\nx") << QByteArray("v");
    QTest::newRow("space in name") << QByteArray("x a") << QByteArray("v");
    QTest::newRow("empty name") << QByteArray() << QByteArray("v");
}

void TestResponseHead::unsafeHeadersDropped()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    HttpResponse r(200);
    r.setHeader("ETag", "\"abc\"");
    r.addHeader(name, value);
    r.setHeader("x-amz-meta-after", "kept");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Response header left out")));
    const QByteArray head = ResponseHead::build(r, lengthParams());
    QVERIFY(!head.contains("Set-Cookie"));
    QVERIFY(!head.contains('\0'));
    QVERIFY(!head.contains("<html>"));
    // Every line is a well-formed "name: value" line ending in CRLF: nothing was split.
    const QList<QByteArray> headerLines = lines(head);
    for (const QByteArray &line : headerLines) {
        QVERIFY2(line.endsWith('\r'), line.constData());
        QVERIFY2(line.indexOf(": ") > 0, line.constData());
        QVERIFY2(!line.chopped(1).contains('\r'), line.constData());
    }
    // The safe headers around it are all there, and the head ends once.
    QVERIFY(head.contains("\r\nETag: \"abc\"\r\n"));
    QVERIFY(head.contains("\r\nx-amz-meta-after: kept\r\n"));
    QVERIFY(head.contains("\r\nContent-Length: 3\r\n"));
    QCOMPARE(head.count("\r\n\r\n"), 1);
    QVERIFY(head.endsWith("\r\n\r\n"));
}

QTEST_GUILESS_MAIN(TestResponseHead)
void TestResponseHead::requestIdsAreUniqueHex()
{
    // Issue #12: a counter mixed once per request instead of a random number each; still one
    // id per request, in S3's shape (16 upper-case hex digits), never repeated.
    QSet<QByteArray> seen;
    for (int i = 0; i < 100000; ++i) {
        const QByteArray id = RequestIds::next();
        QCOMPARE(id.size(), 16);
        for (char c : id)
            QVERIFY((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
        seen.insert(id);
    }
    QCOMPARE(seen.size(), 100000);
    // Another thread starts elsewhere and has a host id of its own, stable within the thread.
    const QByteArray host = RequestIds::hostId();
    QCOMPARE(RequestIds::hostId(), host);
    QCOMPARE(QByteArray::fromBase64(host).size(), 24);
    QByteArray otherHost;
    QList<QByteArray> other;
    QThread *t = QThread::create([&] {
        otherHost = RequestIds::hostId();
        for (int i = 0; i < 1000; ++i)
            other.append(RequestIds::next());
    });
    t->start();
    QVERIFY(t->wait(10000));
    delete t;
    QVERIFY(otherHost != host);
    for (const QByteArray &id : other)
        QVERIFY(!seen.contains(id));
}

#include "test_http_response_head.moc"
