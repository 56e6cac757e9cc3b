// Outlier ejection and probe-back on a hand-moved clock; statistics after a scenario.
#include "MultiRig.h"

#include <QTest>

using namespace s3c;
using namespace s3c::testing;

class TestMultiEjection : public QObject
{
    Q_OBJECT
private slots:
    void ejectionAndProbeBack();
    void notFoundNeverEjects();
    void allEjectedStillTriedInOrder();
    void ejectedBackendMeansNoFalse404();
    void statisticsAfterAScenario();
    void activeHealthEjectsAndReadmits();
};

void TestMultiEjection::ejectionAndProbeBack()
{
    MultiOptions o = noCache(); // every read walks the cascade: ejection decides who is asked
    o.ejection.consecutiveFailures = 2;
    o.ejection.baseEjectionMs = 10'000;
    Rig rig(2, o);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "primary");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    rig.b[0]->setMode(Mode::Refuse);
    for (int i = 0; i < 2; ++i)
        QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, QStringLiteral("b2"));
    QVERIFY(rig.multi->isEjected(0));
    QVERIFY(rig.stats(0).ejected);
    // Ejected: not even asked.
    QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, QStringLiteral("b2"));
    QCOMPARE(rig.b[0]->callCount(QStringLiteral("GetObject")), 2);
    // The window passes; the primary recovered; the next read probes and is served by it.
    rig.clock->advanceMs(10'000);
    rig.b[0]->setMode(Mode::Serve);
    auto r = get(*rig.multi, QStringLiteral("k"));
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(bodyOf(*r), QByteArray("primary"));
    QVERIFY(!rig.multi->isEjected(0));
    QVERIFY(!rig.stats(0).ejected);

    // Down again: ejected again, and a failed probe ejects at once for longer (20 s).
    rig.b[0]->setMode(Mode::Refuse);
    get(*rig.multi, QStringLiteral("k"));
    get(*rig.multi, QStringLiteral("k"));
    QVERIFY(rig.multi->isEjected(0));
    rig.clock->advanceMs(20'000);
    get(*rig.multi, QStringLiteral("k")); // the probe fails
    QVERIFY(rig.multi->isEjected(0));
    rig.clock->advanceMs(29'000);
    QVERIFY(rig.multi->isEjected(0));
    rig.clock->advanceMs(1'000);
    QVERIFY(!rig.multi->isEjected(0));
    QCOMPARE(rig.stats(0).ejections, quint64(3));
}

void TestMultiEjection::notFoundNeverEjects()
{
    MultiOptions o = noCache(); // every read walks the cascade: ejection decides who is asked
    o.ejection.consecutiveFailures = 1;
    Rig rig(2, o);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "x");
    for (int i = 0; i < 5; ++i)
        QVERIFY(get(*rig.multi, QStringLiteral("k")).ok());
    QVERIFY(!rig.multi->isEjected(0));
    QCOMPARE(rig.b[0]->callCount(QStringLiteral("GetObject")), 5);
}

void TestMultiEjection::allEjectedStillTriedInOrder()
{
    MultiOptions o = noCache(); // every read walks the cascade: ejection decides who is asked
    o.ejection.consecutiveFailures = 1;
    Rig rig(2, o);
    rig.b[0]->setMode(Mode::Refuse);
    rig.b[1]->setMode(Mode::Refuse);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "x");
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QVERIFY(rig.multi->isEjected(0) && rig.multi->isEjected(1));
    rig.b[1]->setMode(Mode::Serve);
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b2"));
    QCOMPARE(rig.b[0]->callCount(QStringLiteral("GetObject")), 2); // asked first, as always
}

void TestMultiEjection::ejectedBackendMeansNoFalse404()
{
    MultiOptions o = noCache(); // every read walks the cascade: ejection decides who is asked
    o.ejection.consecutiveFailures = 1;
    Rig rig(2, o);
    rig.b[0]->setMode(Mode::Refuse);
    rig.b[1]->addBucket(kBucket);
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QVERIFY(rig.multi->isEjected(0));
    // Skipped while ejected, the primary still might hold the key: 503, not 404.
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QCOMPARE(rig.b[0]->callCount(), 1);
    auto list =
        await<ListObjectsResult>([&](auto cb) { rig.multi->listObjects(ListObjectsRequest{kBucket}, cb); });
    QCOMPARE(list.error(), S3Error::ServiceUnavailable);
}

void TestMultiEjection::statisticsAfterAScenario()
{
    Rig rig(3, noCache());
    rig.b[0]->setMode(Mode::Refuse);
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "0123456789");
    rig.clock->advanceUs(0);
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    bodyOf(*r);
    QCOMPARE(get(*rig.multi, QStringLiteral("k"), true)->servedBy, QStringLiteral("b3"));
    rig.b[0]->setMode(Mode::Hang);
    GetObjectRequest req;
    req.bucket = kBucket;
    req.key = QStringLiteral("k");
    testing::Pending<GetObjectResult> pending;
    rig.multi->getObject(req, pending.callback());
    QTRY_COMPARE(rig.b[0]->hungCount(), 1);
    rig.clock->advanceMs(7);
    rig.b[0]->timeOut();
    QTRY_VERIFY(pending.answered());
    delete pending.result->value()->body;

    const StatsSnapshot s = rig.multi->statistics()->snapshot();
    QCOMPARE(s.backends.size(), 3);
    const BackendStatsSnapshot &p = s.backends.at(0);
    QCOMPARE(p.requests, quint64(3));
    QCOMPARE(p.hits, quint64(0));
    QCOMPARE(p.failureCount(FailureKind::Refused), quint64(2));
    QCOMPARE(p.failureCount(FailureKind::Timeout), quint64(1));
    QVERIFY(p.latencyP95Us >= 6000); // the hung call took 7 ms on the test's clock
    const BackendStatsSnapshot &m = s.backends.at(1);
    QCOMPARE(m.requests, quint64(3));
    QCOMPARE(m.misses, quint64(3));
    const BackendStatsSnapshot &h = s.backends.at(2);
    QCOMPARE(h.hits, quint64(3));
    QCOMPARE(h.hitsAtDepth[2], quint64(3));
    QCOMPARE(h.fallbackHits(), quint64(3));
    QCOMPARE(h.bytesOut, quint64(20)); // two GETs of 10 bytes; HEAD sends none
    QCOMPARE(s.recentTotal, quint64(3));
    const RecentRequest &first = s.recent.first();
    QCOMPARE(first.operation, QStringLiteral("GetObject"));
    QCOMPARE(first.bucket, kBucket);
    QCOMPARE(first.key, QStringLiteral("k"));
    QCOMPARE(first.status, 200);
    QCOMPARE(first.backend, QStringLiteral("b3"));
    QCOMPARE(first.bytes, qint64(10));
    QCOMPARE(s.recent.at(1).operation, QStringLiteral("HeadObject"));
    QCOMPARE(s.recent.at(2).latencyUs, qint64(7000));
}

