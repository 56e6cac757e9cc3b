// Pure parts of the S3 client backend: error classification, XML answers, addressing/signing.
#include "auth/SigV4.h"
#include "backends/s3/S3ErrorMapper.h"
#include "backends/s3/S3Lister.h"
#include "backends/s3/S3ObjectHeaders.h"
#include "backends/s3/S3RequestBuilder.h"
#include "backends/s3/S3ResponseXml.h"

#include <QSslConfiguration>
#include <QTest>

using namespace s3c;
using NotFound = S3ErrorMapper::NotFound;

class TestS3BackendUnits : public QObject
{
    Q_OBJECT

private slots:
    void classify_data();
    void classify();
    void transportIsUnavailable();
    void parseListV2();
    void parseListBucketsAndMultipart();
    void malformedAnswerIsFailure();
    void completeBody();
    void pathStyleAddressing();
    void virtualHostedAddressing();
    void pinnedMapping();
    void dotSegmentKeysSentVerbatim();
    void payloadHash();
    void headerHelpers();
    void commonPrefixMarker();
    void sslSkipVerifyIsPerBackend();
};

void TestS3BackendUnits::classify_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("notFound");
    QTest::addColumn<int>("expected");
    const auto err = [](const char *code) -> QByteArray {
        return "<?xml version=\"1.0\"?><Error><Code>" + QByteArray(code) +
               "</Code><Message>m</Message></Error>";
    };
    QTest::newRow("200") << 200 << QByteArray() << 0 << int(S3Error::None);
    QTest::newRow("404 NoSuchKey") << 404 << err("NoSuchKey") << 1 << int(S3Error::NoSuchKey);
    QTest::newRow("404 NoSuchBucket on object call")
        << 404 << err("NoSuchBucket") << 0 << int(S3Error::NoSuchBucket);
    QTest::newRow("404 NoSuchUpload") << 404 << err("NoSuchUpload") << 0 << int(S3Error::NoSuchUpload);
    QTest::newRow("404 bare, key") << 404 << QByteArray() << 0 << int(S3Error::NoSuchKey);
    QTest::newRow("404 bare, bucket") << 404 << QByteArray() << 1 << int(S3Error::NoSuchBucket);
    QTest::newRow("404 bare, upload") << 404 << QByteArray() << 2 << int(S3Error::NoSuchUpload);
    QTest::newRow("404 unknown code") << 404 << err("NoSuchThing") << 0 << int(S3Error::NoSuchKey);
    QTest::newRow("403 AccessDenied") << 403 << err("AccessDenied") << 0 << int(S3Error::AccessDenied);
    QTest::newRow("403 bad backend signature")
        << 403 << err("SignatureDoesNotMatch") << 0 << int(S3Error::AccessDenied);
    QTest::newRow("403 bad backend key")
        << 403 << err("InvalidAccessKeyId") << 0 << int(S3Error::AccessDenied);
    QTest::newRow("403 unknown") << 403 << err("AccountProblem") << 0 << int(S3Error::AccessDenied);
    QTest::newRow("304") << 304 << QByteArray() << 0 << int(S3Error::NotModified);
    QTest::newRow("412") << 412 << err("PreconditionFailed") << 0 << int(S3Error::PreconditionFailed);
    QTest::newRow("416") << 416 << err("InvalidRange") << 0 << int(S3Error::InvalidRange);
    QTest::newRow("409 BucketNotEmpty") << 409 << err("BucketNotEmpty") << 1 << int(S3Error::BucketNotEmpty);
    QTest::newRow("409 owned") << 409 << err("BucketAlreadyOwnedByYou") << 1
                               << int(S3Error::BucketAlreadyOwnedByYou);
    QTest::newRow("400 unknown") << 400 << err("Weird") << 0 << int(S3Error::InvalidRequest);
    QTest::newRow("400 EntityTooSmall") << 400 << err("EntityTooSmall") << 0 << int(S3Error::EntityTooSmall);
    QTest::newRow("400 InvalidPart") << 400 << err("InvalidPart") << 0 << int(S3Error::InvalidPart);
    QTest::newRow("500") << 500 << err("InternalError") << 0 << int(S3Error::ServiceUnavailable);
    QTest::newRow("503 SlowDown") << 503 << err("SlowDown") << 0 << int(S3Error::ServiceUnavailable);
    QTest::newRow("500 pretending NoSuchKey")
        << 500 << err("NoSuchKey") << 0 << int(S3Error::ServiceUnavailable);
    QTest::newRow("501") << 501 << err("NotImplemented") << 0 << int(S3Error::NotImplemented);
    QTest::newRow("301 redirect") << 301 << err("PermanentRedirect") << 0 << int(S3Error::ServiceUnavailable);
    QTest::newRow("200 with Error") << 200 << err("InternalError") << 0 << int(S3Error::ServiceUnavailable);
    QTest::newRow("200 with NoSuchKey") << 200 << err("NoSuchKey") << 0 << int(S3Error::ServiceUnavailable);
}

