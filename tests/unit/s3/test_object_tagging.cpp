// ObjectTagging: the Tagging XML of Put/GetObjectTagging, the x-amz-tagging header and S3's tag
// limits, plus the x-amz-tagging handling of the S3 layer's request parsing (ObjectHeaders).
#include "backends/ObjectTagging.h"
#include "http/HttpRequest.h"
#include "s3/ObjectHeaders.h"

#include <QTest>

using namespace s3c;

namespace {

QByteArray tagging(const QByteArray &tags)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
           "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>" +
           tags + "</TagSet></Tagging>";
}

QByteArray tag(const QByteArray &key, const QByteArray &value)
{
    return "<Tag><Key>" + key + "</Key><Value>" + value + "</Value></Tag>";
}

ObjectTags tags(std::initializer_list<std::pair<const char *, const char *>> list)
{
    ObjectTags out;
    for (const auto &[k, v] : list)
        out.append({QString::fromUtf8(k), QString::fromUtf8(v)});
    return out;
}

} // namespace

class TestObjectTagging : public QObject
{
    Q_OBJECT
private slots:
    void parseXml()
    {
        const auto parsed = ObjectTagging::parseXml(
            tagging(tag("project", "blue sky") + tag("empty", "") + tag("caf\xc3\xa9", "x=y")));
        QVERIFY(parsed.ok());
        QCOMPARE(*parsed, tags({{"project", "blue sky"}, {"empty", ""}, {"caf\xc3\xa9", "x=y"}}));
        // '&' is outside S3's tag alphabet, even escaped.
        QCOMPARE(ObjectTagging::parseXml(tagging(tag("k", "x&amp;y"))).error(), S3Error::InvalidTag);
        // An empty TagSet is how DeleteObjectTagging's result reads, and a valid PUT.
        const auto none = ObjectTagging::parseXml(tagging({}));
        QVERIFY(none.ok());
        QVERIFY(none->isEmpty());
    }