void TestMultiEjection::activeHealthEjectsAndReadmits()
{
    // Probes every 20 ms, failed after 50 ms without an answer; the clock of the ejection
    // windows stands still (ManualClock), so only probes end an ejection here.
    MultiOptions options = noCache();
    options.health.prober = true;
    options.health.intervalMs = 20;
    options.health.ejectedIntervalMs = 20;
    options.health.timeoutMs = 50;
    options.hedge.afterMs = 0;
    auto clock = std::make_shared<ManualClock>();
    FaultBackend primary(QStringLiteral("b1"));
    FaultBackend fallback(QStringLiteral("b2"));
    primary.setHealthProbed(true);
    for (FaultBackend *b : {&primary, &fallback})
        b->addObject(kBucket, QStringLiteral("k"), b->name().toUtf8());
    primary.setMode(QStringLiteral("HeadBucket"), Mode::Hang);
    MultiBackend multi({&primary, &fallback}, options, nullptr, clock);
    auto ejected = [&] { return multi.statistics()->snapshot().backends.at(0).ejected; };
    // A hung primary is ejected by its probe, before any read waits on it.
    QTRY_VERIFY(ejected());
    {
        // The snapshot says why and since when (the GUI and the admin API show it).
        const BackendStatsSnapshot s = multi.statistics()->snapshot().backends.at(0);
        QCOMPARE(s.lastFailure, QStringLiteral("no answer to the health probe within 50 ms"));
        QVERIFY(s.stateSince.isValid());
        QVERIFY(!s.ejectedUntil.isValid()); // only a probe ends it
        QVERIFY(s.lastProbeAt.isValid());
        QVERIFY(!s.lastProbeOk);
        QCOMPARE(s.ejections, quint64(1));
    }
    auto r = get(multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b2"));
    QCOMPARE(primary.callCount(QStringLiteral("GetObject")), 0);
    QCOMPARE(fallback.callCount(QStringLiteral("HeadBucket")), 0); // a local-like backend is not probed
    // It answers again: the next probe readmits it.
    primary.clearOperationModes();
    QTRY_VERIFY(!ejected());
    r = get(multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    const BackendStatsSnapshot s = multi.statistics()->snapshot().backends.at(0);
    QCOMPARE(s.readmissions, quint64(1));
    QCOMPARE(s.ejections, quint64(1)); // probes every 20 ms while hung: still one transition
    QVERIFY(s.lastProbeOk);
    QCOMPARE(s.lastFailure, QStringLiteral("no answer to the health probe within 50 ms")); // kept
}

QTEST_GUILESS_MAIN(TestMultiEjection)
#include "test_multiejection.moc"
