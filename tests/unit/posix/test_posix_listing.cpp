#include "PosixTestClient.h"
#include "backends/posix/PosixBackend.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace s3c;
using namespace s3c::test;

namespace {

const QString kBucket = QStringLiteral("bucket");
const QString kLarge = QStringLiteral("large");

// Keys chosen to defeat a naive directory walk: '-' (0x2d) and '.' (0x2e) sort before '/'
// (0x2f), '0' after it; folder markers, dot-files, multi-byte UTF-8, deep nesting. No key is
// both a file and a directory ("a" and "a/b"), which this backend cannot store.
const QStringList kKeys = {
    QStringLiteral("a-b"),
    QStringLiteral("a.b"),
    QStringLiteral("a0"),
    QStringLiteral("a/"),
    QStringLiteral("a/b-c"),
    QStringLiteral("a/b.c"),
    QStringLiteral("a/b/"),
    QStringLiteral("a/b/cc"),
    QStringLiteral("a/b/c-d"),
    QStringLiteral("a/b/c/d"),
    QStringLiteral("a/x"),
    QStringLiteral("a/x-y/z"),
    QStringLiteral("a/x.y"),
    QStringLiteral("a/x0"),
    QStringLiteral("b"),
    QStringLiteral("b-"),
    QStringLiteral("b0/"),
    QStringLiteral("b0/1"),
    QStringLiteral("é"),
    QStringLiteral("é0/x"),
    QStringLiteral("é-"),
    QStringLiteral("日本/語"),
    QStringLiteral("日本語"),
    QStringLiteral("z~"),
    QStringLiteral("A"),
    QStringLiteral("a b"),
    QStringLiteral(".dot"),
    QStringLiteral(".dot-x/y"),
    QStringLiteral("x/y/z/"),
    QStringLiteral("x/y/z/w"),
    QStringLiteral("x/y-z"),
    QStringLiteral("x-y/z"),
    QStringLiteral("x.y/z"),
    QStringLiteral("deep/1/2/3/4/5"),
    QStringLiteral("deep/1/2/3/4-5"),
    QStringLiteral("deep/1/2-3"),
    QStringLiteral("+plus"),
    QStringLiteral("%pct"),
    QStringLiteral("~tilde"),
    QStringLiteral("sp ace/x"),
};

struct Entry
{
    QString key;
    bool isPrefix = false;
    bool operator==(const Entry &o) const { return key == o.key && isPrefix == o.isPrefix; }
};

struct Page
{
    QList<Entry> entries;
    bool truncated = false;
    QString nextMarker;
};

// S3 ListObjects by definition: every key in UTF-8 byte order, filtered by prefix and marker,
// rolled up at the first delimiter after the prefix, cut at maxKeys.
Page reference(const QString &prefix, const QString &delimiter, const QString &marker, int maxKeys,
               const QStringList &keys = kKeys)
{
    QList<QByteArray> sorted;
    for (const QString &k : keys)
        sorted.append(k.toUtf8());
    std::sort(sorted.begin(), sorted.end());
    const QByteArray p = prefix.toUtf8(), d = delimiter.toUtf8(), m = marker.toUtf8();
    QList<Entry> all;
    QByteArray lastPrefix;
    for (const QByteArray &k : sorted) {
        if (!k.startsWith(p) || k <= m)
            continue;
        const qsizetype at = d.isEmpty() ? -1 : k.indexOf(d, p.size());
        if (at >= 0) {
            const QByteArray cp = k.left(at + d.size());
            if (cp <= m || cp == lastPrefix)
                continue;
            lastPrefix = cp;
            all.append({QString::fromUtf8(cp), true});
        } else {
            all.append({QString::fromUtf8(k), false});
        }
    }
    Page page;
    page.entries = all.mid(0, maxKeys);
    page.truncated = all.size() > maxKeys;
    if (page.truncated && !page.entries.isEmpty())
        page.nextMarker = page.entries.constLast().key;
    return page;
}

} // namespace

class TestPosixListing : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void pagesMatchReference_data();
    void pagesMatchReference();
    void arbitraryMarkers();
    void objectsCarryMetadata();
    void emptyDirectoriesAreNotPrefixes();
    void zeroMaxKeysAndImpossiblePrefixes();
    void largeTreePagesMatchReference_data();
    void largeTreePagesMatchReference();