    void malformedXml_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not xml") << QByteArray("project=blue");
        QTest::newRow("other root") << QByteArray("<Delete><TagSet/></Delete>");
        QTest::newRow("no TagSet") << QByteArray("<Tagging></Tagging>");
        QTest::newRow("two TagSets") << QByteArray("<Tagging><TagSet/><TagSet/></Tagging>");
        QTest::newRow("truncated") << tagging(tag("a", "b")).chopped(5);
        QTest::newRow("no Value") << tagging("<Tag><Key>a</Key></Tag>");
        QTest::newRow("no Key") << tagging("<Tag><Value>a</Value></Tag>");
        QTest::newRow("two Keys") << tagging("<Tag><Key>a</Key><Key>b</Key><Value>c</Value></Tag>");
        QTest::newRow("nested in Key") << tagging("<Tag><Key><b>a</b></Key><Value>c</Value></Tag>");
        QTest::newRow("stranger in Tag") << tagging("<Tag><Key>a</Key><Value>c</Value><X/></Tag>");
        QTest::newRow("stranger in TagSet") << tagging("<Tag><Key>a</Key><Value>c</Value></Tag><X/>");
        QTest::newRow("second root") << tagging({}) + "<Tagging/>";
        QTest::newRow("too large") << tagging(QByteArray(ObjectTagging::MaxXmlBytes, ' '));
    }
    void malformedXml()
    {
        QFETCH(QByteArray, xml);
        const auto parsed = ObjectTagging::parseXml(xml);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error(), S3Error::MalformedXML);
    }

    void invalidTags_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("message");
        QByteArray eleven;
        for (int i = 0; i < 11; ++i)
            eleven += tag("k" + QByteArray::number(i), "v");
        QTest::newRow("11 tags") << tagging(eleven)
                                 << QStringLiteral("Object tags cannot be greater than 10");
        QTest::newRow("duplicate key") << tagging(tag("a", "1") + tag("a", "2"))
                                       << QStringLiteral("Cannot provide multiple Tags with the same key");
        QTest::newRow("empty key") << tagging(tag("", "1"))
                                   << QStringLiteral("The TagKey you have provided is invalid");
        QTest::newRow("key of 129") << tagging(tag(QByteArray(129, 'k'), "1"))
                                    << QStringLiteral("The TagKey you have provided is too long, max 128");
        QTest::newRow("value of 257")
            << tagging(tag("k", QByteArray(257, 'v')))
            << QStringLiteral("The TagValue you have provided is too long, max 256");
        QTest::newRow("star") << tagging(tag("k", "a*b"))
                              << QStringLiteral("The TagValue you have provided is invalid");
        QTest::newRow("newline") << tagging(tag("k", "a&#10;b"))
                                 << QStringLiteral("The TagValue you have provided is invalid");
        QTest::newRow("reserved prefix")
            << tagging(tag("aws:x", "1")) << QStringLiteral("Your TagKey cannot be prefixed with aws:");
    }
    void invalidTags()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, message);
        const auto parsed = ObjectTagging::parseXml(xml);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error(), S3Error::InvalidTag);
        QCOMPARE(parsed.failure().message, message);
    }

    void limitsCountCharacters()
    {
        // 128 and 256 Unicode characters, whatever their UTF-8 or UTF-16 length.
        QString key(127, QLatin1Char('k'));
        key += QString::fromUcs4(U"\U0001F600"); // an emoji is not \p{L}: refused as a character
        QVERIFY(!ObjectTagging::validate({{key, {}}}).ok());
        const QString longKey = QString(128, QChar(0x00e9));
        const QString longValue =
            QString::fromUcs4(std::u32string(256, U'\U00020000').c_str()); // CJK Ext. B, \p{L}
        QCOMPARE(longValue.size(), 512);
        QVERIFY(ObjectTagging::validate({{longKey, longValue}}).ok());
        QVERIFY(!ObjectTagging::validate({{longKey + QChar(0x00e9), {}}}).ok());
        QVERIFY(!ObjectTagging::validate({{longKey, longValue + QLatin1Char('x')}}).ok());
        // Ten is allowed.
        ObjectTags ten;
        for (int i = 0; i < 10; ++i)
            ten.append({QString::number(i), QStringLiteral("_.:/=+-@ ")});
        QVERIFY(ObjectTagging::validate(ten).ok());
    }

    void xmlRoundTrip()
    {
        const ObjectTags in = tags({{"a b", "<&>"}, {"n", ""}, {"\xe6\x97\xa5", "1"}});
        const QByteArray xml = ObjectTagging::toXml(in);
        QVERIFY(xml.contains("<TagSet>"));
        QVERIFY(xml.contains("xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\""));
        // "<&>" is not a valid value, but a backend's answer is relayed without the checks.
        QCOMPARE(ObjectTagging::parseXml(xml).error(), S3Error::InvalidTag);
        QCOMPARE(*ObjectTagging::parseXml(xml, false), in);
        QVERIFY(ObjectTagging::parseXml(ObjectTagging::toXml({})).ok());
    }

    void parseHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<ObjectTags>("expected");
        QTest::newRow("two") << QByteArray("k1=v1&k2=v2") << tags({{"k1", "v1"}, {"k2", "v2"}});
        QTest::newRow("encoded") << QByteArray("a%20b=c%2Bd&caf%C3%A9=%3D")
                                 << tags({{"a b", "c+d"}, {"caf\xc3\xa9", "="}});
        QTest::newRow("plus is a space") << QByteArray("a+b=c+d") << tags({{"a b", "c d"}});
        QTest::newRow("no value") << QByteArray("k&j=") << tags({{"k", ""}, {"j", ""}});
        QTest::newRow("empty") << QByteArray("") << ObjectTags{};
        QTest::newRow("stray ampersands") << QByteArray("&a=1&&") << tags({{"a", "1"}});
    }
    void parseHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(ObjectTags, expected);
        const auto parsed = ObjectTagging::parseHeader(header);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.failure().text()));
        QCOMPARE(*parsed, expected);
        QCOMPARE(*ObjectTagging::parseHeader(ObjectTagging::toHeader(expected)), expected);
    }

    void badHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("error");
        QTest::newRow("duplicate") << QByteArray("a=1&a=2") << int(S3Error::InvalidArgument);
        QTest::newRow("not utf-8") << QByteArray("a=%FF") << int(S3Error::InvalidArgument);
        QTest::newRow("empty key") << QByteArray("=1") << int(S3Error::InvalidTag);
        QTest::newRow("eleven") << QByteArray("a=1&b=1&c=1&d=1&e=1&f=1&g=1&h=1&i=1&j=1&k=1")
                                << int(S3Error::InvalidTag);
        QTest::newRow("crlf") << QByteArray("a=%0D%0AX-Evil:%201") << int(S3Error::InvalidTag);
        QTest::newRow("long value") << "a=" + QByteArray(257, 'v') << int(S3Error::InvalidTag);
    }
    void badHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, error);
        const auto parsed = ObjectTagging::parseHeader(header);
        QVERIFY(!parsed.ok());
        QCOMPARE(int(parsed.error()), error);
    }

    void metadataFromRequest()
    {
        HttpRequest http;
        http.method = "PUT";
        http.headers.append(HttpHeader{"x-amz-tagging", "project=blue&team=x%2By"});
        auto meta = ObjectHeaders::metadataFromRequest(http);
        QVERIFY(meta.ok());
        QCOMPARE(meta->tags, tags({{"project", "blue"}, {"team", "x+y"}}));
        http.headers.last().value = "a=1&a=1";
        QCOMPARE(ObjectHeaders::metadataFromRequest(http).error(), S3Error::InvalidArgument);
    }

    void taggingCountHeader()
    {
        ObjectInfo info;
        HttpResponse none(200);
        ObjectHeaders::addObjectHeaders(none, info, false);
        QVERIFY(none.header("x-amz-tagging-count").isEmpty());
        info.tags = tags({{"a", "1"}, {"b", "2"}});
        HttpResponse two(200);
        ObjectHeaders::addObjectHeaders(two, info, false);
        QCOMPARE(two.header("x-amz-tagging-count"), QByteArray("2"));
    }
};

QTEST_GUILESS_MAIN(TestObjectTagging)
#include "test_object_tagging.moc"
