#include "LatencyHistogram.h"

#include <bit>
#include <cmath>
#include <vector>

namespace s3c {

int LatencyHistogram::bucketOf(qint64 micros)
{
    if (micros < kSubBuckets)
        return micros < 0 ? 0 : int(micros);
    const auto v = quint64(micros);
    const int octave = 63 - std::countl_zero(v); // >= 2
    const int sub = int((v >> (octave - 2)) & 3);
    const int bucket = kSubBuckets + (octave - 2) * kSubBuckets + sub;
    return bucket < kBuckets ? bucket : kBuckets - 1;
}

qint64 LatencyHistogram::bucketLow(int bucket)
{
    if (bucket < kSubBuckets)
        return bucket;
    const int octave = (bucket - kSubBuckets) / kSubBuckets + 2;
    const int sub = (bucket - kSubBuckets) % kSubBuckets;
    return qint64(kSubBuckets + sub) << (octave - 2);
}

qint64 LatencyHistogram::bucketHigh(int bucket)
{
    if (bucket < kSubBuckets)
        return bucket + 1;
    const int octave = (bucket - kSubBuckets) / kSubBuckets + 2;
    return bucketLow(bucket) + (qint64(1) << (octave - 2));
}

void LatencyHistogram::record(qint64 micros)
{
    m_counts[bucketOf(micros)].fetch_add(1, std::memory_order_relaxed);
    m_sum.fetch_add(quint64(qMax<qint64>(0, micros)), std::memory_order_relaxed);
}

quint64 LatencyHistogram::count() const
{
    quint64 total = 0;
    for (const auto &c : m_counts)
        total += c.load(std::memory_order_relaxed);
    return total;
}

qint64 LatencyHistogram::percentile(double q) const
{
    // Read each bucket once so the rank and the walk agree even while others record.
    std::vector<quint64> counts(kBuckets);
    quint64 total = 0;
    for (int i = 0; i < kBuckets; ++i) {
        counts[i] = m_counts[i].load(std::memory_order_relaxed);
        total += counts[i];
    }
    if (total == 0)
        return 0;
    const auto rank = qMax<quint64>(1, quint64(std::ceil(qBound(0.0, q, 1.0) * double(total))));
    quint64 seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
        seen += counts[i];
        if (seen >= rank)
            return (bucketLow(i) + bucketHigh(i) - 1) / 2;
    }
    return bucketLow(kBuckets - 1);
}

quint64 LatencyHistogram::countBelow(qint64 micros) const
{
    quint64 n = 0;
    for (int i = 0; i < kBuckets && bucketHigh(i) <= micros; ++i)
        n += m_counts[i].load(std::memory_order_relaxed);
    return n;
}

} // namespace s3c
