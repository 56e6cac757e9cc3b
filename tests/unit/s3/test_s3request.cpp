#include "http/HttpDate.h"
#include "s3/BucketNames.h"
#include "s3/HttpDates.h"
#include "s3/ListHandler.h"
#include "s3/ObjectHeaders.h"
#include "s3/S3Request.h"
#include "s3/S3Router.h"

#include <QTest>
#include <QTimeZone>

using namespace s3c;

namespace {
HttpRequest make(const QByteArray &method, const QByteArray &target, const QByteArray &host = "127.0.0.1:7070")
{
    HttpRequest r;
    r.method = method;
    r.rawTarget = target;
    r.headers.append(HttpHeader{"Host", host});
    return r;
}
} // namespace

class TestS3Request : public QObject
{
    Q_OBJECT
private slots:
    void pathStyle_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QString>("bucket");
        QTest::addColumn<QString>("key");
        QTest::newRow("root") << QByteArray("/") << QString() << QString();
        QTest::newRow("bucket") << QByteArray("/b1") << QStringLiteral("b1") << QString();
        QTest::newRow("bucket slash") << QByteArray("/b1/") << QStringLiteral("b1") << QString();
        QTest::newRow("key") << QByteArray("/b1/a/b.txt") << QStringLiteral("b1") << QStringLiteral("a/b.txt");
        QTest::newRow("space") << QByteArray("/b1/a%20b") << QStringLiteral("b1") << QStringLiteral("a b");
        QTest::newRow("plus literal in path") << QByteArray("/b1/a+b") << QStringLiteral("b1") << QStringLiteral("a+b");
        QTest::newRow("encoded plus") << QByteArray("/b1/a%2Bb") << QStringLiteral("b1") << QStringLiteral("a+b");
        QTest::newRow("tilde") << QByteArray("/b1/%7Efile") << QStringLiteral("b1") << QStringLiteral("~file");
        QTest::newRow("double slash") << QByteArray("/b1//x//y") << QStringLiteral("b1") << QStringLiteral("/x//y");
        QTest::newRow("unicode") << QByteArray("/b1/%C3%B1and%C3%BA") << QStringLiteral("b1")
                                 << QString::fromUtf8("\xc3\xb1" "and" "\xc3\xba");
        QTest::newRow("trailing slash key") << QByteArray("/b1/dir/") << QStringLiteral("b1") << QStringLiteral("dir/");
    }
    void pathStyle()
    {
        QFETCH(QByteArray, target);
        QFETCH(QString, bucket);
        QFETCH(QString, key);
        const auto r = S3Request::parse(make("GET", target), {});
        QVERIFY(r.ok());
        QCOMPARE(r->bucket, bucket);
        QCOMPARE(r->key, key);
    }

    void virtualHosted()
    {
        const auto r = S3Request::parse(make("GET", "/dir/file.txt", "photos.s3.local:7070"), QStringLiteral("s3.local"));
        QVERIFY(r.ok());
        QCOMPARE(r->bucket, QStringLiteral("photos"));
        QCOMPARE(r->key, QStringLiteral("dir/file.txt"));
        // The bare domain is path-style.
        const auto p = S3Request::parse(make("GET", "/photos/x", "s3.local"), QStringLiteral("s3.local"));
        QCOMPARE(p->bucket, QStringLiteral("photos"));
        QCOMPARE(p->key, QStringLiteral("x"));
    }

    void query()
    {
        const auto r = S3Request::parse(make("GET", "/b?list-type=2&prefix=a+b%2Bc&delimiter=%2F&uploads"), {});
        QVERIFY(r.ok());
        QCOMPARE(r->queryValue(QStringLiteral("prefix")), QStringLiteral("a b+c"));
        QCOMPARE(r->queryValue(QStringLiteral("delimiter")), QStringLiteral("/"));
        QVERIFY(r->hasQuery(QStringLiteral("uploads")));
        QVERIFY(!r->hasQuery(QStringLiteral("marker")));

        // A presigned URL's X-Amz-* parameters are the signature's, not the operation's.
        const auto presigned = S3Request::parse(
            make("GET", "/b/k?response-content-type=text%2Fplain&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        "&X-Amz-Credential=AK%2F20260301%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=00"),
            {});
        QVERIFY(presigned.ok());
        QCOMPARE(presigned->query.size(), 1);
        QCOMPARE(presigned->queryValue(QStringLiteral("response-content-type")),
                 QStringLiteral("text/plain"));
        QVERIFY(!presigned->hasQuery(QStringLiteral("X-Amz-Credential")));
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("error");
        QTest::newRow("bad escape") << QByteArray("/b/a%G1") << int(S3Error::InvalidArgument);
        QTest::newRow("short escape") << QByteArray("/b/a%4") << int(S3Error::InvalidArgument);
        QTest::newRow("nul") << QByteArray("/b/a%00b") << int(S3Error::InvalidArgument);
        QTest::newRow("bad utf8") << QByteArray("/b/%FF%FE") << int(S3Error::InvalidArgument);
        QTest::newRow("key too long") << (QByteArray("/b/") + QByteArray(1025, 'k')) << int(S3Error::KeyTooLongError);
        QTest::newRow("not absolute") << QByteArray("b/k") << int(S3Error::InvalidRequest);
        QTest::newRow("bad query escape") << QByteArray("/b?prefix=%ZZ") << int(S3Error::InvalidArgument);
        QTest::newRow("bad escape in a signature parameter")
            << QByteArray("/b/k?X-Amz-Credential=AK%2") << int(S3Error::InvalidArgument);
        QTest::newRow("bad escape in a signature parameter's middle")
            << QByteArray("/b/k?X-Amz-Date=2026%G0301&x=1") << int(S3Error::InvalidArgument);
        // response-* overrides become response headers: CR or LF would split the response.
        for (const char *param : {"response-content-disposition", "response-content-type",
                                  "response-content-language", "response-expires", "response-cache-control",
                                  "response-content-encoding"}) {
            for (const char *breakBytes : {"%0D%0A", "%0A", "%0d"}) {
                QTest::addRow("%s %s", param, breakBytes)
                    << QByteArray("/b/k?" + QByteArray(param) + "=a" + breakBytes + "Set-Cookie:%20x=1")
                    << int(S3Error::InvalidArgument);
            }
        }
        QTest::newRow("response override NUL") << QByteArray("/b/k?response-content-type=a%00b")
                                               << int(S3Error::InvalidArgument);
        QTest::newRow("bucket with CRLF") << QByteArray("/b%0D%0ALocation:%20x/k") << int(S3Error::InvalidBucketName);
    }
    void decodedQueryIsTheOneDecoding()
    {
        // S3Request::decodedQuery is what AuthVerifier signs over; query is made from it.
        const auto r = S3Request::parse(
            make("GET", "/b/k?response-content-disposition=a+b%2Bc&X-Amz-Signature=00&versionId"), {});
        QVERIFY(r.ok());
        QCOMPARE(r->decodedQuery.size(), 3);
        QCOMPARE(r->decodedQuery.at(0).name, QByteArray("response-content-disposition"));
        QCOMPARE(r->decodedQuery.at(0).value, QByteArray("a b+c"));
        QCOMPARE(r->decodedQuery.at(1).name, QByteArray("X-Amz-Signature"));
        QCOMPARE(r->queryValue(QStringLiteral("response-content-disposition")), QStringLiteral("a b+c"));
        QVERIFY(r->hasQuery(QStringLiteral("versionId")));
        QCOMPARE(r->query.size(), 2);
        // A CR or LF elsewhere in the query is only data (a prefix may hold one).
        QVERIFY(S3Request::parse(make("GET", "/b?prefix=a%0Ab"), {}).ok());
    }

    void storedHeaderValues_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain meta") << QByteArray("x-amz-meta-a") << QByteArray("v w") << true;
        QTest::newRow("meta CRLF") << QByteArray("x-amz-meta-a") << QByteArray("v\r\nSet-Cookie: x") << false;
        QTest::newRow("meta LF") << QByteArray("X-Amz-Meta-A") << QByteArray("v\nx") << false;
        QTest::newRow("meta NUL") << QByteArray("x-amz-meta-a") << QByteArray("v\0x", 3) << false;
        QTest::newRow("disposition CR") << QByteArray("Content-Disposition") << QByteArray("a\rb") << false;
        QTest::newRow("cache-control LF") << QByteArray("Cache-Control") << QByteArray("a\nb") << false;
        QTest::newRow("content-type CRLF") << QByteArray("Content-Type") << QByteArray("a\r\nb") << false;
        QTest::newRow("expires CRLF") << QByteArray("Expires") << QByteArray("a\r\nb") << false;
        QTest::newRow("content-language LF") << QByteArray("Content-Language") << QByteArray("a\nb") << false;
        QTest::newRow("content-encoding LF") << QByteArray("Content-Encoding") << QByteArray("gzip\nb") << false;
    }
    void storedHeaderValues()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(bool, ok);
        HttpRequest r = make("PUT", "/b/k");
        r.headers.append(HttpHeader{name, value});
        const Result<ObjectInfo> info = ObjectHeaders::metadataFromRequest(r);
        QCOMPARE(info.ok(), ok);
        if (!ok)
            QCOMPARE(info.error(), S3Error::InvalidArgument);
    }

    void rejects()
    {
        QFETCH(QByteArray, target);
        QFETCH(int, error);
        const auto r = S3Request::parse(make("GET", target), {});
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error()), error);
    }

    void router_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<bool>("copy");
        QTest::addColumn<int>("op");
        QTest::newRow("list buckets") << QByteArray("GET") << QByteArray("/") << false << int(S3Operation::ListBuckets);
        QTest::newRow("create bucket") << QByteArray("PUT") << QByteArray("/b") << false << int(S3Operation::CreateBucket);
        QTest::newRow("head bucket") << QByteArray("HEAD") << QByteArray("/b") << false << int(S3Operation::HeadBucket);
        QTest::newRow("location") << QByteArray("GET") << QByteArray("/b?location") << false << int(S3Operation::GetBucketLocation);
        QTest::newRow("list v1") << QByteArray("GET") << QByteArray("/b?prefix=x") << false << int(S3Operation::ListObjectsV1);
        QTest::newRow("list v2") << QByteArray("GET") << QByteArray("/b?list-type=2") << false << int(S3Operation::ListObjectsV2);
        QTest::newRow("uploads") << QByteArray("GET") << QByteArray("/b?uploads") << false << int(S3Operation::ListMultipartUploads);
        QTest::newRow("multi delete") << QByteArray("POST") << QByteArray("/b?delete") << false << int(S3Operation::DeleteObjects);
        QTest::newRow("get") << QByteArray("GET") << QByteArray("/b/k") << false << int(S3Operation::GetObject);
        QTest::newRow("put") << QByteArray("PUT") << QByteArray("/b/k") << false << int(S3Operation::PutObject);
        QTest::newRow("copy") << QByteArray("PUT") << QByteArray("/b/k") << true << int(S3Operation::CopyObject);
        QTest::newRow("part") << QByteArray("PUT") << QByteArray("/b/k?partNumber=1&uploadId=u") << false << int(S3Operation::UploadPart);
        QTest::newRow("part copy") << QByteArray("PUT") << QByteArray("/b/k?partNumber=1&uploadId=u") << true << int(S3Operation::UploadPartCopy);
        QTest::newRow("create mpu") << QByteArray("POST") << QByteArray("/b/k?uploads") << false << int(S3Operation::CreateMultipartUpload);
        QTest::newRow("complete") << QByteArray("POST") << QByteArray("/b/k?uploadId=u") << false << int(S3Operation::CompleteMultipartUpload);
        QTest::newRow("abort") << QByteArray("DELETE") << QByteArray("/b/k?uploadId=u") << false << int(S3Operation::AbortMultipartUpload);
        QTest::newRow("list parts") << QByteArray("GET") << QByteArray("/b/k?uploadId=u") << false << int(S3Operation::ListParts);
        QTest::newRow("get tagging") << QByteArray("GET") << QByteArray("/b/k?tagging") << false << int(S3Operation::GetObjectTagging);
        QTest::newRow("put tagging") << QByteArray("PUT") << QByteArray("/b/k?tagging") << false << int(S3Operation::PutObjectTagging);
        QTest::newRow("put tagging is no copy") << QByteArray("PUT") << QByteArray("/b/k?tagging") << true << int(S3Operation::PutObjectTagging);
        QTest::newRow("delete tagging") << QByteArray("DELETE") << QByteArray("/b/k?tagging&versionId=null") << false << int(S3Operation::DeleteObjectTagging);
        QTest::newRow("post tagging") << QByteArray("POST") << QByteArray("/b/k?tagging") << false << int(S3Operation::MethodNotAllowed);
        QTest::newRow("bucket tagging") << QByteArray("GET") << QByteArray("/b?tagging") << false << int(S3Operation::Unsupported);
        QTest::newRow("put bucket tagging") << QByteArray("PUT") << QByteArray("/b?tagging") << false << int(S3Operation::Unsupported);
        QTest::newRow("tagging with acl") << QByteArray("GET") << QByteArray("/b/k?tagging&acl") << false << int(S3Operation::Unsupported);
        QTest::newRow("versionId alone") << QByteArray("GET") << QByteArray("/b/k?versionId=null") << false << int(S3Operation::Unsupported);
        QTest::newRow("acl is not a PUT") << QByteArray("PUT") << QByteArray("/b?acl") << false << int(S3Operation::Unsupported);
        QTest::newRow("get cors") << QByteArray("GET") << QByteArray("/b?cors") << false << int(S3Operation::GetBucketCors);
        QTest::newRow("put cors") << QByteArray("PUT") << QByteArray("/b?cors") << false << int(S3Operation::PutBucketCors);
        QTest::newRow("delete cors") << QByteArray("DELETE") << QByteArray("/b?cors=") << false << int(S3Operation::DeleteBucketCors);
        QTest::newRow("post cors") << QByteArray("POST") << QByteArray("/b?cors") << false << int(S3Operation::MethodNotAllowed);
        QTest::newRow("cors is not the object") << QByteArray("GET") << QByteArray("/b/k?cors") << false << int(S3Operation::Unsupported);
        QTest::newRow("patch") << QByteArray("PATCH") << QByteArray("/b/k") << false << int(S3Operation::MethodNotAllowed);
    }
    void router()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(bool, copy);
        QFETCH(int, op);
        HttpRequest http = make(method, target);
        if (copy)
            http.headers.append(HttpHeader{"x-amz-copy-source", "src/key"});
        const auto r = S3Request::parse(http, {});
        QVERIFY(r.ok());
        QCOMPARE(int(S3Router::route(http, r.value())), op);
    }

    void bucketNames()
    {
        for (const char *good : {"abc", "my-bucket.v2", "a1b", "123"})
            QVERIFY2(BucketNames::isValidForCreate(QString::fromLatin1(good)), good);
        for (const char *bad : {"ab", "Abc", "a_b", "-ab", "ab-", "a..b", "192.168.1.1", "xn--ab", "ab-s3alias",
                                "sthree-x", ".ab"})
            QVERIFY2(!BucketNames::isValidForCreate(QString::fromLatin1(bad)), bad);
        QVERIFY(!BucketNames::isPlausible(QStringLiteral(".s3cascade")));
        QVERIFY(!BucketNames::isPlausible(QString()));
        QVERIFY(BucketNames::isPlausible(QStringLiteral("Legacy_Bucket")));
    }

    void httpDates()
    {
        const QDateTime t(QDate(1994, 11, 6), QTime(8, 49, 37), QTimeZone::utc());
        QCOMPARE(formatHttpDate(t), QByteArray("Sun, 06 Nov 1994 08:49:37 GMT"));
        // The formatter does its own calendar arithmetic (issue #12): it must agree with
        // QDateTime everywhere, leap days, centuries and dates before 1970 included.
        const auto reference = [](qint64 secs) -> QByteArray {
            const QDateTime r = QDateTime::fromSecsSinceEpoch(secs, QTimeZone::utc());
            static const char *const kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
            static const char *const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
            return QByteArray(kDays[r.date().dayOfWeek() - 1]) + ", " +
                   QByteArray::number(r.date().day()).rightJustified(2, '0') + ' ' +
                   kMonths[r.date().month() - 1] + ' ' + QByteArray::number(r.date().year()).rightJustified(4, '0') +
                   ' ' + r.time().toString(QStringLiteral("HH:mm:ss")).toLatin1() + " GMT";
        };
        for (qint64 secs : {qint64(0), qint64(-1), qint64(951782400), qint64(951868799), qint64(4107542400),
                            qint64(253402300799), qint64(-2208988800), qint64(-62135596800)})
            QCOMPARE(HttpDate::format(secs), reference(secs));
        quint64 x = 88172645463325252ULL; // xorshift: the same sample every run
        for (int i = 0; i < 20000; ++i) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            const qint64 secs = qint64(x % 315537897600ULL) - 62135596800LL; // years 1 .. 9999
            QCOMPARE(HttpDate::format(secs), reference(secs));
        }
        QCOMPARE(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT").value(), t);
        QCOMPARE(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT").value(), t);
        QCOMPARE(parseHttpDate("Sun Nov  6 08:49:37 1994").value(), t);
        QVERIFY(!parseHttpDate("yesterday").has_value());
        // By hand now: every field is checked, nothing is guessed.
        QCOMPARE(parseHttpDate("  Sun, 06 Nov 1994 08:49:37 GMT ").value(), t);
        QCOMPARE(parseHttpDate("Thu, 29 Feb 2024 23:59:59 GMT").value(),
                 QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59), Qt::UTC));
        QCOMPARE(parseHttpDate("Thursday, 01-Jan-70 00:00:00 GMT").value().toSecsSinceEpoch(), 0);
        for (const char *bad : {"Sun, 31 Feb 2026 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                                "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
                                "Sun, 06 Nvx 1994 08:49:37 GMT", "Sun, 06 Nov 94 8:49:37 GMT",
                                "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun Nov  6 08:49:37 94", "", "Sun,"})
            QVERIFY2(!parseHttpDate(bad).has_value(), bad);
        QCOMPARE(formatIso8601(t), QStringLiteral("1994-11-06T08:49:37.000Z"));
        // The hand-made formatter against Qt's, over leap days, century rules, both sides of
        // the epoch and milliseconds.
        for (qint64 ms = -2208988800000LL; ms < 7258118400000LL; ms += 86399123LL * 37)
            QCOMPARE(formatIso8601(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)),
                     QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")));
        QCOMPARE(formatIso8601(QDateTime(QDate(2000, 2, 29), QTime(23, 59, 59, 999), Qt::UTC)),
                 QStringLiteral("2000-02-29T23:59:59.999Z"));
        QCOMPARE(formatIso8601(QDateTime()), QString());
    }

    void continuationTokens()
    {
        const QString key = QString::fromUtf8("dir/\xe6\x97\xa5\xe6\x9c\xac/a b+c");
        QCOMPARE(ListHandler::decodeToken(ListHandler::encodeToken(key)).value(), key);
        QVERIFY(!ListHandler::decodeToken(QStringLiteral("!!!")).has_value());
        QVERIFY(!ListHandler::decodeToken(QString()).has_value());
    }
};

QTEST_GUILESS_MAIN(TestS3Request)
#include "test_s3request.moc"