void TestS3BackendUnits::classify()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, notFound);
    QFETCH(int, expected);
    const Failure f = S3ErrorMapper::classify(status, body, NotFound(notFound), QStringLiteral("b1"));
    QCOMPARE(int(f.error), expected);
    if (f.error == S3Error::ServiceUnavailable)
        QVERIFY(f.message.contains(QLatin1String("b1")));
}

void TestS3BackendUnits::transportIsUnavailable()
{
    for (auto e : {QNetworkReply::ConnectionRefusedError, QNetworkReply::RemoteHostClosedError,
                   QNetworkReply::TimeoutError, QNetworkReply::SslHandshakeFailedError,
                   QNetworkReply::HostNotFoundError, QNetworkReply::UnknownNetworkError}) {
        const Failure f = S3ErrorMapper::transportFailure(e, {}, QStringLiteral("r2-primary"));
        QCOMPARE(f.error, S3Error::ServiceUnavailable);
        QVERIFY(f.message.contains(QLatin1String("r2-primary")));
    }
    QCOMPARE(S3ErrorMapper::fromCode("NoSuchKey"), S3Error::NoSuchKey);
    QCOMPARE(S3ErrorMapper::fromCode("Nonsense"), S3Error::None);
}

void TestS3BackendUnits::parseListV2()
{
    const QByteArray xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>b</Name><Prefix></Prefix><KeyCount>3</KeyCount><MaxKeys>3</MaxKeys><Delimiter>/</Delimiter>
  <IsTruncated>true</IsTruncated>
  <Contents><Key>a&amp;b</Key><LastModified>2025-01-02T03:04:05.000Z</LastModified>
    <ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>42</Size><StorageClass>STANDARD</StorageClass></Contents>
  <CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes>
  <Contents><Key>z</Key><Size>1</Size><ETag>abc</ETag></Contents>
  <NextContinuationToken>tok==</NextContinuationToken>
</ListBucketResult>)";
    const auto page = S3ResponseXml::listObjects(xml);
    QVERIFY(page.ok());
    QCOMPARE(page->objects.size(), 2);
    QCOMPARE(page->objects[0].key, QStringLiteral("a&b"));
    QCOMPARE(page->objects[0].size, 42);
    QCOMPARE(page->objects[0].etag, QByteArray("\"d41d8cd98f00b204e9800998ecf8427e\""));
    QCOMPARE(page->objects[0].lastModified, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QCOMPARE(page->objects[1].etag, QByteArray("\"abc\""));
    QCOMPARE(page->commonPrefixes, QStringList{QStringLiteral("dir/")});
    QVERIFY(page->truncated);
}