private:
    Page list(const QString &prefix, const QString &delimiter, const QString &marker, int maxKeys,
              const QString &bucket = kBucket);
    void fillLargeTree();

    QStringList m_largeKeys; // of kLarge, once filled

    QTemporaryDir m_dir;
    std::unique_ptr<PosixBackend> m_backend;
};

void TestPosixListing::initTestCase()
{
    QVERIFY(m_dir.isValid());
    PosixOptions options;
    options.fsync = PosixOptions::Fsync::None;
    m_backend = std::make_unique<PosixBackend>(m_dir.path(), options);
    QVERIFY(createBucket(*m_backend, kBucket).ok());
    for (const QString &key : kKeys) {
        Result<ObjectInfo> put = putObject(*m_backend, kBucket, key, key.toUtf8());
        QVERIFY2(put.ok(), qPrintable(key));
    }
}

void TestPosixListing::cleanupTestCase()
{
    m_backend.reset();
    QCOMPARE(contractViolations(), 0);
}

Page TestPosixListing::list(const QString &prefix, const QString &delimiter, const QString &marker,
                            int maxKeys, const QString &bucket)
{
    ListObjectsRequest request{bucket, prefix, delimiter, marker, maxKeys};
    Result<ListObjectsResult> r = listObjects(*m_backend, request);
    Page page;
    if (!r.ok()) {
        page.nextMarker = QStringLiteral("<error %1>").arg(r.failure().text());
        return page;
    }
    // Merge objects and prefixes back into key order, as S3 clients do.
    for (const ObjectInfo &o : r->objects)
        page.entries.append({o.key, false});
    for (const QString &p : r->commonPrefixes)
        page.entries.append({p, true});
    std::sort(page.entries.begin(), page.entries.end(),
              [](const Entry &a, const Entry &b) { return a.key.toUtf8() < b.key.toUtf8(); });
    page.truncated = r->truncated;
    page.nextMarker = r->nextMarker;
    return page;
}

void TestPosixListing::pagesMatchReference_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("delimiter");
    const QStringList prefixes = {QString(),
                                  QStringLiteral("a"),
                                  QStringLiteral("a/"),
                                  QStringLiteral("a/b"),
                                  QStringLiteral("a/b/"),
                                  QStringLiteral("x/y/"),
                                  QStringLiteral("é"),
                                  QStringLiteral("deep/1/"),
                                  QStringLiteral("nomatch")};
    for (const QString &prefix : prefixes) {
        for (const QString &delimiter : {QString(), QStringLiteral("/")})
            QTest::addRow("prefix '%s' delimiter '%s'", qPrintable(prefix), qPrintable(delimiter))
                << prefix << delimiter;
    }
    // Delimiters other than '/' cut inside directory names.
    for (const QString &delimiter :
         {QStringLiteral("-"), QStringLiteral("b"), QStringLiteral("/c"), QStringLiteral("本")})
        for (const QString &prefix : {QString(), QStringLiteral("a/")})
            QTest::addRow("prefix '%s' delimiter '%s'", qPrintable(prefix), qPrintable(delimiter))
                << prefix << delimiter;
}

// Every page size from 1 to past the end, following NextMarker page by page; each page must
// equal the reference's page for the same marker.
void TestPosixListing::pagesMatchReference()
{
    QFETCH(QString, prefix);
    QFETCH(QString, delimiter);
    const int total = int(reference(prefix, delimiter, QString(), 1000).entries.size());
    for (int maxKeys = 1; maxKeys <= total + 1; ++maxKeys) {
        QString marker;
        QList<Entry> seen;
        for (int pages = 0; pages <= total + 1; ++pages) {
            const Page expected = reference(prefix, delimiter, marker, maxKeys);
            const Page actual = list(prefix, delimiter, marker, maxKeys);
            if (!(actual.entries == expected.entries) || actual.truncated != expected.truncated ||
                actual.nextMarker != expected.nextMarker) {
                QStringList a, e;
                for (const Entry &x : actual.entries)
                    a.append(x.key + (x.isPrefix ? QStringLiteral("(P)") : QString()));
                for (const Entry &x : expected.entries)
                    e.append(x.key + (x.isPrefix ? QStringLiteral("(P)") : QString()));
                QFAIL(qPrintable(
                    QStringLiteral("maxKeys %1 marker '%2': got [%3] truncated %4 next '%5', expected [%6] "
                                   "truncated %7 next '%8'")
                        .arg(maxKeys)
                        .arg(marker, a.join(QLatin1Char(',')))
                        .arg(actual.truncated)
                        .arg(actual.nextMarker, e.join(QLatin1Char(',')))
                        .arg(expected.truncated)
                        .arg(expected.nextMarker)));
            }
            seen += actual.entries;
            if (!actual.truncated)
                break;
            marker = actual.nextMarker;
        }
        QCOMPARE(seen, reference(prefix, delimiter, QString(), 1000).entries);
    }
}

