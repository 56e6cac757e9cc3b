// CORS configuration parsing (PutBucketCors body), rule matching ("How Amazon S3 evaluates the
// CORS configuration on a bucket") and the per-bucket cache.
#include "s3/CorsCache.h"
#include "s3/CorsEvaluator.h"
#include "s3/CorsXml.h"

#include <QTest>

using namespace s3c;

namespace {

const QByteArray kNs = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

QByteArray doc(const QByteArray &rules)
{
    return "<CORSConfiguration " + kNs + ">" + rules + "</CORSConfiguration>";
}

QByteArray rule(const QByteArray &body)
{
    return "<CORSRule>" + body + "</CORSRule>";
}

CorsConfiguration parsed(const QByteArray &xml)
{
    const Result<CorsConfiguration> config = CorsXml::parse(xml);
    if (!config)
        qWarning() << "unexpected failure:" << config.failure().text();
    return config.ok() ? config.value() : CorsConfiguration{};
}

QByteArray header(const QList<HttpHeader> &headers, QByteArrayView name)
{
    for (const HttpHeader &h : headers) {
        if (h.hasName(name))
            return h.value;
    }
    return {};
}

bool has(const QList<HttpHeader> &headers, QByteArrayView name)
{
    for (const HttpHeader &h : headers) {
        if (h.hasName(name))
            return true;
    }
    return false;
}

} // namespace

class TestCors : public QObject
{
    Q_OBJECT
private slots:
    void parseFullRule()
    {
        const CorsConfiguration c = parsed(doc(rule("<ID>web</ID><AllowedOrigin>https://*.example.com</AllowedOrigin>"
                                                    "<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>"
                                                    "<AllowedHeader>Content-Type</AllowedHeader>"
                                                    "<AllowedHeader>x-amz-*</AllowedHeader>"
                                                    "<ExposeHeader>ETag</ExposeHeader>"
                                                    "<MaxAgeSeconds> 3000 </MaxAgeSeconds>") +
                                               rule("<AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod>")));
        QCOMPARE(c.rules.size(), 2);
        const CorsRule &r = c.rules.first();
        QCOMPARE(r.id, QStringLiteral("web"));
        QCOMPARE(r.allowedOrigins, QList<QByteArray>{"https://*.example.com"});
        QCOMPARE(r.allowedMethods, (QList<QByteArray>{"GET", "PUT"}));
        QCOMPARE(r.allowedHeaders, (QList<QByteArray>{"content-type", "x-amz-*"})); // names compare without case
        QCOMPARE(r.exposeHeaders, QList<QByteArray>{"ETag"});
        QCOMPARE(r.maxAgeSeconds, 3000);
        QCOMPARE(c.rules.at(1).maxAgeSeconds, -1);
    }

