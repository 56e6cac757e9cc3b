#pragma once

#include "StatsSnapshot.h"

#include <atomic>

namespace s3c {

// The live counters of one read cache of a backend set (issue #11: the location and the miss
// cache). Relaxed atomics, like BackendCounters: the cache updates them under its own lock, the
// GUI thread copies them whenever it likes.
class CacheCounters
{
public:
    void addLookup(bool hit);
    // Backend requests a read did not make because of what the cache knew.
    void addSkipped(int requests);
    // An entry a read relied on was wrong (the remembered backend said not-found or failed):
    // the read went down the cascade again.
    void addStale() { m_stale.fetch_add(1, std::memory_order_relaxed); }
    // A read answered not-found with every backend skipped as a known miss.
    void addAnswered() { m_answered.fetch_add(1, std::memory_order_relaxed); }
    void addEvictions(int n);
    void addInvalidation() { m_invalidations.fetch_add(1, std::memory_order_relaxed); }
    void setSize(qint64 entries, qint64 bytes);

    CacheStatsSnapshot snapshot() const;

private:
    std::atomic<quint64> m_lookups{0};
    std::atomic<quint64> m_hits{0};
    std::atomic<quint64> m_skipped{0};
    std::atomic<quint64> m_stale{0};
    std::atomic<quint64> m_answered{0};
    std::atomic<quint64> m_evictions{0};
    std::atomic<quint64> m_invalidations{0};
    std::atomic<qint64> m_entries{0};
    std::atomic<qint64> m_bytes{0};
};

} // namespace s3c