void TestPosixListing::arbitraryMarkers()
{
    QStringList markers = kKeys;
    markers << QStringLiteral("a/b") << QStringLiteral("a/b/c") << QStringLiteral("0") << QStringLiteral("zz")
            << QStringLiteral("a/x-") << QStringLiteral("deep/1/2/3/") << QStringLiteral("\u00ff");
    for (const QString &marker : std::as_const(markers)) {
        for (const QString &delimiter : {QString(), QStringLiteral("/")}) {
            for (int maxKeys : {1, 3, 1000}) {
                const Page expected = reference(QString(), delimiter, marker, maxKeys);
                const Page actual = list(QString(), delimiter, marker, maxKeys);
                QVERIFY2(actual.entries == expected.entries && actual.truncated == expected.truncated,
                         qPrintable(QStringLiteral("marker '%1' delimiter '%2' maxKeys %3")
                                        .arg(marker, delimiter)
                                        .arg(maxKeys)));
            }
        }
    }
}

void TestPosixListing::objectsCarryMetadata()
{
    ListObjectsRequest request{kBucket, QStringLiteral("a/b/"), QString(), QString(), 1000};
    Result<ListObjectsResult> r = listObjects(*m_backend, request);
    QVERIFY(r.ok());
    QVERIFY(!r->objects.isEmpty());
    for (const ObjectInfo &o : r->objects) {
        QCOMPARE(o.size, o.key.toUtf8().size());
        QCOMPARE(o.etag, quotedMd5(o.key.toUtf8()));
        QVERIFY(o.lastModified.isValid());
    }
}

void TestPosixListing::emptyDirectoriesAreNotPrefixes()
{
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("bucket/empty/sub/dirs")));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("bucket/a/empty")));
    for (const QString &prefix : {QString(), QStringLiteral("a/"), QStringLiteral("empty/")}) {
        for (const QString &delimiter : {QString(), QStringLiteral("/")}) {
            const Page expected = reference(prefix, delimiter, QString(), 1000);
            const Page actual = list(prefix, delimiter, QString(), 1000);
            QVERIFY2(actual.entries == expected.entries, qPrintable(prefix + QLatin1Char('|') + delimiter));
        }
    }
    QVERIFY(QDir(m_dir.filePath(QStringLiteral("bucket/empty"))).removeRecursively());
    QVERIFY(QDir(m_dir.path()).rmdir(QStringLiteral("bucket/a/empty")));
}

void TestPosixListing::zeroMaxKeysAndImpossiblePrefixes()
{
    Page zero = list(QString(), QString(), QString(), 0);
    QVERIFY(zero.entries.isEmpty());
    QVERIFY(!zero.truncated);
    for (const QString &prefix : {QStringLiteral("a//"), QStringLiteral("../"), QStringLiteral("a/../a/"),
                                  QStringLiteral("/a"), QStringLiteral(".s3cascade-dir")}) {
        Page page = list(prefix, QString(), QString(), 1000);
        QVERIFY2(page.entries.isEmpty() && page.nextMarker.isEmpty(), qPrintable(prefix));
    }
}