void TestS3BackendUnits::parseListBucketsAndMultipart()
{
    const auto buckets = S3ResponseXml::listBuckets(
        "<ListAllMyBucketsResult><Owner><ID>x</ID></Owner><Buckets><Bucket><Name>one</Name>"
        "<CreationDate>2024-05-06T07:08:09Z</CreationDate></Bucket><Bucket><Name>two</Name></Bucket></"
        "Buckets>"
        "</ListAllMyBucketsResult>");
    QVERIFY(buckets.ok());
    QCOMPARE(buckets->size(), 2);
    QCOMPARE(buckets->at(0).name, QStringLiteral("one"));
    QCOMPARE(buckets->at(0).creationDate.date(), QDate(2024, 5, 6));

    QCOMPARE(S3ResponseXml::uploadId("<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>"
                                     "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")
                 .value(),
             QStringLiteral("up-1"));
    const auto parts = S3ResponseXml::listParts(
        "<ListPartsResult><Bucket>real</Bucket><Key>k</Key><UploadId>u</UploadId><IsTruncated>true</"
        "IsTruncated>"
        "<NextPartNumberMarker>1</NextPartNumberMarker><Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag>"
        "<Size>5242880</Size></Part></ListPartsResult>");
    QVERIFY(parts.ok());
    QCOMPARE(parts->parts.size(), 1);
    QCOMPARE(parts->parts[0].size, 5242880);
    QVERIFY(parts->truncated);
    QCOMPARE(parts->nextPartNumberMarker, 1);
    const auto uploads = S3ResponseXml::listUploads(
        "<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>false</IsTruncated><Upload><Key>k</Key>"
        "<UploadId>u1</UploadId><Initiated>2024-01-01T00:00:00.000Z</Initiated></Upload>"
        "<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes></ListMultipartUploadsResult>");
    QVERIFY(uploads.ok());
    QCOMPARE(uploads->uploads.size(), 1);
    QCOMPARE(uploads->uploads[0].uploadId, QStringLiteral("u1"));
    QCOMPARE(uploads->commonPrefixes, QStringList{QStringLiteral("p/")});
    const auto copied = S3ResponseXml::copyResult("<CopyObjectResult><LastModified>2024-01-01T00:00:00Z</"
                                                  "LastModified><ETag>\"c\"</ETag></CopyObjectResult>");
    QCOMPARE(copied->etag, QByteArray("\"c\""));
    QCOMPARE(S3ResponseXml::completeEtag("<CompleteMultipartUploadResult><ETag>\"x-2\"</ETag>"
                                         "</CompleteMultipartUploadResult>")
                 .value(),
             QByteArray("\"x-2\""));
    // moto's spelling of the same root.
    QCOMPARE(S3ResponseXml::completeEtag("<CompleteMultipartUploadResponse><ETag>&quot;y-3&quot;</ETag>"
                                         "</CompleteMultipartUploadResponse>")
                 .value(),
             QByteArray("\"y-3\""));
}

void TestS3BackendUnits::malformedAnswerIsFailure()
{
    QCOMPARE(S3ResponseXml::listObjects("<html>proxy error</html>").error(), S3Error::ServiceUnavailable);
    QCOMPARE(S3ResponseXml::listBuckets("").error(), S3Error::ServiceUnavailable);
    QCOMPARE(S3ResponseXml::uploadId("<InitiateMultipartUploadResult/>").error(),
             S3Error::ServiceUnavailable);
}

void TestS3BackendUnits::completeBody()
{
    const QByteArray xml = S3ResponseXml::completeMultipartUpload({{1, "abc"}, {2, "\"def\""}});
    QVERIFY(xml.contains("<Part><PartNumber>1</PartNumber><ETag>\"abc\"</ETag></Part>") ||
            xml.contains("<Part><PartNumber>1</PartNumber><ETag>&quot;abc&quot;</ETag></Part>"));
    QVERIFY(xml.contains("<PartNumber>2</PartNumber>"));
    QVERIFY(S3ResponseXml::createBucketConfiguration(QStringLiteral("us-east-1")).isEmpty());
    QVERIFY(S3ResponseXml::createBucketConfiguration(QStringLiteral("auto")).isEmpty());
    QVERIFY(S3ResponseXml::createBucketConfiguration(QStringLiteral("eu-west-1"))
                .contains("<LocationConstraint>eu-west-1</LocationConstraint>"));
}

static S3BackendOptions options(bool pathStyle)
{
    S3BackendOptions o;
    o.name = QStringLiteral("t");
    o.endpoint = QUrl(QStringLiteral("https://acct.r2.example.com:8443"));
    o.accessKey = QStringLiteral("AKID");
    o.secretKey = QStringLiteral("SECRET");
    o.usePathStyle = pathStyle;
    return o;
}

