#pragma once

#include <QtGlobal>

#include <array>
#include <atomic>

namespace s3c {

// Latencies in microseconds, counted into log-spaced buckets (four per power of two, so any
// percentile is off by at most 25 %). Recording is one relaxed atomic increment: cheap on the
// request path and safe from any thread; reading while others record gives a consistent-enough
// view for a dashboard (each bucket is exact, the set may be a few increments apart).
class LatencyHistogram
{
public:
    static constexpr int kSubBuckets = 4;
    // 0..3 us one bucket each, then four per octave up to 2^36 us (about 19 hours).
    static constexpr int kBuckets = 4 + 34 * kSubBuckets + kSubBuckets;

    void record(qint64 micros);
    quint64 count() const;
    // The q-quantile (0 < q <= 1) in microseconds: the middle of the bucket holding it; 0 when empty.
    qint64 percentile(double q) const;
    // For a Prometheus histogram: how many were recorded below `micros` (exact when it is a
    // bucket edge, such as a power of two), and the sum of all recorded.
    quint64 countBelow(qint64 micros) const;
    quint64 sumMicros() const { return m_sum.load(std::memory_order_relaxed); }

    // Bucket arithmetic, public for the tests.
    static int bucketOf(qint64 micros);
    static qint64 bucketLow(int bucket);
    static qint64 bucketHigh(int bucket); // exclusive

private:
    std::array<std::atomic<quint64>, kBuckets> m_counts{};
    std::atomic<quint64> m_sum{0};
};

} // namespace s3c
