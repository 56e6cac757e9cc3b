#include "backends/multi/ListingMerger.h"

#include <QTest>

using namespace s3c;

class TestListingMerger : public QObject
{
    Q_OBJECT
private slots:
    void earlierBackendWinsDuplicates();
    void keysAndPrefixesInterleave();
    void pageStopsAtTheShortestTruncatedBackend();
    void prefixAtStartAfterIsNotRepeated();
    void maxKeysZeroIsEmpty();
    void servedByNamesContributors();
    void bucketsSortInUtf8ByteOrder();
};

namespace {

ObjectInfo object(const QString &key, qint64 size = 1)
{
    ObjectInfo o;
    o.key = key;
    o.size = size;
    return o;
}

ListObjectsResult page(const QStringList &keys, const QStringList &prefixes = {}, bool truncated = false,
                       qint64 size = 1)
{
    ListObjectsResult r;
    for (const QString &k : keys)
        r.objects.append(object(k, size));
    r.commonPrefixes = prefixes;
    r.truncated = truncated;
    return r;
}

QStringList keysOf(const ListObjectsResult &r)
{
    QStringList out;
    for (const ObjectInfo &o : r.objects)
        out.append(o.key);
    return out;
}

} // namespace

void TestListingMerger::earlierBackendWinsDuplicates()
{
    ListObjectsRequest req;
    ListingMerger m(req);
    m.add(QStringLiteral("primary"), page({QStringLiteral("a"), QStringLiteral("c")}, {}, false, 10));
    m.add(QStringLiteral("fallback"), page({QStringLiteral("a"), QStringLiteral("b")}, {}, false, 20));
    const ListObjectsResult r = m.result();
    QCOMPARE(keysOf(r), QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(r.objects.at(0).size, qint64(10)); // the primary's "a"
    QCOMPARE(r.objects.at(1).size, qint64(20));
    QVERIFY(!r.truncated);
    QVERIFY(r.nextMarker.isEmpty());
}

void TestListingMerger::keysAndPrefixesInterleave()
{
    ListObjectsRequest req;
    req.delimiter = QStringLiteral("/");
    req.maxKeys = 3;
    ListingMerger m(req);
    m.add(QStringLiteral("a"), page({QStringLiteral("a"), QStringLiteral("c")}, {QStringLiteral("b/")}));
    m.add(QStringLiteral("b"), page({QStringLiteral("d")}, {QStringLiteral("b/"), QStringLiteral("bb/")}));
    const ListObjectsResult r = m.result();
    // a, b/, bb/ are the first three entries; keys and prefixes count together.
    QCOMPARE(keysOf(r), QStringList({QStringLiteral("a")}));
    QCOMPARE(r.commonPrefixes, QStringList({QStringLiteral("b/"), QStringLiteral("bb/")}));
    QVERIFY(r.truncated);
    QCOMPARE(r.nextMarker, QStringLiteral("bb/"));
}

void TestListingMerger::pageStopsAtTheShortestTruncatedBackend()
{
    // Backend "a" says it has more after "c" while "b" already listed up to "z": keys of "a"
    // between "c" and "z" are unknown, so the page must end at "c".
    ListObjectsRequest req;
    req.maxKeys = 5;
    ListingMerger m(req);
    m.add(QStringLiteral("a"), page({QStringLiteral("a"), QStringLiteral("c")}, {}, true));
    m.add(QStringLiteral("b"), page({QStringLiteral("b"), QStringLiteral("y"), QStringLiteral("z")}));
    const ListObjectsResult r = m.result();
    QCOMPARE(keysOf(r), QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QVERIFY(r.truncated);
    QCOMPARE(r.nextMarker, QStringLiteral("c"));
}

void TestListingMerger::prefixAtStartAfterIsNotRepeated()
{
    ListObjectsRequest req;
    req.delimiter = QStringLiteral("/");
    req.startAfter = QStringLiteral("b/");
    ListingMerger m(req);
    m.add(QStringLiteral("a"), page({QStringLiteral("c")}, {QStringLiteral("b/")}));
    m.add(QStringLiteral("b"), page({QStringLiteral("a")}, {})); // before startAfter: dropped
    const ListObjectsResult r = m.result();
    QCOMPARE(keysOf(r), QStringList({QStringLiteral("c")}));
    QVERIFY(r.commonPrefixes.isEmpty());
}

void TestListingMerger::maxKeysZeroIsEmpty()
{
    ListObjectsRequest req;
    req.maxKeys = 0;
    ListingMerger m(req);
    m.add(QStringLiteral("a"), page({}, {}, true));
    const ListObjectsResult r = m.result();
    QVERIFY(r.objects.isEmpty());
    QVERIFY(!r.truncated); // no marker to continue from: never claim more
}

void TestListingMerger::servedByNamesContributors()
{
    ListObjectsRequest req;
    req.maxKeys = 1;
    ListingMerger m(req);
    m.add(QStringLiteral("one"), page({QStringLiteral("b")}));
    m.add(QStringLiteral("two"), page({QStringLiteral("a")}));
    QCOMPARE(m.result().servedBy, QStringList({QStringLiteral("two")}));

    ListingMerger empty(req);
    empty.add(QStringLiteral("one"), page({}));
    empty.add(QStringLiteral("two"), page({}));
    QCOMPARE(empty.result().servedBy, QStringList({QStringLiteral("one"), QStringLiteral("two")}));
}

void TestListingMerger::bucketsSortInUtf8ByteOrder()
{
    // U+FFFD sorts after U+1F600 in UTF-16 (0xD83D < 0xFFFD) but before it in UTF-8 bytes
    // (0xEF < 0xF0), which is S3's order.
    const QString replacement = QString(QChar(0xFFFD));
    const QString emoji = QString::fromUtf8("\xF0\x9F\x98\x80");
    QList<BucketInfo> a{{QStringLiteral("b"), {}}, {emoji, {}}};
    QList<BucketInfo> b{{replacement, {}}, {QStringLiteral("a"), {}}, {QStringLiteral("b"), {}}};
    const QList<BucketInfo> merged = ListingMerger::mergeBuckets({a, b});
    QStringList names;
    for (const BucketInfo &info : merged)
        names.append(info.name);
    QCOMPARE(names, QStringList({QStringLiteral("a"), QStringLiteral("b"), replacement, emoji}));
}

QTEST_GUILESS_MAIN(TestListingMerger)
#include "test_listingmerger.moc"
