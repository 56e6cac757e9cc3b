// The read caches on their own (issue #11): LocationCache and MissCache, LRU order, memory cap,
// TTL, invalidation (also from another thread), switched off.
#include "ManualClock.h"
#include "backends/multi/LocationCache.h"
#include "backends/multi/MissCache.h"
#include "stats/CacheCounters.h"

#include <QTest>

#include <thread>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace s3c;
using s3c::testing::ManualClock;

namespace {

const QString kB = QStringLiteral("b");

QString key(int i)
{
    return QStringLiteral("key-%1").arg(i, 4, 10, QLatin1Char('0'));
}

// What one LocationCache entry of key(i) costs: every key(i) has the same length.
qint64 costOfOne()
{
    LocationCache c(1000, 1 << 20, std::make_shared<ManualClock>());
    c.remember(kB, key(0), 1, c.epoch(kB, key(0)));
    return c.bytes();
}

} // namespace

class TestLocationCache : public QObject
{
    Q_OBJECT
private slots:
    void remembersUntilTheTtl();
    void remembersThePrimaryToo();
    void entryEndsWithTheKnowledgeItRestsOn();
    void writesForgetAndOutdateReadsInFlight();
    void evictsTheLeastRecentlyUsed();
    void staysWithinItsMemoryCap();
    void costEstimateCoversTheHeap();
    void writesInAnotherThreadAreSeen();
    void disabledRemembersNothing();
    void missesPerBackendWithTheirOwnTtl();
    void missesForgottenByWritesAndStaleReads();
    void missCacheIsAnLruWithinItsCap();
    void missCacheDisabled();
};

void TestLocationCache::remembersUntilTheTtl()
{
    auto clock = std::make_shared<ManualClock>();
    auto counters = std::make_shared<CacheCounters>();
    LocationCache c(1000, 1 << 20, clock, counters);
    QVERIFY(c.isEnabled());
    QCOMPARE(c.lookup(kB, QStringLiteral("k")), -1);
    c.remember(kB, QStringLiteral("k"), 2, c.epoch(kB, QStringLiteral("k")));
    QCOMPARE(c.lookup(kB, QStringLiteral("k")), 2);
    QCOMPARE(c.lookup(kB, QStringLiteral("other")), -1);
    QCOMPARE(c.lookup(QStringLiteral("b2"), QStringLiteral("k")), -1);
    clock->advanceMs(999);
    QCOMPARE(c.lookup(kB, QStringLiteral("k")), 2);
    clock->advanceMs(1);
    QCOMPARE(c.lookup(kB, QStringLiteral("k")), -1);
    QCOMPARE(c.size(), 0); // expired entries are dropped when met
    const CacheStatsSnapshot s = counters->snapshot();
    QCOMPARE(s.lookups, quint64(6));
    QCOMPARE(s.hits, quint64(2));
    QCOMPARE(s.entries, qint64(0));
    QCOMPARE(s.bytes, qint64(0));
}

void TestLocationCache::remembersThePrimaryToo()
{
    auto clock = std::make_shared<ManualClock>();
    LocationCache c(1000, 1 << 20, clock);
    c.remember(kB, QStringLiteral("k"), 1, c.epoch(kB, QStringLiteral("k")));
    c.remember(kB, QStringLiteral("k"), 0, c.epoch(kB, QStringLiteral("k"))); // now served by the primary
    QCOMPARE(c.lookup(kB, QStringLiteral("k")), 0);
    QCOMPARE(c.size(), 1);
}

void TestLocationCache::entryEndsWithTheKnowledgeItRestsOn()
{
    auto clock = std::make_shared<ManualClock>();
    LocationCache c(1000, 1 << 20, clock);
    // A read proven by misses that expire in 300 ms is trusted for 300 ms, not the full TTL.
    c.remember(kB, QStringLiteral("k"), 2, c.epoch(kB, QStringLiteral("k")), clock->nowUs() + 300 * 1000);
    clock->advanceMs(299);
    QCOMPARE(c.lookup(kB, QStringLiteral("k")), 2);
    clock->advanceMs(1);
    QCOMPARE(c.lookup(kB, QStringLiteral("k")), -1);
    // Knowledge already expired teaches nothing.
    c.remember(kB, QStringLiteral("k"), 2, c.epoch(kB, QStringLiteral("k")), clock->nowUs());
    QCOMPARE(c.size(), 0);
}

