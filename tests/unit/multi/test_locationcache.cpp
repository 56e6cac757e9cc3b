#include "ManualClock.h"
#include "backends/multi/LocationCache.h"

#include <QTest>

using namespace s3c;
using s3c::testing::ManualClock;

class TestLocationCache : public QObject
{
    Q_OBJECT
private slots:
    void remembersUntilTheTtl();
    void primaryNeedsNoEntry();
    void writesForgetAndOutdateReadsInFlight();
    void staysBounded();
    void disabledRemembersNothing();
};

void TestLocationCache::remembersUntilTheTtl()
{
    auto clock = std::make_shared<ManualClock>();
    LocationCache c(1000, 10, clock);
    QVERIFY(c.isEnabled());
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 0);
    c.remember(QStringLiteral("b"), QStringLiteral("k"), 2, c.epoch());
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 2);
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("other")), 0);
    QCOMPARE(c.lookup(QStringLiteral("b2"), QStringLiteral("k")), 0);
    clock->advanceMs(999);
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 2);
    clock->advanceMs(1);
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 0);
    QCOMPARE(c.size(), 0); // expired entries are dropped when met
}

void TestLocationCache::primaryNeedsNoEntry()
{
    auto clock = std::make_shared<ManualClock>();
    LocationCache c(1000, 10, clock);
    c.remember(QStringLiteral("b"), QStringLiteral("k"), 1, c.epoch());
    c.remember(QStringLiteral("b"), QStringLiteral("k"), 0, c.epoch()); // now found on the primary
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 0);
    QCOMPARE(c.size(), 0);
}

void TestLocationCache::writesForgetAndOutdateReadsInFlight()
{
    auto clock = std::make_shared<ManualClock>();
    LocationCache c(1000, 10, clock);
    c.remember(QStringLiteral("b"), QStringLiteral("k"), 1, c.epoch());
    const quint64 readStarted = c.epoch();
    c.forget(QStringLiteral("b"), QStringLiteral("k")); // our own PUT finished
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 0);
    // A read that began before the write may have missed it on the primary: not remembered.
    c.remember(QStringLiteral("b"), QStringLiteral("k"), 1, readStarted);
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 0);
    c.remember(QStringLiteral("b"), QStringLiteral("k"), 1, c.epoch());
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 1);
    c.clear(); // a bucket was created or deleted
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 0);
}

void TestLocationCache::staysBounded()
{
    auto clock = std::make_shared<ManualClock>();
    LocationCache c(1000, 3, clock);
    for (int i = 0; i < 3; ++i)
        c.remember(QStringLiteral("b"), QString::number(i), 1, c.epoch());
    QCOMPARE(c.size(), 3);
    clock->advanceMs(2000); // all expired: they make room
    c.remember(QStringLiteral("b"), QStringLiteral("x"), 1, c.epoch());
    QCOMPARE(c.size(), 1);
    for (int i = 0; i < 10; ++i)
        c.remember(QStringLiteral("b"), QString::number(i), 2, c.epoch());
    QVERIFY(c.size() <= 3);
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("9")), 2); // the newest is kept
}

void TestLocationCache::disabledRemembersNothing()
{
    auto clock = std::make_shared<ManualClock>();
    LocationCache c(0, 10, clock);
    QVERIFY(!c.isEnabled());
    c.remember(QStringLiteral("b"), QStringLiteral("k"), 1, c.epoch());
    QCOMPARE(c.lookup(QStringLiteral("b"), QStringLiteral("k")), 0);
}

QTEST_GUILESS_MAIN(TestLocationCache)
#include "test_locationcache.moc"
