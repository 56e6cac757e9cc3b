#include "stats/LatencyHistogram.h"
#include "stats/RecentRequests.h"
#include "stats/Statistics.h"

#include <QTest>

#include <atomic>
#include <limits>
#include <thread>
#include <vector>

using namespace s3c;

class TestStatistics : public QObject
{
    Q_OBJECT
private slots:
    void bucketsCoverEveryValue();
    void percentilesWithinABucket();
    void emptyHistogramIsZero();
    void countersSnapshot();
    void ejectionCountsTransitions();
    void healthKeepsStateReasonAndTransitions();
    void ringKeepsTheLastEntries();
    void ringEntriesAfterSequence();
    void concurrentRecordingAndSnapshots();
};

void TestStatistics::bucketsCoverEveryValue()
{
    for (qint64 v = 0; v < 4; ++v)
        QCOMPARE(LatencyHistogram::bucketOf(v), int(v));
    int previous = 0;
    for (qint64 v = 1; v < (qint64(1) << 36); v = v * 3 / 2 + 1) {
        const int b = LatencyHistogram::bucketOf(v);
        QVERIFY2(LatencyHistogram::bucketLow(b) <= v && v < LatencyHistogram::bucketHigh(b),
                 qPrintable(QStringLiteral("value %1 bucket %2").arg(v).arg(b)));
        QVERIFY(b >= previous); // monotonic
        previous = b;
        // Four buckets per octave: a bucket is never wider than a quarter of its lower bound.
        if (v >= 4)
            QVERIFY((LatencyHistogram::bucketHigh(b) - LatencyHistogram::bucketLow(b)) * 4 <=
                    LatencyHistogram::bucketLow(b));
    }
    QCOMPARE(LatencyHistogram::bucketOf(-5), 0);
    QCOMPARE(LatencyHistogram::bucketOf(std::numeric_limits<qint64>::max()), LatencyHistogram::kBuckets - 1);
}

