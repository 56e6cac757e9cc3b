#include "base/ErrorXml.h"
#include "base/S3Error.h"
#include "s3/S3Xml.h"

#include <QTest>
#include <QXmlStreamReader>

using namespace s3c;

class TestS3Xml : public QObject
{
    Q_OBJECT
private slots:
    void errorTable()
    {
        QCOMPARE(httpStatus(S3Error::NoSuchKey), 404);
        QCOMPARE(s3ErrorCode(S3Error::NoSuchKey), QByteArray("NoSuchKey"));
        QCOMPARE(httpStatus(S3Error::SignatureDoesNotMatch), 403);
        QCOMPARE(httpStatus(S3Error::InvalidRange), 416);
        QCOMPARE(httpStatus(S3Error::BucketNotEmpty), 409);
        QCOMPARE(httpStatus(S3Error::NotImplemented), 501);
        QCOMPARE(httpStatus(S3Error::ServiceUnavailable), 503);
    }

    void errorXml()
    {
        const QByteArray xml = renderErrorXml(S3Error::NoSuchKey, {}, QStringLiteral("/b/k"), "ABC123");
        QXmlStreamReader r(xml);
        QStringList seen;
        while (r.readNextStartElement()) {
            if (r.name() == QLatin1String("Error"))
                continue;
            seen << r.name().toString() + QLatin1Char('=') + r.readElementText();
        }
        QCOMPARE(seen, (QStringList{QStringLiteral("Code=NoSuchKey"),
                                    QStringLiteral("Message=The specified key does not exist."),
                                    QStringLiteral("Resource=/b/k"), QStringLiteral("RequestId=ABC123")}));
    }

    void parseDelete()
    {
        bool quiet = false;
        const auto keys = S3Xml::parseDelete(
            "<?xml version=\"1.0\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
            "<Object><Key>a&amp;b</Key></Object><Object><Key>c/d</Key><VersionId>x</VersionId></Object></Delete>",
            &quiet);
        QVERIFY(keys.ok());
        QVERIFY(quiet);
        QCOMPARE(keys.value(), (QStringList{QStringLiteral("a&b"), QStringLiteral("c/d")}));
        QCOMPARE(S3Xml::parseDelete("<Delete><Object><Key>x</Key>", &quiet).error(), S3Error::MalformedXML);
        QCOMPARE(S3Xml::parseDelete("<Other/>", &quiet).error(), S3Error::MalformedXML);
        QCOMPARE(S3Xml::parseDelete("<Delete></Delete>", &quiet).error(), S3Error::MalformedXML);
    }

    void parseComplete()
    {
        const auto parts = S3Xml::parseCompleteMultipart(
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"aa\"</ETag></Part>"
            "<Part><ETag>bb</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>");
        QVERIFY(parts.ok());
        QCOMPARE(parts->size(), 2);
        QCOMPARE(parts->at(0).partNumber, 1);
        QCOMPARE(parts->at(0).etag, QByteArray("\"aa\""));
        QCOMPARE(parts->at(1).partNumber, 2);
        QCOMPARE(parts->at(1).etag, QByteArray("bb"));
        QCOMPARE(S3Xml::parseCompleteMultipart("<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part>"
                                               "</CompleteMultipartUpload>")
                     .error(),
                 S3Error::MalformedXML);
    }

    void listV2UrlEncoding()
    {
        ListEcho echo;
        echo.bucket = QStringLiteral("b");
        echo.prefix = QStringLiteral("a b/");
        echo.urlEncode = true;
        ListObjectsResult result;
        ObjectInfo o;
        o.key = QStringLiteral("a b/c+d");
        o.etag = "\"e\"";
        o.lastModified = QDateTime::currentDateTimeUtc();
        result.objects.append(o);
        const QByteArray xml = S3Xml::listObjectsV2(echo, result, Owner{}, {});
        QVERIFY2(xml.contains("<Key>a%20b/c%2Bd</Key>"), xml.constData());
        QVERIFY(xml.contains("<Prefix>a%20b/</Prefix>"));
        QVERIFY(xml.contains("<KeyCount>1</KeyCount>"));
        QVERIFY(!xml.contains("<Owner>")); // only with fetch-owner
    }
};

QTEST_GUILESS_MAIN(TestS3Xml)
#include "test_s3xml.moc"
