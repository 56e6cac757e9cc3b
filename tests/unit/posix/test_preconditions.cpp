#include "backends/Preconditions.h"

#include <QTest>

using namespace s3c;

namespace {

const QDateTime kModified =
    QDateTime::fromString(QStringLiteral("2024-01-01T12:00:00.700Z"), Qt::ISODateWithMs);

QDateTime at(int secondsFromModified)
{
    return QDateTime::fromString(QStringLiteral("2024-01-01T12:00:00Z"), Qt::ISODate)
        .addSecs(secondsFromModified);
}

} // namespace

class TestPreconditions : public QObject
{
    Q_OBJECT
private slots:
    void conditions_data();
    void conditions();
    void ranges_data();
    void ranges();
    void parse_data();
    void parse();
};

void TestPreconditions::conditions_data()
{
    QTest::addColumn<QByteArray>("ifMatch");
    QTest::addColumn<QByteArray>("ifNoneMatch");
    QTest::addColumn<QDateTime>("ifModifiedSince");
    QTest::addColumn<QDateTime>("ifUnmodifiedSince");
    QTest::addColumn<bool>("copySource");
    QTest::addColumn<S3Error>("expected");

    const QDateTime none;
    const QByteArray tag = "\"abc\"";
    QTest::newRow("no conditions") << QByteArray() << QByteArray() << none << none << false << S3Error::None;
    QTest::newRow("if-match quoted") << tag << QByteArray() << none << none << false << S3Error::None;
    QTest::newRow("if-match unquoted")
        << QByteArray("abc") << QByteArray() << none << none << false << S3Error::None;
    QTest::newRow("if-match weak") << QByteArray("W/\"abc\"") << QByteArray() << none << none << false
                                   << S3Error::None;
    QTest::newRow("if-match list") << QByteArray("\"x\", \"abc\"") << QByteArray() << none << none << false
                                   << S3Error::None;
    QTest::newRow("if-match star") << QByteArray("*") << QByteArray() << none << none << false
                                   << S3Error::None;
    QTest::newRow("if-match other") << QByteArray("\"x\"") << QByteArray() << none << none << false
                                    << S3Error::PreconditionFailed;
    // S3: If-Match true and If-Unmodified-Since false -> 200.
    QTest::newRow("if-match wins over unmodified-since")
        << tag << QByteArray() << none << at(-60) << false << S3Error::None;
    QTest::newRow("if-match false, unmodified-since true")
        << QByteArray("\"x\"") << QByteArray() << none << at(60) << false << S3Error::PreconditionFailed;
    QTest::newRow("unmodified-since before")
        << QByteArray() << QByteArray() << none << at(-1) << false << S3Error::PreconditionFailed;
    QTest::newRow("unmodified-since same second")
        << QByteArray() << QByteArray() << none << at(0) << false << S3Error::None;
    QTest::newRow("unmodified-since after")
        << QByteArray() << QByteArray() << none << at(5) << false << S3Error::None;
    QTest::newRow("if-none-match matches")
        << QByteArray() << tag << none << none << false << S3Error::NotModified;
    QTest::newRow("if-none-match star")
        << QByteArray() << QByteArray("*") << none << none << false << S3Error::NotModified;
    QTest::newRow("if-none-match other")
        << QByteArray() << QByteArray("\"x\"") << none << none << false << S3Error::None;
    // S3: If-None-Match false and If-Modified-Since true -> 304.
    QTest::newRow("if-none-match wins over modified-since")
        << QByteArray() << tag << at(-60) << none << false << S3Error::NotModified;
    QTest::newRow("if-none-match true ignores modified-since")
        << QByteArray() << QByteArray("\"x\"") << at(60) << none << false << S3Error::None;
    QTest::newRow("modified-since after")
        << QByteArray() << QByteArray() << at(60) << none << false << S3Error::NotModified;
    QTest::newRow("modified-since same second")
        << QByteArray() << QByteArray() << at(0) << none << false << S3Error::NotModified;
    QTest::newRow("modified-since before")
        << QByteArray() << QByteArray() << at(-1) << none << false << S3Error::None;
    QTest::newRow("412 before 304") << QByteArray("\"x\"") << tag << none << none << false
                                    << S3Error::PreconditionFailed;
    QTest::newRow("copy if-none-match")
        << QByteArray() << tag << none << none << true << S3Error::PreconditionFailed;
    QTest::newRow("copy modified-since")
        << QByteArray() << QByteArray() << at(60) << none << true << S3Error::PreconditionFailed;
    QTest::newRow("copy if-match") << tag << QByteArray() << none << none << true << S3Error::None;
}

void TestPreconditions::conditions()
{
    QFETCH(QByteArray, ifMatch);
    QFETCH(QByteArray, ifNoneMatch);
    QFETCH(QDateTime, ifModifiedSince);
    QFETCH(QDateTime, ifUnmodifiedSince);
    QFETCH(bool, copySource);
    QFETCH(S3Error, expected);

    Conditions c;
    c.ifMatch = ifMatch;
    c.ifNoneMatch = ifNoneMatch;
    if (ifModifiedSince.isValid())
        c.ifModifiedSince = ifModifiedSince;
    if (ifUnmodifiedSince.isValid())
        c.ifUnmodifiedSince = ifUnmodifiedSince;
    ObjectInfo info;
    info.etag = "\"abc\"";
    info.lastModified = kModified;
    QCOMPARE(evaluatePreconditions(c, info, copySource), expected);
}