void TestStatistics::percentilesWithinABucket()
{
    LatencyHistogram h;
    for (qint64 v = 1; v <= 1000; ++v)
        h.record(v);
    QCOMPARE(h.count(), quint64(1000));
    const qint64 p50 = h.percentile(0.5);
    const qint64 p95 = h.percentile(0.95);
    QVERIFY2(p50 >= 400 && p50 <= 625, qPrintable(QString::number(p50)));
    QVERIFY2(p95 >= 760 && p95 <= 1190, qPrintable(QString::number(p95)));
    QVERIFY(p50 < p95);
    // One slow outlier in a hundred fast calls moves p95 not at all, p100 a lot.
    LatencyHistogram skew;
    for (int i = 0; i < 99; ++i)
        skew.record(100);
    skew.record(1'000'000);
    QVERIFY(skew.percentile(0.95) < 130);
    QVERIFY(skew.percentile(1.0) > 800'000);
}

void TestStatistics::emptyHistogramIsZero()
{
    LatencyHistogram h;
    QCOMPARE(h.count(), quint64(0));
    QCOMPARE(h.percentile(0.5), qint64(0));
}

void TestStatistics::countersSnapshot()
{
    Statistics stats({QStringLiteral("primary"), QStringLiteral("fallback")});
    QCOMPARE(stats.backendCount(), 2);
    BackendCounters &c = stats.backend(1);
    for (int i = 0; i < 5; ++i)
        c.addRequest();
    c.addHit(1);
    c.addHit(1);
    c.addHit(9); // deeper than the slots: counted in the last one
    c.addHit();  // not a cascaded read: no depth
    c.addMiss();
    c.addClientError();
    c.addFailure(FailureKind::Timeout);
    c.addFailure(FailureKind::Timeout);
    c.addFailure(FailureKind::Refused);
    c.addBytesIn(100);
    c.addBytesOut(4096);
    c.addBytesOut(-3); // ignored
    c.addLatency(200);

    const StatsSnapshot s = stats.snapshot();
    QCOMPARE(s.backends.size(), 2);
    QCOMPARE(s.backends.at(0).name, QStringLiteral("primary"));
    QCOMPARE(s.backends.at(0).requests, quint64(0));
    const BackendStatsSnapshot &b = s.backends.at(1);
    QCOMPARE(b.name, QStringLiteral("fallback"));
    QCOMPARE(b.requests, quint64(5));
    QCOMPARE(b.hits, quint64(4));
    QCOMPARE(b.hitsAtDepth[1], quint64(2));
    QCOMPARE(b.hitsAtDepth[kDepthSlots - 1], quint64(1));
    QCOMPARE(b.hitsAtDepth[0], quint64(0));
    QCOMPARE(b.fallbackHits(), quint64(3));
    QCOMPARE(b.misses, quint64(1));
    QCOMPARE(b.clientErrors, quint64(1));
    QCOMPARE(b.failureCount(FailureKind::Timeout), quint64(2));
    QCOMPARE(b.failureCount(FailureKind::Refused), quint64(1));
    QCOMPARE(b.failureCount(FailureKind::ServerError), quint64(0));
    QCOMPARE(b.failuresTotal(), quint64(3));
    QCOMPARE(b.bytesIn, quint64(100));
    QCOMPARE(b.bytesOut, quint64(4096));
    QCOMPARE(b.latencyCount, quint64(1));
    QVERIFY(b.latencyP50Us >= 160 && b.latencyP50Us <= 250);
}

void TestStatistics::ejectionCountsTransitions()
{
    BackendCounters c;
    c.setEjected(true);
    c.setEjected(true); // re-asserted: still one ejection
    QVERIFY(c.snapshot({}).ejected);
    c.setEjected(false);
    QVERIFY(!c.snapshot({}).ejected);
    c.setEjected(true);
    QCOMPARE(c.snapshot({}).ejections, quint64(2));
}

void TestStatistics::healthKeepsStateReasonAndTransitions()
{
    BackendCounters c;
    BackendStatsSnapshot s = c.snapshot({});
    QVERIFY(!s.ejected);
    QVERIFY(!s.stateSince.isValid());
    QVERIFY(s.lastFailure.isEmpty());

    c.noteFailure(QStringLiteral("connection refused"));
    s = c.snapshot({});
    QVERIFY(!s.ejected); // a failure alone is not an ejection
    QCOMPARE(s.lastFailure, QStringLiteral("connection refused"));
    QVERIFY(s.lastFailureAt.isValid());

    // Ejected by a failed probe: until a probe passes.
    c.noteProbe(false, QStringLiteral("no answer to the health probe within 1000 ms"));
    c.markEjected(QStringLiteral("no answer to the health probe within 1000 ms"));
    s = c.snapshot({});
    QVERIFY(s.ejected);
    QVERIFY(!s.ejectedUntil.isValid());
    QVERIFY(s.stateSince.isValid());
    QVERIFY(s.lastProbeAt.isValid());
    QVERIFY(!s.lastProbeOk);
    QCOMPARE(s.lastFailure, QStringLiteral("no answer to the health probe within 1000 ms"));
    QCOMPARE(s.ejections, quint64(1));

    c.noteProbe(true);
    QVERIFY(c.markReadmitted());
    QVERIFY(!c.markReadmitted()); // once per change
    s = c.snapshot({});
    QVERIFY(!s.ejected);
    QVERIFY(s.lastProbeOk);
    QCOMPARE(s.readmissions, quint64(1));
    // The reason of the last failure stays for the operator after the backend recovered.
    QCOMPARE(s.lastFailure, QStringLiteral("no answer to the health probe within 1000 ms"));

    // A passive ejection whose window has run out shows healthy without a call to say so.
    c.markEjected(QStringLiteral("reset"), QDateTime::currentDateTimeUtc().addSecs(-1));
    s = c.snapshot({});
    QVERIFY(!s.ejected);
    QCOMPARE(s.ejections, quint64(2));
    c.markEjected(QStringLiteral("reset"), QDateTime::currentDateTimeUtc().addSecs(60));
    s = c.snapshot({});
    QVERIFY(s.ejected);
    QVERIFY(s.ejectedUntil > QDateTime::currentDateTimeUtc());
    QCOMPARE(s.ejections, quint64(3));
}

void TestStatistics::ringKeepsTheLastEntries()
{
    RecentRequests ring(3);
    for (int i = 1; i <= 5; ++i) {
        RecentRequest r;
        r.key = QString::number(i);
        r.status = 200;
        ring.record(r);
    }
    QCOMPARE(ring.total(), quint64(5));
    const QList<RecentRequest> kept = ring.entries();
    QCOMPARE(kept.size(), 3);
    QCOMPARE(kept.at(0).key, QStringLiteral("3"));
    QCOMPARE(kept.at(2).key, QStringLiteral("5"));
    QCOMPARE(kept.at(0).sequence, quint64(3));
    QCOMPARE(kept.at(2).sequence, quint64(5));
}

void TestStatistics::ringEntriesAfterSequence()
{
    RecentRequests ring(10);
    for (int i = 0; i < 4; ++i)
        ring.record({});
    const QList<RecentRequest> fresh = ring.entries(2);
    QCOMPARE(fresh.size(), 2);
    QCOMPARE(fresh.at(0).sequence, quint64(3));
    QVERIFY(ring.entries(4).isEmpty());
}

void TestStatistics::concurrentRecordingAndSnapshots()
{
    Statistics stats({QStringLiteral("a"), QStringLiteral("b")}, 64);
    constexpr int kThreads = 4;
    constexpr int kPerThread = 20000;
    std::atomic<int> running{kThreads};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&stats, &running, t] {
            BackendCounters &c = stats.backend(t % 2);
            for (int i = 0; i < kPerThread; ++i) {
                c.addRequest();
                c.addHit(i % 3);
                c.addLatency(i % 500);
                c.addBytesOut(10);
                if (i % 100 == 0) {
                    RecentRequest r;
                    r.operation = QStringLiteral("GetObject");
                    r.key = QString::number(i);
                    stats.recent().record(r);
                }
            }
            running.fetch_sub(1);
        });
    }
    // Snapshots taken while the writers run: every counter only ever grows, the ring never
    // holds more than its capacity, and entries stay in sequence order.
    quint64 lastRequests = 0;
    quint64 lastHits = 0;
    int snapshots = 0;
    while (running.load() > 0 || snapshots < 10) {
        const StatsSnapshot s = stats.snapshot();
        const quint64 requests = s.backends.at(0).requests + s.backends.at(1).requests;
        const quint64 hits = s.backends.at(0).hits + s.backends.at(1).hits;
        QVERIFY(requests >= lastRequests);
        QVERIFY(hits >= lastHits);
        QVERIFY(s.recent.size() <= 64);
        for (qsizetype i = 1; i < s.recent.size(); ++i)
            QVERIFY(s.recent.at(i).sequence > s.recent.at(i - 1).sequence);
        lastRequests = requests;
        lastHits = hits;
        ++snapshots;
    }
    for (auto &t : threads)
        t.join();
    const StatsSnapshot s = stats.snapshot();
    QCOMPARE(s.backends.at(0).requests + s.backends.at(1).requests, quint64(kThreads * kPerThread));
    QCOMPARE(s.backends.at(0).hits, quint64(2 * kPerThread));
    QCOMPARE(s.backends.at(0).bytesOut, quint64(2 * kPerThread * 10));
    QCOMPARE(s.backends.at(1).latencyCount, quint64(2 * kPerThread));
    QCOMPARE(s.recentTotal, quint64(kThreads * (kPerThread / 100)));
    QCOMPARE(s.recent.size(), 64);
}

QTEST_GUILESS_MAIN(TestStatistics)
#include "test_statistics.moc"