    void renderRoundTrip()
    {
        const CorsConfiguration c = parsed(doc(rule("<ID>a &amp; b</ID><AllowedOrigin>http://a</AllowedOrigin>"
                                                    "<AllowedMethod>DELETE</AllowedMethod><MaxAgeSeconds>0</MaxAgeSeconds>")));
        const QByteArray stored = CorsXml::render(c);
        QVERIFY(stored.contains("<ID>a &amp; b</ID>"));
        QVERIFY(stored.contains("http://s3.amazonaws.com/doc/2006-03-01/"));
        const CorsConfiguration again = parsed(stored);
        QCOMPARE(CorsXml::render(again), stored);
        QCOMPARE(again.rules.first().maxAgeSeconds, 0);
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<int>("error");
        const int malformed = int(S3Error::MalformedXML);
        const int invalid = int(S3Error::InvalidRequest);
        const QByteArray ok = "<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>";
        QTest::newRow("empty body") << QByteArray() << malformed;
        QTest::newRow("not xml") << QByteArray("CORS please") << malformed;
        QTest::newRow("truncated") << doc(rule(ok)).chopped(5) << malformed;
        QTest::newRow("other root") << QByteArray("<Delete>" + rule(ok) + "</Delete>") << malformed;
        QTest::newRow("no rule") << doc({}) << malformed;
        QTest::newRow("no method") << doc(rule("<AllowedOrigin>*</AllowedOrigin>")) << malformed;
        QTest::newRow("no origin") << doc(rule("<AllowedMethod>GET</AllowedMethod>")) << malformed;
        QTest::newRow("unknown element") << doc(rule(ok + "<AllowedColour>red</AllowedColour>")) << malformed;
        QTest::newRow("element in a value") << doc(rule(ok + "<ID><b>x</b></ID>")) << malformed;
        QTest::newRow("unknown top element") << doc(rule(ok) + "<Extra/>") << malformed;
        QTest::newRow("max age text") << doc(rule(ok + "<MaxAgeSeconds>soon</MaxAgeSeconds>")) << malformed;
        QTest::newRow("max age negative") << doc(rule(ok + "<MaxAgeSeconds>-1</MaxAgeSeconds>")) << malformed;
        QTest::newRow("two ids") << doc(rule(ok + "<ID>a</ID><ID>b</ID>")) << malformed;
        QTest::newRow("trailing junk") << doc(rule(ok)) + "<x>" << malformed;
        QTest::newRow("dtd") << QByteArray("<!DOCTYPE CORSConfiguration [<!ENTITY e \"*\">]>" +
                                            doc(rule("<AllowedOrigin>&e;</AllowedOrigin><AllowedMethod>GET</AllowedMethod>")))
                             << malformed;
        QByteArray many;
        for (int i = 0; i < 101; ++i)
            many += rule(ok);
        QTest::newRow("101 rules") << doc(many) << malformed;
        QTest::newRow("PATCH") << doc(rule("<AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod>")) << invalid;
        QTest::newRow("lowercase get") << doc(rule("<AllowedOrigin>*</AllowedOrigin><AllowedMethod>get</AllowedMethod>")) << invalid;
        QTest::newRow("two origin wildcards")
            << doc(rule("<AllowedOrigin>http://*.a.*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>")) << invalid;
        QTest::newRow("origin with a blank")
            << doc(rule("<AllowedOrigin>http://a b</AllowedOrigin><AllowedMethod>GET</AllowedMethod>")) << invalid;
        QTest::newRow("origin with a line break")
            << doc(rule("<AllowedOrigin>http://a&#10;Set-Cookie: x</AllowedOrigin><AllowedMethod>GET</AllowedMethod>")) << invalid;
        QTest::newRow("header with two wildcards") << doc(rule(ok + "<AllowedHeader>*-*</AllowedHeader>")) << invalid;
        QTest::newRow("expose header not a token") << doc(rule(ok + "<ExposeHeader>ETag\r\nX: y</ExposeHeader>")) << invalid;
    }

    void refused()
    {
        QFETCH(QByteArray, xml);
        QFETCH(int, error);
        const Result<CorsConfiguration> config = CorsXml::parse(xml);
        QVERIFY(!config.ok());
        QCOMPARE(int(config.error()), error);
    }

    void hundredRulesAccepted()
    {
        QByteArray many;
        for (int i = 0; i < 100; ++i)
            many += rule("<AllowedOrigin>http://o" + QByteArray::number(i) + "</AllowedOrigin><AllowedMethod>GET</AllowedMethod>");
        QCOMPARE(parsed(doc(many)).rules.size(), 100);
    }

    void wildcard()
    {
        QVERIFY(CorsEvaluator::wildcardMatch("*", ""));
        QVERIFY(CorsEvaluator::wildcardMatch("*", "https://x"));
        QVERIFY(CorsEvaluator::wildcardMatch("https://*.example.com", "https://a.example.com"));
        QVERIFY(!CorsEvaluator::wildcardMatch("https://*.example.com", "https://example.com"));
        QVERIFY(!CorsEvaluator::wildcardMatch("https://*.example.com", "http://a.example.com"));
        QVERIFY(CorsEvaluator::wildcardMatch("http://a", "http://a"));
        QVERIFY(!CorsEvaluator::wildcardMatch("http://a", "http://ab"));
        QVERIFY(!CorsEvaluator::wildcardMatch("ab*ba", "aba")); // prefix and suffix may not overlap
    }

