#include "ManualClock.h"
#include "backends/multi/OutlierDetector.h"

#include <QTest>

using namespace s3c;
using s3c::testing::ManualClock;

class TestOutlierDetector : public QObject
{
    Q_OBJECT
private slots:
    void ejectsAfterConsecutiveFailures();
    void successResetsTheCount();
    void ejectionTimeGrowsAndIsCapped();
    void failedProbeEjectsAtOnce();
    void successfulProbeRestores();
    void healthyTimeShrinksTheNextEjection();
    void filterKeepsOrderAndFallsBackToAll();
    void disabledNeverEjects();
};

namespace {

EjectionOptions options(int failures = 3, qint64 baseMs = 1000, qint64 maxMs = 5000)
{
    EjectionOptions o;
    o.consecutiveFailures = failures;
    o.baseEjectionMs = baseMs;
    o.maxEjectionMs = maxMs;
    return o;
}

} // namespace

void TestOutlierDetector::ejectsAfterConsecutiveFailures()
{
    auto clock = std::make_shared<ManualClock>();
    OutlierDetector d(2, options(), clock);
    QVERIFY(!d.recordFailure(0));
    QVERIFY(!d.recordFailure(0));
    QVERIFY(!d.isEjected(0));
    QVERIFY(d.recordFailure(0));
    QVERIFY(d.isEjected(0));
    QVERIFY(!d.isEjected(1));
    QCOMPARE(d.ejectedUntilUs(0), clock->nowUs() + 1000 * 1000);
    clock->advanceMs(999);
    QVERIFY(d.isEjected(0));
    clock->advanceMs(1);
    QVERIFY(!d.isEjected(0));
}

void TestOutlierDetector::successResetsTheCount()
{
    auto clock = std::make_shared<ManualClock>();
    OutlierDetector d(1, options(), clock);
    d.recordFailure(0);
    d.recordFailure(0);
    d.recordSuccess(0); // e.g. a 404: the backend answered
    QVERIFY(!d.recordFailure(0));
    QVERIFY(!d.recordFailure(0));
    QVERIFY(!d.isEjected(0));
}

void TestOutlierDetector::ejectionTimeGrowsAndIsCapped()
{
    auto clock = std::make_shared<ManualClock>();
    OutlierDetector d(1, options(1, 1000, 2500), clock);
    QVERIFY(d.recordFailure(0));
    QCOMPARE(d.ejectedUntilUs(0) - clock->nowUs(), qint64(1000 * 1000));
    clock->advanceMs(1000);
    QVERIFY(d.recordFailure(0)); // the probe fails
    QCOMPARE(d.ejectedUntilUs(0) - clock->nowUs(), qint64(2000 * 1000));
    clock->advanceMs(2000);
    QVERIFY(d.recordFailure(0));
    QCOMPARE(d.ejectedUntilUs(0) - clock->nowUs(), qint64(2500 * 1000)); // capped
    QCOMPARE(d.ejectionLevel(0), 3);
}

void TestOutlierDetector::failedProbeEjectsAtOnce()
{
    auto clock = std::make_shared<ManualClock>();
    OutlierDetector d(1, options(5), clock);
    for (int i = 0; i < 5; ++i)
        d.recordFailure(0);
    QVERIFY(d.isEjected(0));
    QVERIFY(!d.recordFailure(0)); // answers of calls made before the ejection change nothing
    clock->advanceMs(1000);
    QVERIFY(!d.isEjected(0));
    QVERIFY(d.recordFailure(0)); // one failed probe, not five
    QVERIFY(d.isEjected(0));
}

void TestOutlierDetector::successfulProbeRestores()
{
    auto clock = std::make_shared<ManualClock>();
    OutlierDetector d(1, options(2), clock);
    d.recordFailure(0);
    d.recordFailure(0);
    clock->advanceMs(1000);
    d.recordSuccess(0);
    QVERIFY(!d.recordFailure(0)); // back to needing two in a row
    QVERIFY(!d.isEjected(0));
    QVERIFY(d.recordFailure(0));
}

void TestOutlierDetector::healthyTimeShrinksTheNextEjection()
{
    auto clock = std::make_shared<ManualClock>();
    OutlierDetector d(1, options(1, 1000, 60000), clock);
    d.recordFailure(0);
    clock->advanceMs(1000);
    d.recordFailure(0); // level 2
    clock->advanceMs(2000);
    d.recordSuccess(0);
    clock->advanceMs(10000); // long healthy: the level decays to zero
    QVERIFY(d.recordFailure(0));
    QCOMPARE(d.ejectionLevel(0), 1);
    QCOMPARE(d.ejectedUntilUs(0) - clock->nowUs(), qint64(1000 * 1000));
}

void TestOutlierDetector::filterKeepsOrderAndFallsBackToAll()
{
    auto clock = std::make_shared<ManualClock>();
    OutlierDetector d(3, options(1), clock);
    QCOMPARE(d.filter({0, 1, 2}), QList<int>({0, 1, 2}));
    d.recordFailure(1);
    QCOMPARE(d.filter({0, 1, 2}), QList<int>({0, 2}));
    d.recordFailure(0);
    d.recordFailure(2);
    // Every one ejected: ask them all, in order, rather than nobody.
    QCOMPARE(d.filter({0, 1, 2}), QList<int>({0, 1, 2}));
    QCOMPARE(d.filter({2}), QList<int>({2}));
}

void TestOutlierDetector::disabledNeverEjects()
{
    auto clock = std::make_shared<ManualClock>();
    EjectionOptions o = options(1);
    o.enabled = false;
    OutlierDetector d(1, o, clock);
    for (int i = 0; i < 10; ++i)
        QVERIFY(!d.recordFailure(0));
    QVERIFY(!d.isEjected(0));
}

QTEST_GUILESS_MAIN(TestOutlierDetector)
#include "test_outlierdetector.moc"