// Directories larger than a page, most of them written straight to disk (plain files, as a
// directory that existed before the gateway): 40 folders of 60 keys, one of 1500, one holding
// 150 empty directories before its 3 keys (a page's first pass over it yields nothing), and
// nested keys ("n", "n/", "n/a", "n/a/b": files and directories of one name, put through the
// backend).
void TestPosixListing::fillLargeTree()
{
    if (!m_largeKeys.isEmpty())
        return;
    QVERIFY(createBucket(*m_backend, kLarge).ok());
    const QString root = m_dir.filePath(kLarge);
    const auto write = [&](const QString &key) {
        const QString path = root + QLatin1Char('/') + key;
        QVERIFY(QDir().mkpath(path.left(path.lastIndexOf(QLatin1Char('/')))));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(key.toUtf8());
        m_largeKeys.append(key);
    };
    for (int folder = 0; folder < 40; ++folder)
        for (int i = 0; i < 60; ++i)
            write(QStringLiteral("f%1/k%2").arg(folder, 2, 10, QLatin1Char('0')).arg(i, 3, 10, QLatin1Char('0')));
    for (int i = 0; i < 1500; ++i)
        write(QStringLiteral("flat/o%1").arg(i, 4, 10, QLatin1Char('0')));
    for (int i = 0; i < 150; ++i)
        QVERIFY(QDir(root).mkpath(QStringLiteral("holes/e%1/sub").arg(i, 3, 10, QLatin1Char('0'))));
    for (const QString &key : {QStringLiteral("holes/x"), QStringLiteral("holes/y-1"), QStringLiteral("holes/z/1")})
        write(key);
    for (const QString &key : {QStringLiteral("n"), QStringLiteral("n/"), QStringLiteral("n/a"), QStringLiteral("n/a/b"),
                               QStringLiteral("n-"), QStringLiteral("f05/k010/deeper")}) {
        QVERIFY2(putObject(*m_backend, kLarge, key, key.toUtf8()).ok(), qPrintable(key));
        m_largeKeys.append(key);
    }
}

void TestPosixListing::largeTreePagesMatchReference_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("delimiter");
    QTest::addColumn<int>("maxKeys");
    for (int maxKeys : {1, 5, 97, 1000}) {
        for (const QString &delimiter : {QString(), QStringLiteral("/"), QStringLiteral("1")}) {
            for (const QString &prefix : {QString(), QStringLiteral("holes/"), QStringLiteral("flat/o1"),
                                          QStringLiteral("n"), QStringLiteral("f05/")}) {
                if (maxKeys == 1 && prefix.isEmpty() && delimiter.isEmpty())
                    continue; // 4000 pages: the other page sizes walk the same tree
                QTest::addRow("max %d delimiter '%s' prefix '%s'", maxKeys, qPrintable(delimiter), qPrintable(prefix))
                    << prefix << delimiter << maxKeys;
            }
        }
    }
}

// Every page of a full pagination equals the reference's page at the same marker, so every key
// and CommonPrefix comes exactly once and in order, however the directories split into passes.
void TestPosixListing::largeTreePagesMatchReference()
{
    QFETCH(QString, prefix);
    QFETCH(QString, delimiter);
    QFETCH(int, maxKeys);
    fillLargeTree();
    const QList<Entry> all = reference(prefix, delimiter, QString(), 100000, m_largeKeys).entries;
    QList<Entry> seen;
    QString marker;
    for (int pages = 0;; ++pages) {
        QVERIFY2(pages <= all.size(), "pagination does not end");
        const Page expected = reference(prefix, delimiter, marker, maxKeys, m_largeKeys);
        const Page actual = list(prefix, delimiter, marker, maxKeys, kLarge);
        QVERIFY2(actual.entries == expected.entries && actual.truncated == expected.truncated &&
                     actual.nextMarker == expected.nextMarker,
                 qPrintable(QStringLiteral("page %1 after '%2': %3 entries, expected %4; first '%5', expected '%6'")
                                .arg(pages)
                                .arg(marker)
                                .arg(actual.entries.size())
                                .arg(expected.entries.size())
                                .arg(actual.entries.value(0).key, expected.entries.value(0).key)));
        seen += actual.entries;
        if (!actual.truncated)
            break;
        marker = actual.nextMarker;
    }
    QCOMPARE(seen.size(), all.size());
    QVERIFY(seen == all);
}

QTEST_GUILESS_MAIN(TestPosixListing)
#include "test_posix_listing.moc"
