// MetadataCache answers only for the very file an entry was read from, never for a file changed
// so recently that the coarse file times could hide the change, and stays within its capacity.
#include "backends/posix/MetadataCache.h"
#include "backends/posix/PosixFs.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace s3c;

namespace {

FileStat settledFile()
{
    FileStat st;
    st.exists = true;
    st.isFile = true;
    st.size = 4096;
    st.device = 2049;
    st.inode = 77;
    st.mtimeNs = 1700000000LL * 1000000000 + 5;
    st.ctimeNs = 1700000000LL * 1000000000 + 9;
    return st;
}

ObjectInfo infoWithEtag(const QByteArray &etag)
{
    ObjectInfo info;
    info.etag = etag;
    info.size = 4096;
    return info;
}

} // namespace

class TestMetadataCache : public QObject
{
    Q_OBJECT

private slots:
    void answersForTheSameFileOnly();
    void freshFilesAreNeverCached();
    void staysWithinCapacity();
};

void TestMetadataCache::answersForTheSameFileOnly()
{
    MetadataCache cache;
    const QString path = QStringLiteral("/srv/b/k");
    const FileStat st = settledFile();
    QVERIFY(!cache.find(path, st));
    cache.insert(path, st, infoWithEtag("\"one\""));
    QCOMPARE(cache.find(path, st)->etag, QByteArray("\"one\""));
    QVERIFY(!cache.find(QStringLiteral("/srv/b/other"), st));

    // Any difference in identity is another file, or the same one changed.
    FileStat other = st;
    other.inode = 78; // replaced by a rename
    QVERIFY(!cache.find(path, other));
    other = st;
    other.device = 2050;
    QVERIFY(!cache.find(path, other));
    other = st;
    other.size = 4097;
    QVERIFY(!cache.find(path, other));
    other = st;
    other.mtimeNs += 1;
    QVERIFY(!cache.find(path, other));
    other = st;
    other.ctimeNs += 1; // e.g. its extended attributes were rewritten in place
    QVERIFY(!cache.find(path, other));

    // A new read of the changed file replaces the entry.
    other = st;
    other.ctimeNs += 1000;
    cache.insert(path, other, infoWithEtag("\"two\""));
    QCOMPARE(cache.find(path, other)->etag, QByteArray("\"two\""));
    QVERIFY(!cache.find(path, st));
    QCOMPARE(cache.size(), 1);
}

void TestMetadataCache::freshFilesAreNeverCached()
{
    // A file written just now: its times may not tell it from the next version written within
    // the same clock tick, so it is neither cached nor answered from the cache.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("fresh"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("just written") == 12);
    file.close();
    const FileStat st = PosixFs::lstat(path);
    QVERIFY(st.isFile && st.inode != 0 && st.ctimeNs > 0);

    MetadataCache cache;
    cache.insert(path, st, infoWithEtag("\"fresh\""));
    QVERIFY(!cache.find(path, st));
    QCOMPARE(cache.size(), 0);

    // Without the settling time the same file is cached: the guard above is what refused it.
    MetadataCache eager(16, 0);
    eager.insert(path, st, infoWithEtag("\"fresh\""));
    QCOMPARE(eager.find(path, st)->etag, QByteArray("\"fresh\""));
}

void TestMetadataCache::staysWithinCapacity()
{
    MetadataCache cache(3);
    FileStat st = settledFile();
    for (int i = 0; i < 10; ++i) {
        st.inode = quint64(100 + i);
        const QString path = QStringLiteral("/srv/b/k%1").arg(i);
        cache.insert(path, st, infoWithEtag(QByteArray::number(i)));
        QCOMPARE(cache.find(path, st)->etag, QByteArray::number(i)); // the newest is kept
        QVERIFY(cache.size() <= 3);
    }
    QCOMPARE(cache.size(), 3);
    // Oldest first: what a full cache drops does not depend on where the hash put the keys.
    st.inode = 100;
    for (int i = 0; i < 10; ++i) {
        st.inode = quint64(100 + i);
        const bool kept = cache.find(QStringLiteral("/srv/b/k%1").arg(i), st).has_value();
        QVERIFY2(kept == (i >= 7), qPrintable(QString::number(i)));
    }
    // Re-inserting a cached key refreshes it in place, without taking a second slot.
    st.inode = 109;
    cache.insert(QStringLiteral("/srv/b/k9"), st, infoWithEtag("again"));
    QCOMPARE(cache.size(), 3);
    QCOMPARE(cache.find(QStringLiteral("/srv/b/k9"), st)->etag, QByteArray("again"));
    st.inode = 107;
    QVERIFY(cache.find(QStringLiteral("/srv/b/k7"), st));

    MetadataCache off(0);
    off.insert(QStringLiteral("/srv/b/k"), settledFile(), infoWithEtag("x"));
    QCOMPARE(off.size(), 0);
}

QTEST_GUILESS_MAIN(TestMetadataCache)
#include "test_metadata_cache.moc"
