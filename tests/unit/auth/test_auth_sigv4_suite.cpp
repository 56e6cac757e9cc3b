// The aws-c-auth SigV4 known-answer suite (tests/data/sigv4, Apache-2.0), one row per case
// folder, checked stage by stage (style.md #4): canonical request, string to sign, signature and
// the signed request, for header signing and for query (presigned) signing.

#include "auth/Crypto.h"
#include "auth/SigV4.h"
#include "auth/SigV4Signer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

using namespace s3c;

namespace {

QString suiteDir()
{
    return QStringLiteral(S3C_TEST_DATA_DIR "/sigv4");
}

QByteArray readCaseFile(const QString &caseName, const QString &file)
{
    QFile f(suiteDir() + u'/' + caseName + u'/' + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

struct SuiteRequest
{
    QByteArray method;
    QByteArray target;
    QList<HttpHeader> headers;
    QByteArray body;
};

// request.txt is an HTTP/1.1 message with LF line ends. Folded header lines (obs-fold, RFC 9112
// 5.2) are joined with one space, as an HTTP parser hands them on.
SuiteRequest parseRequest(const QByteArray &text)
{
    SuiteRequest r;
    const qsizetype headEnd = text.indexOf("\n\n");
    const QByteArray head = headEnd < 0 ? text : text.first(headEnd);
    r.body = headEnd < 0 ? QByteArray() : text.sliced(headEnd + 2);
    const QList<QByteArray> lines = head.split('\n');
    const QByteArray &requestLine = lines.first();
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    r.method = requestLine.first(firstSpace);
    r.target = requestLine.mid(firstSpace + 1, lastSpace - firstSpace - 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if (line.isEmpty())
            continue;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !r.headers.isEmpty()) {
            r.headers.last().value += ' ' + line.trimmed();
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        r.headers.append({line.first(colon), line.sliced(colon + 1).trimmed()});
    }
    return r;
}

struct SuiteContext
{
    Credentials credentials;
    QByteArray token;
    QByteArray region;
    QByteArray service;
    QDateTime time;
    qint64 expires = 0;
    bool normalize = true;
    bool signBody = false;
    bool omitToken = false;
};

SuiteContext parseContext(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    const QJsonObject creds = o.value(u"credentials").toObject();
    SuiteContext c;
    c.credentials = {creds.value(u"access_key_id").toString(), creds.value(u"secret_access_key").toString()};
    c.token = creds.value(u"token").toString().toUtf8();
    c.region = o.value(u"region").toString().toUtf8();
    c.service = o.value(u"service").toString().toUtf8();
    c.time = QDateTime::fromString(o.value(u"timestamp").toString(), Qt::ISODate);
    c.expires = o.value(u"expiration_in_seconds").toInteger();
    c.normalize = o.value(u"normalize").toBool();
    c.signBody = o.value(u"sign_body").toBool();
    c.omitToken = o.value(u"omit_session_token").toBool();
    return c;
}

SigV4Signer makeSigner(const SuiteContext &c)
{
    SigV4Signer signer(c.credentials, c.region, c.service);
    signer.setPathMode(c.normalize ? sigv4::PathMode::Normalized : sigv4::PathMode::Encoded);
    signer.setAddContentSha256Header(c.signBody);
    if (!c.token.isEmpty())
        signer.setSessionToken(c.token, !c.omitToken);
    return signer;
}

QByteArray headerValue(const QByteArray &message, QByteArrayView name)
{
    for (const QByteArray &line : message.split('\n')) {
        if (line.startsWith(name) && line.size() > name.size() && line[name.size()] == ':')
            return line.sliced(name.size() + 1);
    }
    return {};
}

} // namespace

class TestSigV4Suite : public QObject
{
    Q_OBJECT

private slots:
    void suiteIsPresent();
    void headerSigning_data() { caseRows(); }
    void headerSigning();
    void querySigning_data() { caseRows(); }
    void querySigning();
    void hmacRfc4231_data();
    void hmacRfc4231();
    void sha256Digests();
    void rawCanonicalQueryMatchesParsed();
    void plusInQueryHasOneMeaning();

private:
    void caseRows();
};

void TestSigV4Suite::caseRows()
{
    QTest::addColumn<QString>("caseName");
    const QStringList cases = QDir(suiteDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : cases)
        QTest::newRow(name.toUtf8().constData()) << name;
}

void TestSigV4Suite::suiteIsPresent()
{
    // All 38 case folders of aws-signing-test-suite/v4 were copied; a missing folder would
    // silently shrink the data-driven tests below.
    const QStringList cases = QDir(suiteDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(cases.size(), 38);
    QVERIFY(QFile::exists(suiteDir() + u"/LICENSE"));
    QVERIFY(QFile::exists(suiteDir() + u"/NOTICE"));
}

void TestSigV4Suite::headerSigning()
{
    QFETCH(QString, caseName);
    const SuiteContext context = parseContext(readCaseFile(caseName, u"context.json"_qs));
    const SuiteRequest request = parseRequest(readCaseFile(caseName, u"request.txt"_qs));
    QVERIFY(context.time.isValid());

    const SigV4Signer signer = makeSigner(context);
    const SigV4Signer::Signed result = signer.sign(
        {request.method, request.target, request.headers, Crypto::sha256Hex(request.body)}, context.time);

    QCOMPARE(result.canonicalRequest, readCaseFile(caseName, u"header-canonical-request.txt"_qs));
    QCOMPARE(result.stringToSign, readCaseFile(caseName, u"header-string-to-sign.txt"_qs));
    QCOMPARE(result.signature, readCaseFile(caseName, u"header-signature.txt"_qs).trimmed());
    const QByteArray signedRequest = readCaseFile(caseName, u"header-signed-request.txt"_qs);
    QCOMPARE(result.authorization, headerValue(signedRequest, "Authorization"));
    if (!context.token.isEmpty()) {
        bool tokenAdded = false;
        for (const HttpHeader &h : result.headers)
            tokenAdded |=
                h.name.compare("x-amz-security-token", Qt::CaseInsensitive) == 0 && h.value == context.token;
        QVERIFY(tokenAdded);
    }
}

void TestSigV4Suite::querySigning()
{
    QFETCH(QString, caseName);
    const SuiteContext context = parseContext(readCaseFile(caseName, u"context.json"_qs));
    const SuiteRequest request = parseRequest(readCaseFile(caseName, u"request.txt"_qs));

    const SigV4Signer signer = makeSigner(context);
    const SigV4Signer::Signed result =
        signer.presign({request.method, request.target, request.headers, Crypto::sha256Hex(request.body)},
                       context.time, context.expires);

    QCOMPARE(result.canonicalRequest, readCaseFile(caseName, u"query-canonical-request.txt"_qs));
    QCOMPARE(result.stringToSign, readCaseFile(caseName, u"query-string-to-sign.txt"_qs));
    QCOMPARE(result.signature, readCaseFile(caseName, u"query-signature.txt"_qs).trimmed());
    // The whole presigned request line: parameter order and encoding as the reference signer.
    const QByteArray signedRequest = readCaseFile(caseName, u"query-signed-request.txt"_qs);
    const QByteArray requestLine = signedRequest.first(signedRequest.indexOf('\n'));
    QCOMPARE(requestLine, request.method + ' ' + result.rawTarget + " HTTP/1.1");
}

void TestSigV4Suite::hmacRfc4231_data()
{
    // RFC 4231 section 4: short key, short key with long data, and a key longer than a block.
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("mac");
    QTest::newRow("case 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                            << QByteArray("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    QTest::newRow("case 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                            << QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    QTest::newRow("case 6") << QByteArray(131, '\xaa')
                            << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
                            << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

void TestSigV4Suite::hmacRfc4231()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, mac);
    QCOMPARE(Crypto::toHex(Crypto::hmacSha256(key, data)), mac);
}

void TestSigV4Suite::sha256Digests()
{
    QCOMPARE(Crypto::sha256Hex(""), Crypto::emptySha256Hex());
    QCOMPARE(Crypto::sha256Hex("abc"),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const QByteArray million(1000000, 'a'); // FIPS 180-2 appendix B.3
    QCOMPARE(Crypto::sha256Hex(million),
             QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void TestSigV4Suite::rawCanonicalQueryMatchesParsed()
{
    // canonicalQuery(raw) takes canonical pieces as they stand; it must agree byte for byte with
    // the plain decode, encode and sort of canonicalQuery(parseQuery(raw)).
    QList<QByteArray> queries = {
        "",
        "&&",
        "a",
        "a=",
        "=v",
        "b=2&a=1&a=0",
        "Param-3=x&Param=y",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
        "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc",
        "k=%2f&k2=%2F&k3=%41&k4=%7E&k5=~&k6=%zz&k7=%4&k8=%",
        "sp=a+b&plus=%2B&space=%20&raw=a b",
        "utf8=%C3%A9%E2%82%AC&lower=%c3%a9&x=\xc3\xa9",
        "response-content-disposition=attachment%3B%20filename%3D%22a.txt%22&versionId=",
        "dup=2&dup=10&dup=1",
        "X-Amz-Signature=1&X-Amz-Signature=2&z=last",
    };
    QRandomGenerator random(7);
    const QByteArray alphabet = "aZ09-._~%+=&/ !*AF2c";
    for (int i = 0; i < 500; ++i) {
        QByteArray q;
        const int n = int(random.bounded(1, 40));
        for (int j = 0; j < n; ++j)
            q += alphabet.at(int(random.bounded(alphabet.size())));
        queries.append(q);
    }
    for (const QByteArray &q : std::as_const(queries)) {
        for (const QByteArrayView exclude : {QByteArrayView(), QByteArrayView("X-Amz-Signature")}) {
            const QByteArray expected = sigv4::canonicalQuery(sigv4::parseQuery(q), exclude);
            QCOMPARE(sigv4::canonicalQuery(q, exclude), expected);
        }
    }
}

void TestSigV4Suite::plusInQueryHasOneMeaning()
{
    // One decoding of the query for signature and handler (SigV4.h): a raw '+' is a space, %2B
    // a '+'. The two canonical forms differ, so swapping one for the other breaks the signature.
    const QList<sigv4::QueryParameter> q = sigv4::parseQuery("a=b+c&d=%2B&e=%20");
    QCOMPARE(q.size(), 3);
    QCOMPARE(q.at(0).value, QByteArray("b c"));
    QCOMPARE(q.at(1).value, QByteArray("+"));
    QCOMPARE(q.at(2).value, QByteArray(" "));
    QCOMPARE(sigv4::canonicalQuery(QByteArrayView("p=a+b")), QByteArray("p=a%20b"));
    QCOMPARE(sigv4::canonicalQuery(QByteArrayView("p=a%20b")), QByteArray("p=a%20b"));
    QCOMPARE(sigv4::canonicalQuery(QByteArrayView("p=a%2Bb")), QByteArray("p=a%2Bb"));
    QCOMPARE(sigv4::canonicalQuery(sigv4::parseQuery("p=a+b")), QByteArray("p=a%20b"));
}

QTEST_GUILESS_MAIN(TestSigV4Suite)
#include "test_auth_sigv4_suite.moc"