void TestLocationCache::writesForgetAndOutdateReadsInFlight()
{
    auto clock = std::make_shared<ManualClock>();
    LocationCache c(1000, 1 << 20, clock);
    const QString k = QStringLiteral("k");
    c.remember(kB, k, 1, c.epoch(kB, k));
    const quint64 readStarted = c.epoch(kB, k);
    // A key in another stripe: its write says nothing about k.
    QString other;
    for (int i = 0; other.isEmpty(); ++i) {
        if (LocationCache::stripe(LocationCache::slot(kB, key(i))) !=
            LocationCache::stripe(LocationCache::slot(kB, k)))
            other = key(i);
    }
    const quint64 otherRead = c.epoch(kB, other);
    c.forget(kB, k); // our own PUT finished
    QCOMPARE(c.lookup(kB, k), -1);
    // A read that began before the write may have missed it on the primary: not remembered.
    c.remember(kB, k, 1, readStarted);
    QCOMPARE(c.lookup(kB, k), -1);
    c.remember(kB, other, 2, otherRead);
    QCOMPARE(c.lookup(kB, other), 2);
    c.remember(kB, k, 1, c.epoch(kB, k));
    QCOMPARE(c.lookup(kB, k), 1);
    // A stale entry is dropped without voiding reads in flight.
    const quint64 before = c.epoch(kB, k);
    c.drop(kB, k);
    QCOMPARE(c.lookup(kB, k), -1);
    QCOMPARE(c.epoch(kB, k), before);
    c.clear(); // a bucket was created or deleted: every stripe moves
    QCOMPARE(c.lookup(kB, other), -1);
    c.remember(kB, other, 2, otherRead);
    QCOMPARE(c.lookup(kB, other), -1);
}

void TestLocationCache::evictsTheLeastRecentlyUsed()
{
    auto clock = std::make_shared<ManualClock>();
    auto counters = std::make_shared<CacheCounters>();
    // Room for exactly three entries.
    const qint64 one = costOfOne();
    QCOMPARE(one, LruTable<int>::entryCost(LocationCache::slot(kB, key(0)), 16 - qint64(sizeof(int))));
    LocationCache c(60000, 3 * one + 8, clock, counters);
    for (int i = 0; i < 3; ++i)
        c.remember(kB, key(i), 1, c.epoch(kB, key(i)));
    QCOMPARE(c.size(), 3);
    QCOMPARE(c.lookup(kB, key(0)), 1); // key 0 used: key 1 is now the coldest
    c.remember(kB, key(3), 2, c.epoch(kB, key(3)));
    QCOMPARE(c.size(), 3);
    QCOMPARE(c.lookup(kB, key(1)), -1);
    QCOMPARE(c.lookup(kB, key(0)), 1);
    QCOMPARE(c.lookup(kB, key(2)), 1);
    QCOMPARE(c.lookup(kB, key(3)), 2);
    // Order now (coldest first): 0, 2, 3. Replacing 0 refreshes it; the next insert drops 2.
    c.remember(kB, key(0), 2, c.epoch(kB, key(0)));
    c.remember(kB, key(4), 1, c.epoch(kB, key(4)));
    QCOMPARE(c.lookup(kB, key(2)), -1);
    QCOMPARE(c.lookup(kB, key(0)), 2);
    QCOMPARE(c.lookup(kB, key(3)), 2);
    QCOMPARE(c.lookup(kB, key(4)), 1);
    QCOMPARE(counters->snapshot().evictions, quint64(2));
    // Expired entries at the cold end make room before live ones are evicted.
    clock->advanceMs(60000);
    c.remember(kB, key(5), 1, c.epoch(kB, key(5)));
    QCOMPARE(counters->snapshot().evictions, quint64(2));
    QCOMPARE(c.size(), 2); // two expired ones went, the third is still (expired) in the table
}

void TestLocationCache::staysWithinItsMemoryCap()
{
    auto clock = std::make_shared<ManualClock>();
    const qint64 cap = 64 * 1024;
    LocationCache c(60000, cap, clock);
    // Keys from 1 to 1024 characters, as clients may send them.
    qint64 most = 0;
    for (int i = 0; i < 5000; ++i) {
        const QString k = QString(1 + (i * 7919) % 1024, QLatin1Char('k')) + QString::number(i);
        c.remember(kB, k, 1 + i % 2, c.epoch(kB, k));
        QVERIFY2(c.bytes() <= cap, qPrintable(QString::number(c.bytes())));
        most = qMax(most, c.size());
    }
    QVERIFY(c.size() > 10); // it still holds what fits
    QVERIFY(most < 5000);
    // An entry bigger than the whole budget is simply not kept.
    LocationCache tiny(60000, 100, clock);
    tiny.remember(kB, QString(200, QLatin1Char('x')), 1, tiny.epoch(kB, QString(200, QLatin1Char('x'))));
    QCOMPARE(tiny.size(), 0);
    QCOMPARE(tiny.bytes(), 0);
}

