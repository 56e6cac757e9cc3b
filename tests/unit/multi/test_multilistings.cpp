// Merged bucket and object listings, partial listings, missing buckets.
#include "MultiRig.h"

#include <QTest>

using namespace s3c;
using namespace s3c::testing;

class TestMultiListings : public QObject
{
    Q_OBJECT
private slots:
    void bucketListsMerge();
    void bucketListWithFailedBackend();
    void objectListingsMerge_data();
    void objectListingsMerge();
    void listingWithFailedBackend();
    void listingOfMissingBucket();
};

void TestMultiListings::bucketListsMerge()
{
    Rig rig;
    rig.b[0]->addBucket(QStringLiteral("c"));
    rig.b[0]->addBucket(QStringLiteral("b"));
    rig.b[1]->addBucket(QStringLiteral("c"));
    rig.b[1]->addBucket(QStringLiteral("a"));
    rig.b[2]->addBucket(QStringLiteral("z"));
    auto r = await<QList<BucketInfo>>([&](auto cb) { rig.multi->listBuckets(cb); });
    QVERIFY(r.ok());
    QStringList names;
    for (const BucketInfo &b : *r)
        names.append(b.name);
    QCOMPARE(names, QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                 QStringLiteral("z")}));
}

void TestMultiListings::bucketListWithFailedBackend()
{
    for (bool partial : {false, true}) {
        MultiOptions o;
        o.partialListing = partial;
        Rig rig(2, o);
        rig.b[0]->addBucket(QStringLiteral("a"));
        rig.b[1]->setMode(Mode::Refuse);
        auto r = await<QList<BucketInfo>>([&](auto cb) { rig.multi->listBuckets(cb); });
        if (partial) {
            QVERIFY(r.ok());
            QCOMPARE(r->size(), 1);
        } else {
            QCOMPARE(r.error(), S3Error::ServiceUnavailable);
        }
    }
}

void TestMultiListings::objectListingsMerge_data()
{
    QTest::addColumn<int>("shortPages");
    QTest::newRow("full pages") << 0;
    // Some S3 services end a page early and say it is truncated; the merged page must then stop
    // at what that backend has certainly listed.
    QTest::newRow("short pages") << 1;
}

void TestMultiListings::objectListingsMerge()
{
    QFETCH(int, shortPages);
    Rig rig;
    if (shortPages) {
        rig.b[1]->setListPageLimit(1);
        rig.b[2]->setListPageLimit(3);
    }
    const QStringList k1{QStringLiteral("a"),       QStringLiteral("dir/x"),
                         QStringLiteral("dir/y/1"), QStringLiteral("m"),
                         QStringLiteral("z-last"),  QString::fromUtf8("\xc3\xa9t\xc3\xa9")};
    const QStringList k2{QStringLiteral("a"),     QStringLiteral("b"),    QStringLiteral("dir/y/2"),
                         QStringLiteral("dir/z"), QStringLiteral("dir-"), QStringLiteral("n/o/p")};
    const QStringList k3{QStringLiteral("c"), QStringLiteral("dir/"), QStringLiteral("dir/a"),
                         QString::fromUtf8("\xf0\x9f\x98\x80"), QString(QChar(0xFFFD))};
    rig.b[0]->addBucket(kBucket);
    for (const QString &k : k1)
        rig.b[0]->addObject(kBucket, k, "1");
    for (const QString &k : k2)
        rig.b[1]->addObject(kBucket, k, "22");
    for (const QString &k : k3)
        rig.b[2]->addObject(kBucket, k, "333");
    const QStringList all = k1 + k2 + k3;
    for (int maxKeys : {1, 2, 7, 1000}) {
        for (const QString &delimiter : {QString(), QStringLiteral("/")}) {
            for (const QString &prefix : {QString(), QStringLiteral("dir/")}) {
                bool ok = false;
                const QList<Entry> got = walk(*rig.multi, prefix, delimiter, maxKeys, &ok);
                const QString what = QStringLiteral("max-keys %1 delimiter '%2' prefix '%3'")
                                         .arg(maxKeys)
                                         .arg(delimiter, prefix);
                QVERIFY2(ok, qPrintable(what));
                QVERIFY2(got == bruteForce(all, prefix, delimiter), qPrintable(what));
            }
        }
    }
    // "a" is on b1 and b2: the primary's entry is listed.
    auto r =
        await<ListObjectsResult>([&](auto cb) { rig.multi->listObjects(ListObjectsRequest{kBucket}, cb); });
    QVERIFY(r.ok());
    QCOMPARE(r->objects.first().key, QStringLiteral("a"));
    QCOMPARE(r->objects.first().size, qint64(1));
    QVERIFY(!r->partial);
    if (shortPages) {
        // b2 stopped after "a", so nothing past "a" is certain yet: a one-entry page.
        QCOMPARE(r->objects.size(), 1);
        QVERIFY(r->truncated);
        QCOMPARE(r->servedBy, QStringList({QStringLiteral("b1")}));
    } else {
        QCOMPARE(r->servedBy,
                 QStringList({QStringLiteral("b1"), QStringLiteral("b2"), QStringLiteral("b3")}));
    }
}

void TestMultiListings::listingWithFailedBackend()
{
    for (bool partial : {false, true}) {
        MultiOptions o;
        o.partialListing = partial;
        Rig rig(3, o);
        rig.b[0]->addObject(kBucket, QStringLiteral("a"), "1");
        rig.b[2]->addObject(kBucket, QStringLiteral("c"), "1");
        rig.b[1]->setMode(Mode::ServerError);
        auto r = await<ListObjectsResult>(
            [&](auto cb) { rig.multi->listObjects(ListObjectsRequest{kBucket}, cb); });
        if (!partial) {
            QCOMPARE(r.error(), S3Error::ServiceUnavailable);
            continue;
        }
        QVERIFY(r.ok());
        QVERIFY(r->partial);
        QCOMPARE(r->objects.size(), 2);
        QCOMPARE(r->servedBy, QStringList({QStringLiteral("b1"), QStringLiteral("b3")}));
    }
}

void TestMultiListings::listingOfMissingBucket()
{
    MultiOptions o;
    o.partialListing = true;
    Rig rig(3, o);
    auto list = [&] {
        return await<ListObjectsResult>(
            [&](auto cb) { rig.multi->listObjects(ListObjectsRequest{kBucket}, cb); });
    };
    QCOMPARE(list().error(), S3Error::NoSuchBucket);
    // Only a fallback has it: listed from there (NoSuchBucket from the others is fine).
    rig.b[2]->addObject(kBucket, QStringLiteral("x"), "1");
    auto r = list();
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringList({QStringLiteral("b3")}));
    QVERIFY(!r->partial);
    // Nobody answering has it and one failed: it may be there, so no 404 even with partial.
    rig.b[2]->setMode(Mode::Refuse);
    QCOMPARE(list().error(), S3Error::ServiceUnavailable);
}

QTEST_GUILESS_MAIN(TestMultiListings)
#include "test_multilistings.moc"