void TestPreconditions::ranges_data()
{
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");
    QTest::addColumn<qint64>("suffix");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<S3Error>("error");
    QTest::addColumn<bool>("whole"); // served without a range (200)
    QTest::addColumn<qint64>("resolvedFirst");
    QTest::addColumn<qint64>("resolvedLast");

    QTest::newRow("0-9") << 0LL << 9LL << -1LL << 100LL << S3Error::None << false << 0LL << 9LL;
    QTest::newRow("0-") << 0LL << -1LL << -1LL << 100LL << S3Error::None << false << 0LL << 99LL;
    QTest::newRow("last clipped") << 90LL << 200LL << -1LL << 100LL << S3Error::None << false << 90LL << 99LL;
    QTest::newRow("last byte") << 99LL << 99LL << -1LL << 100LL << S3Error::None << false << 99LL << 99LL;
    QTest::newRow("first at size") << 100LL << -1LL << -1LL << 100LL << S3Error::InvalidRange << false << 0LL
                                   << 0LL;
    QTest::newRow("first past size") << 150LL << 200LL << -1LL << 100LL << S3Error::InvalidRange << false
                                     << 0LL << 0LL;
    QTest::newRow("suffix") << -1LL << -1LL << 20LL << 100LL << S3Error::None << false << 80LL << 99LL;
    QTest::newRow("suffix larger than size")
        << -1LL << -1LL << 200LL << 100LL << S3Error::None << false << 0LL << 99LL;
    QTest::newRow("suffix zero") << -1LL << -1LL << 0LL << 100LL << S3Error::InvalidRange << false << 0LL
                                 << 0LL;
    QTest::newRow("0- on empty") << 0LL << -1LL << -1LL << 0LL << S3Error::InvalidRange << false << 0LL << 0LL;
    QTest::newRow("5-10 on empty") << 5LL << 10LL << -1LL << 0LL << S3Error::InvalidRange << false << 0LL
                                   << 0LL;
    QTest::newRow("suffix on empty") << -1LL << -1LL << 5LL << 0LL << S3Error::InvalidRange << false << 0LL
                                     << 0LL;
}

void TestPreconditions::ranges()
{
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(qint64, suffix);
    QFETCH(qint64, size);
    QFETCH(S3Error, error);
    QFETCH(bool, whole);
    QFETCH(qint64, resolvedFirst);
    QFETCH(qint64, resolvedLast);

    const Result<std::optional<ByteRange>> r = resolveRange(RangeSpec{first, last, suffix}, size);
    QCOMPARE(r.error(), error);
    if (error != S3Error::None)
        return;
    QCOMPARE(r->has_value(), !whole);
    if (whole)
        return;
    QCOMPARE((*r)->first, resolvedFirst);
    QCOMPARE((*r)->last, resolvedLast);

    const Result<std::optional<ByteRange>> noRange = resolveRange(std::nullopt, size);
    QVERIFY(noRange.ok());
    QVERIFY(!noRange->has_value());
}

void TestPreconditions::parse_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");
    QTest::addColumn<qint64>("suffix");

    QTest::newRow("first-last") << QByteArray("bytes=0-9") << true << 0LL << 9LL << -1LL;
    QTest::newRow("open end") << QByteArray("bytes=5-") << true << 5LL << -1LL << -1LL;
    QTest::newRow("suffix") << QByteArray("bytes=-20") << true << -1LL << -1LL << 20LL;
    QTest::newRow("unit case") << QByteArray("Bytes=1-2") << true << 1LL << 2LL << -1LL;
    QTest::newRow("spaces") << QByteArray(" bytes = 1 - 2 ") << true << 1LL << 2LL << -1LL;
    QTest::newRow("multi-range") << QByteArray("bytes=0-9,20-30") << false << 0LL << 0LL << 0LL;
    QTest::newRow("reversed") << QByteArray("bytes=9-0") << false << 0LL << 0LL << 0LL;
    QTest::newRow("dash only") << QByteArray("bytes=-") << false << 0LL << 0LL << 0LL;
    QTest::newRow("other unit") << QByteArray("items=0-9") << false << 0LL << 0LL << 0LL;
    QTest::newRow("letters") << QByteArray("bytes=a-9") << false << 0LL << 0LL << 0LL;
    QTest::newRow("negative last") << QByteArray("bytes=1--2") << false << 0LL << 0LL << 0LL;
    QTest::newRow("empty") << QByteArray() << false << 0LL << 0LL << 0LL;
    QTest::newRow("overflow") << QByteArray("bytes=0-99999999999999999999") << false << 0LL << 0LL << 0LL;
}

void TestPreconditions::parse()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, valid);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(qint64, suffix);

    const std::optional<RangeSpec> spec = parseRangeHeader(header);
    QCOMPARE(spec.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(spec->first, first);
    QCOMPARE(spec->last, last);
    QCOMPARE(spec->suffix, suffix);
}

QTEST_GUILESS_MAIN(TestPreconditions)
#include "test_preconditions.moc"