void TestLocationCache::costEstimateCoversTheHeap()
{
#ifndef __GLIBC__
    QSKIP("needs glibc's mallinfo2");
#else
    // The estimate is what the cap counts: the heap must not grow more than it says.
    auto clock = std::make_shared<ManualClock>();
    for (int length : {1, 40, 400}) {
        const qint64 cap = 4 * 1024 * 1024;
        QList<QString> keys;
        for (int i = 0; i < 20000; ++i)
            keys.append(QString(length, QLatin1Char('k')) + QString::number(i));
        const size_t before = mallinfo2().uordblks;
        {
            LocationCache c(60000, cap, clock);
            for (const QString &k : std::as_const(keys))
                c.remember(kB, k, 1, c.epoch(kB, k));
            const qint64 grown = qint64(mallinfo2().uordblks - before);
            qInfo("keys of %d chars: %lld entries, %lld bytes counted, heap grew %lld", length,
                  qlonglong(c.size()), qlonglong(c.bytes()), qlonglong(grown));
            QVERIFY(c.bytes() <= cap);
            QVERIFY2(grown <= c.bytes() * 11 / 10, "the per-entry overhead is underestimated");
            QVERIFY2(grown >= c.bytes() / 2, "the per-entry overhead is far overestimated");
        }
    }
    // The miss cache's entries too.
    QList<QString> keys;
    for (int i = 0; i < 20000; ++i)
        keys.append(QStringLiteral("some/path/to/an/object-%1.jpg").arg(i));
    const size_t before = mallinfo2().uordblks;
    MissCache m(60000, 4 * 1024 * 1024, clock);
    for (const QString &k : std::as_const(keys)) {
        m.remember(kB, k, 0, true, m.epoch(kB, k));
        m.remember(kB, k, 1, true, m.epoch(kB, k));
    }
    const qint64 grown = qint64(mallinfo2().uordblks - before);
    qInfo("miss cache: %lld entries, %lld bytes counted, heap grew %lld", qlonglong(m.size()),
          qlonglong(m.bytes()), qlonglong(grown));
    QVERIFY(grown <= m.bytes() * 11 / 10);
#endif
}

void TestLocationCache::writesInAnotherThreadAreSeen()
{
    auto clock = std::make_shared<ManualClock>();
    LocationCache c(60000, 1 << 20, clock);
    MissCache m(60000, 1 << 20, clock);
    const QString k = QStringLiteral("k");
    const quint64 readStarted = c.epoch(kB, k);
    const quint64 missStarted = m.epoch(kB, k);
    c.remember(kB, k, 2, readStarted);
    m.remember(kB, k, 0, true, missStarted);
    std::thread writer([&] {
        c.forget(kB, k);
        m.forget(kB, k);
    });
    writer.join();
    QCOMPARE(c.lookup(kB, k), -1);
    QVERIFY(m.lookup(kB, k).isEmpty());
    // What the read in flight saw is void in this thread as well.
    c.remember(kB, k, 2, readStarted);
    m.remember(kB, k, 0, true, missStarted);
    QCOMPARE(c.lookup(kB, k), -1);
    QVERIFY(m.lookup(kB, k).isEmpty());

    // Two threads at once, for the sanitizers: the caps and the accounting hold.
    const qint64 cap = 16 * 1024;
    LocationCache shared(60000, cap, clock);
    auto hammer = [&shared](int seed) {
        for (int i = 0; i < 20000; ++i) {
            const QString k = key((i * seed) % 500);
            switch (i % 4) {
            case 0:
                shared.remember(kB, k, i % 3, shared.epoch(kB, k));
                break;
            case 1:
                shared.lookup(kB, k);
                break;
            case 2:
                shared.forget(kB, k);
                break;
            default:
                if (i % 1000 == 3)
                    shared.clear();
                else
                    shared.remember(kB, k, 1, shared.epoch(kB, k));
            }
        }
    };
    std::thread a(hammer, 7);
    std::thread b(hammer, 13);
    a.join();
    b.join();
    QVERIFY(shared.bytes() <= cap);
    QCOMPARE(shared.bytes(), shared.size() * costOfOne());
}

void TestLocationCache::disabledRemembersNothing()
{
    auto clock = std::make_shared<ManualClock>();
    for (const auto &[ttl, bytes] : {std::pair<qint64, qint64>{0, 1 << 20}, {1000, 0}}) {
        LocationCache c(ttl, bytes, clock);
        QVERIFY(!c.isEnabled());
        c.remember(kB, QStringLiteral("k"), 1, c.epoch(kB, QStringLiteral("k")));
        QCOMPARE(c.lookup(kB, QStringLiteral("k")), -1);
        QCOMPARE(c.size(), 0);
    }
}