    void preflightFirstMatchingRule()
    {
        const CorsConfiguration c = parsed(doc(
            rule("<ID>one</ID><AllowedOrigin>http://a.test</AllowedOrigin><AllowedMethod>GET</AllowedMethod>") +
            rule("<ID>two</ID><AllowedOrigin>http://*.test</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>"
                 "<AllowedHeader>content-type</AllowedHeader><AllowedHeader>x-amz-*</AllowedHeader>") +
            rule("<ID>three</ID><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>"
                 "<AllowedHeader>*</AllowedHeader>")));
        auto m = CorsEvaluator::matchPreflight(c, "http://a.test", "GET", {});
        QVERIFY(m);
        QCOMPARE(m->rule, 0);
        QVERIFY(!m->anyOrigin);
        m = CorsEvaluator::matchPreflight(c, "http://b.test", "PUT", {"content-type", "x-amz-date"});
        QVERIFY(m);
        QCOMPARE(m->rule, 1);
        // One header rule two does not allow: rule three (any header) answers.
        m = CorsEvaluator::matchPreflight(c, "http://b.test", "PUT", {"content-type", "authorization"});
        QVERIFY(m);
        QCOMPARE(m->rule, 2);
        QVERIFY(m->anyOrigin);
        QVERIFY(!CorsEvaluator::matchPreflight(c, "http://b.test", "DELETE", {}));
        QVERIFY(!CorsEvaluator::matchPreflight(c, "http://b.test", "GET", {}));
        QVERIFY(CorsEvaluator::matchPreflight(c, "http://a.test", "GET", {}));
        // An Origin that could not be echoed matches nothing, not even "*".
        QVERIFY(!CorsEvaluator::matchPreflight(c, "http://a.test\r\nX: y", "PUT", {}));
        QVERIFY(!CorsEvaluator::matchActual(c, QByteArray("http://a\0b", 10), "PUT"));
    }

    void actualRequests()
    {
        const CorsConfiguration c = parsed(doc(rule(
            "<AllowedOrigin>http://a.test</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
            "<ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-request-id</ExposeHeader>")));
        QList<HttpHeader> h = CorsEvaluator::forActualRequest(c, "http://a.test", "GET");
        QCOMPARE(header(h, "access-control-allow-origin"), QByteArray("http://a.test"));
        QCOMPARE(header(h, "access-control-allow-credentials"), QByteArray("true"));
        QCOMPARE(header(h, "access-control-expose-headers"), QByteArray("ETag, x-amz-request-id"));
        QCOMPARE(header(h, "vary"), QByteArray("Origin"));
        // Headers are not checked for actual requests, the method is.
        h = CorsEvaluator::forActualRequest(c, "http://a.test", "PUT");
        QVERIFY(!has(h, "access-control-allow-origin"));
        QCOMPARE(header(h, "vary"), QByteArray("Origin"));
        h = CorsEvaluator::forActualRequest(c, "http://other.test", "GET");
        QVERIFY(!has(h, "access-control-allow-origin"));
    }

    void preflightHeaders()
    {
        const CorsConfiguration c = parsed(doc(rule(
            "<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>"
            "<AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds><ExposeHeader>ETag</ExposeHeader>")));
        const auto headers = CorsEvaluator::parseHeaderList("Content-Type, X-Amz-Date,,");
        QVERIFY(headers);
        QCOMPARE(*headers, (QList<QByteArray>{"content-type", "x-amz-date"}));
        const auto m = CorsEvaluator::matchPreflight(c, "http://page.test", "PUT", *headers);
        QVERIFY(m && m->anyOrigin);
        const QList<HttpHeader> h = CorsEvaluator::preflightHeaders(c.rules.first(), *m, "http://page.test", *headers);
        QCOMPARE(header(h, "access-control-allow-origin"), QByteArray("*"));
        QVERIFY(!has(h, "access-control-allow-credentials")); // browsers refuse credentials with "*"
        QCOMPARE(header(h, "access-control-allow-methods"), QByteArray("GET, PUT"));
        QCOMPARE(header(h, "access-control-allow-headers"), QByteArray("content-type, x-amz-date"));
        QCOMPARE(header(h, "access-control-max-age"), QByteArray("600"));
        QCOMPARE(header(h, "access-control-expose-headers"), QByteArray("ETag"));
        QCOMPARE(header(h, "vary"), QByteArray("Origin, Access-Control-Request-Headers, Access-Control-Request-Method"));
    }