void TestS3BackendUnits::pathStyleAddressing()
{
    const S3RequestBuilder builder(options(true));
    const auto r = builder.build("GET", QStringLiteral("bucket"), QStringLiteral("a b/ü+~*"),
                                 {{"list-type", "2"}, {"uploads", {}}}, {}, {});
    QVERIFY(r.ok());
    QCOMPARE(r->url(),
             QByteArray("https://acct.r2.example.com:8443/bucket/a%20b/%C3%BC%2B~%2A?list-type=2&uploads"));
    QCOMPARE(r->rawHeader("Host"), QByteArray("acct.r2.example.com:8443"));
    QVERIFY(r->rawHeader("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKID/"));
    QVERIFY(r->rawHeader("Authorization").contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date"));
    QCOMPARE(r->rawHeader("Accept-Encoding"), QByteArray("identity"));
}

void TestS3BackendUnits::virtualHostedAddressing()
{
    const S3RequestBuilder builder(options(false));
    const auto r = builder.build("PUT", QStringLiteral("bucket"), QStringLiteral("k"), {}, {}, {});
    QVERIFY(r.ok());
    QCOMPARE(r->url(), QByteArray("https://bucket.acct.r2.example.com:8443/k"));
    QCOMPARE(r->rawHeader("Host"), QByteArray("bucket.acct.r2.example.com:8443"));
    const auto service = builder.build("GET", {}, {}, {}, {}, {});
    QCOMPARE(service->url(), QByteArray("https://acct.r2.example.com:8443/"));
    S3BackendOptions aws = options(false);
    aws.endpoint = QUrl();
    aws.region = QStringLiteral("eu-central-1");
    const auto onAws =
        S3RequestBuilder(aws).build("GET", QStringLiteral("b"), QStringLiteral("k"), {}, {}, {});
    QCOMPARE(onAws->url(), QByteArray("https://b.s3.eu-central-1.amazonaws.com/k"));
}

void TestS3BackendUnits::pinnedMapping()
{
    S3BackendOptions o = options(true);
    o.pinnedBucket = QStringLiteral("fallback-bucket");
    o.exposedBucket = QStringLiteral("primary-bucket");
    const S3RequestBuilder builder(o);
    QCOMPARE(builder.backendBucket(QStringLiteral("primary-bucket")),
             std::optional<QString>(QStringLiteral("fallback-bucket")));
    QCOMPARE(builder.backendBucket(QStringLiteral("fallback-bucket")), std::nullopt);
    QCOMPARE(builder.clientBucket(QStringLiteral("fallback-bucket")), QStringLiteral("primary-bucket"));
    o.exposedBucket.clear();
    const S3RequestBuilder self(o);
    QCOMPARE(self.backendBucket(QStringLiteral("fallback-bucket")),
             std::optional<QString>(QStringLiteral("fallback-bucket")));
    o.pinnedBucket.clear();
    QCOMPARE(S3RequestBuilder(o).backendBucket(QStringLiteral("any")),
             std::optional<QString>(QStringLiteral("any")));
}

void TestS3BackendUnits::dotSegmentKeysSentVerbatim()
{
    // S3 keys are opaque: "a/../b" is its own object, so the request line keeps the segments
    // exactly as signed (a client that resolved them would sign one path and send another).
    const S3RequestBuilder builder(options(true));
    const auto r = builder.build("GET", QStringLiteral("b"), QStringLiteral("a/../b/./c//d"), {}, {}, {});
    QVERIFY(r.ok());
    QCOMPARE(r->target, QByteArray("/b/a/../b/./c//d"));
    QCOMPARE(r->method, QByteArray("GET"));
}

void TestS3BackendUnits::payloadHash()
{
    S3BackendOptions o = options(true);
    QCOMPARE(S3RequestBuilder(o).payloadHashFor({}),
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    o.disableChecksum = true;
    QCOMPARE(S3RequestBuilder(o).payloadHashFor("<xml/>"), QByteArray("UNSIGNED-PAYLOAD"));
}

void TestS3BackendUnits::headerHelpers()
{
    QCOMPARE(S3ObjectHeaders::rangeValue(RangeSpec{0, 9, -1}), QByteArray("bytes=0-9"));
    QCOMPARE(S3ObjectHeaders::rangeValue(RangeSpec{5, -1, -1}), QByteArray("bytes=5-"));
    QCOMPARE(S3ObjectHeaders::rangeValue(RangeSpec{-1, -1, 20}), QByteArray("bytes=-20"));
    QCOMPARE(S3ObjectHeaders::httpDate(QDateTime(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC)),
             QByteArray("Fri, 24 May 2013 00:00:00 GMT"));
    Conditions c;
    c.ifMatch = "\"e\"";
    c.ifUnmodifiedSince = QDateTime(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC);
    const auto h = S3ObjectHeaders::forConditions(c, "x-amz-copy-source-");
    QCOMPARE(h.size(), 2);
    QCOMPARE(h[0].name, QByteArray("x-amz-copy-source-if-match"));
    ObjectInfo meta;
    meta.headers = {{"X-Amz-Meta-A", "1"}, {"content-encoding", "gzip"}, {"x-not-stored", "no"}};
    meta.checksums.insert("SHA256", "abc=");
    const auto m = S3ObjectHeaders::forMetadata(meta, true);
    QCOMPARE(m[0].value, QByteArray("application/octet-stream"));
    QVERIFY(std::any_of(m.begin(), m.end(),
                        [](const HttpHeader &x) { return x.name == "x-amz-meta-a" && x.value == "1"; }));
    QVERIFY(std::none_of(m.begin(), m.end(), [](const HttpHeader &x) { return x.name == "x-not-stored"; }));
    QVERIFY(std::any_of(m.begin(), m.end(),
                        [](const HttpHeader &x) { return x.name == "x-amz-checksum-sha256"; }));
    const auto plain = S3ObjectHeaders::forMetadata(meta, false);
    QVERIFY(std::none_of(plain.begin(), plain.end(),
                         [](const HttpHeader &x) { return x.name.startsWith("x-amz-checksum"); }));
}

void TestS3BackendUnits::commonPrefixMarker()
{
    const QString top = QString(QChar(0xDBFF)) + QChar(0xDFFF);
    QCOMPARE(S3Lister::wireMarker(QStringLiteral("photos/"), {}, QStringLiteral("/")),
             QStringLiteral("photos/") + top);
    QCOMPARE(S3Lister::wireMarker(QStringLiteral("a/b/"), QStringLiteral("a/"), QStringLiteral("/")),
             QStringLiteral("a/b/") + top);
    // A key that merely ends with the delimiter is an object here, not a rolled-up prefix.
    QCOMPARE(S3Lister::wireMarker(QStringLiteral("dir/"), QStringLiteral("dir/"), QStringLiteral("/")),
             QStringLiteral("dir/"));
    QCOMPARE(S3Lister::wireMarker(QStringLiteral("a/b/"), {}, QStringLiteral("/")), QStringLiteral("a/b/"));
    QCOMPARE(S3Lister::wireMarker(QStringLiteral("photos/"), {}, {}), QStringLiteral("photos/"));
    QCOMPARE(S3Lister::wireMarker(QStringLiteral("key"), {}, QStringLiteral("/")), QStringLiteral("key"));
}

void TestS3BackendUnits::sslSkipVerifyIsPerBackend()
{
    S3BackendOptions o = options(true);
    const auto verified = S3RequestBuilder(o).build("GET", QStringLiteral("b"), {}, {}, {}, {});
    QVERIFY(!verified->sslSkipVerify);
    o.sslSkipVerify = true;
    const auto skipped = S3RequestBuilder(o).build("GET", QStringLiteral("b"), {}, {}, {}, {});
    QVERIFY(skipped->sslSkipVerify);
    // Over plain HTTP there is nothing to skip.
    o.endpoint = QUrl(QStringLiteral("http://127.0.0.1:9000"));
    QVERIFY(!S3RequestBuilder(o).build("GET", QStringLiteral("b"), {}, {}, {}, {})->sslSkipVerify);
    // The process-wide default is untouched: other backends still verify.
    QVERIFY(QSslConfiguration::defaultConfiguration().peerVerifyMode() != QSslSocket::VerifyNone);
}

QTEST_GUILESS_MAIN(TestS3BackendUnits)
#include "test_s3backend_units.moc"