void TestLocationCache::missesPerBackendWithTheirOwnTtl()
{
    auto clock = std::make_shared<ManualClock>();
    auto counters = std::make_shared<CacheCounters>();
    MissCache m(1000, 1 << 20, clock, counters);
    const QString k = QStringLiteral("k");
    QVERIFY(m.lookup(kB, k).isEmpty());
    m.remember(kB, k, 0, true, m.epoch(kB, k));
    clock->advanceMs(400);
    m.remember(kB, k, 2, false, m.epoch(kB, k)); // backend 2 lacks the bucket
    MissCache::Misses known = m.lookup(kB, k);
    QCOMPARE(known.size(), 3);
    QVERIFY(known[0].expiresUs != 0 && known[0].keyMissing);
    QCOMPARE(known[1].expiresUs, qint64(0)); // nothing known about backend 1
    QVERIFY(known[2].expiresUs != 0 && !known[2].keyMissing);
    QCOMPARE(known[2].expiresUs - known[0].expiresUs, qint64(400 * 1000));
    clock->advanceMs(600); // backend 0's miss is 1000 ms old now
    known = m.lookup(kB, k);
    QCOMPARE(known.size(), 3);
    QCOMPARE(known[0].expiresUs, qint64(0));
    QVERIFY(known[2].expiresUs != 0);
    clock->advanceMs(400);
    QVERIFY(m.lookup(kB, k).isEmpty());
    QCOMPARE(m.size(), 0);
    QCOMPARE(counters->snapshot().hits, quint64(2));
    QCOMPARE(counters->snapshot().lookups, quint64(4));
}

void TestLocationCache::missesForgottenByWritesAndStaleReads()
{
    auto clock = std::make_shared<ManualClock>();
    MissCache m(1000, 1 << 20, clock);
    const QString k = QStringLiteral("k");
    const quint64 readStarted = m.epoch(kB, k);
    m.remember(kB, k, 0, true, readStarted);
    m.forget(kB, k); // our own PUT of k finished
    QVERIFY(m.lookup(kB, k).isEmpty());
    m.remember(kB, k, 1, true, readStarted); // seen by a read that began before the PUT
    QVERIFY(m.lookup(kB, k).isEmpty());
    m.remember(kB, k, 1, true, m.epoch(kB, k));
    QCOMPARE(m.lookup(kB, k).size(), 2);
    m.remember(kB, k, 0, true, m.epoch(kB, k));
    m.drop(kB, k, 1); // backend 1 served k: its miss goes, backend 0's stays
    QCOMPARE(m.lookup(kB, k).size(), 1);
    m.drop(kB, k, 0);
    QCOMPARE(m.size(), 0);
    m.remember(kB, k, 1, true, m.epoch(kB, k));
    m.drop(kB, k);
    QVERIFY(m.lookup(kB, k).isEmpty());
    m.remember(kB, k, 1, true, m.epoch(kB, k));
    m.clear();
    QVERIFY(m.lookup(kB, k).isEmpty());
}

void TestLocationCache::missCacheIsAnLruWithinItsCap()
{
    auto clock = std::make_shared<ManualClock>();
    const qint64 one = LruTable<MissCache::Misses>::entryCost(LocationCache::slot(kB, key(0)));
    MissCache m(60000, 3 * one, clock);
    for (int i = 0; i < 3; ++i)
        m.remember(kB, key(i), 0, true, m.epoch(kB, key(i)));
    QCOMPARE(m.bytes(), 3 * one);
    QVERIFY(!m.lookup(kB, key(0)).isEmpty());
    m.remember(kB, key(1), 1, true, m.epoch(kB, key(1))); // a second backend's miss: a use of key 1
    m.remember(kB, key(3), 0, true, m.epoch(kB, key(3)));
    QVERIFY(m.lookup(kB, key(2)).isEmpty()); // the least recently used
    QVERIFY(!m.lookup(kB, key(0)).isEmpty());
    QCOMPARE(m.lookup(kB, key(1)).size(), 2);
    QVERIFY(!m.lookup(kB, key(3)).isEmpty());
    // Many backends: the entry costs more, and the cap still holds.
    MissCache wide(60000, 4096, clock);
    for (int i = 0; i < 200; ++i) {
        for (int backend = 0; backend < 12; ++backend)
            wide.remember(kB, key(i), backend, true, wide.epoch(kB, key(i)));
        QVERIFY(wide.bytes() <= 4096);
    }
    QCOMPARE(wide.lookup(kB, key(199)).size(), 12);
}

void TestLocationCache::missCacheDisabled()
{
    auto clock = std::make_shared<ManualClock>();
    MissCache m(0, 1 << 20, clock);
    QVERIFY(!m.isEnabled());
    m.remember(kB, QStringLiteral("k"), 0, true, m.epoch(kB, QStringLiteral("k")));
    QVERIFY(m.lookup(kB, QStringLiteral("k")).isEmpty());
    QCOMPARE(m.size(), 0);
}

QTEST_GUILESS_MAIN(TestLocationCache)
#include "test_locationcache.moc"