    void headerListAndOrigins()
    {
        QVERIFY(!CorsEvaluator::parseHeaderList("content type"));
        QVERIFY(!CorsEvaluator::parseHeaderList("x\r\ny"));
        QVERIFY(!CorsEvaluator::parseHeaderList("a:b"));
        QVERIFY(CorsEvaluator::parseHeaderList("")->isEmpty());
        QVERIFY(CorsEvaluator::isEchoableOrigin("https://a.example:8443"));
        QVERIFY(CorsEvaluator::isEchoableOrigin("null"));
        QVERIFY(!CorsEvaluator::isEchoableOrigin(""));
        QVERIFY(!CorsEvaluator::isEchoableOrigin("http://a\r\nSet-Cookie: x"));
        QVERIFY(!CorsEvaluator::isEchoableOrigin("http://a b"));
        QVERIFY(!CorsEvaluator::isEchoableOrigin("http://a, http://b"));
        QVERIFY(!CorsEvaluator::isEchoableOrigin("http://\xc3\xa4"));
        QVERIFY(!CorsEvaluator::isEchoableOrigin(QByteArray(2000, 'a')));
    }

    void defaultRule()
    {
        QVERIFY(CorsEvaluator::defaultConfiguration({}).rules.isEmpty());
        const CorsConfiguration c = CorsEvaluator::defaultConfiguration({"http://a.test"});
        QCOMPARE(c.rules.size(), 1);
        const auto m = CorsEvaluator::matchPreflight(c, "http://a.test", "DELETE", {"x-anything", "content-type"});
        QVERIFY(m);
        QVERIFY(!CorsEvaluator::matchPreflight(c, "http://b.test", "GET", {}));
        QCOMPARE(header(CorsEvaluator::forActualRequest(c, "http://a.test", "HEAD"), "access-control-expose-headers"),
                 QByteArray("ETag"));
        QVERIFY(CorsXml::isValidOrigin("*"));
        QVERIFY(!CorsXml::isValidOrigin("**"));
    }

    void cache()
    {
        CorsCache cache(60000, 3);
        QVERIFY(!cache.lookup(QStringLiteral("b")));
        auto config = std::make_shared<const CorsConfiguration>(CorsEvaluator::defaultConfiguration({"http://a"}));
        cache.store(QStringLiteral("b"), config, cache.generation());
        QVERIFY(cache.lookup(QStringLiteral("b")).value() == config);
        // "No configuration" is cached too: the common case must not reach the backend either.
        cache.store(QStringLiteral("none"), nullptr, cache.generation());
        QVERIFY(cache.lookup(QStringLiteral("none")).has_value());
        QVERIFY(!cache.lookup(QStringLiteral("none")).value());
        cache.invalidate(QStringLiteral("b"));
        QVERIFY(!cache.lookup(QStringLiteral("b")));
        QVERIFY(cache.lookup(QStringLiteral("none")));

        // A read that began before an invalidation must not store what it read.
        const quint64 before = cache.generation();
        cache.invalidate(QStringLiteral("b"));
        cache.store(QStringLiteral("b"), config, before);
        QVERIFY(!cache.lookup(QStringLiteral("b")));

        // Bounded.
        for (int i = 0; i < 10; ++i)
            cache.store(QStringLiteral("x%1").arg(i), nullptr, cache.generation());
        QVERIFY(cache.size() <= 3);
        QVERIFY(cache.lookup(QStringLiteral("x9")));

        CorsCache expired(0, 8);
        expired.store(QStringLiteral("b"), config, expired.generation());
        QVERIFY(!expired.lookup(QStringLiteral("b")));
    }
};

QTEST_GUILESS_MAIN(TestCors)
#include "test_cors.moc"
