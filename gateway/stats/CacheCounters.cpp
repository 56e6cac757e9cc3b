#include "CacheCounters.h"

namespace s3c {

void CacheCounters::addLookup(bool hit)
{
    m_lookups.fetch_add(1, std::memory_order_relaxed);
    if (hit)
        m_hits.fetch_add(1, std::memory_order_relaxed);
}

void CacheCounters::addSkipped(int requests)
{
    if (requests > 0)
        m_skipped.fetch_add(quint64(requests), std::memory_order_relaxed);
}

void CacheCounters::addEvictions(int n)
{
    if (n > 0)
        m_evictions.fetch_add(quint64(n), std::memory_order_relaxed);
}

void CacheCounters::setSize(qint64 entries, qint64 bytes)
{
    m_entries.store(entries, std::memory_order_relaxed);
    m_bytes.store(bytes, std::memory_order_relaxed);
}

CacheStatsSnapshot CacheCounters::snapshot() const
{
    CacheStatsSnapshot s;
    s.lookups = m_lookups.load(std::memory_order_relaxed);
    s.hits = m_hits.load(std::memory_order_relaxed);
    s.skipped = m_skipped.load(std::memory_order_relaxed);
    s.stale = m_stale.load(std::memory_order_relaxed);
    s.answered = m_answered.load(std::memory_order_relaxed);
    s.evictions = m_evictions.load(std::memory_order_relaxed);
    s.invalidations = m_invalidations.load(std::memory_order_relaxed);
    s.entries = m_entries.load(std::memory_order_relaxed);
    s.bytes = m_bytes.load(std::memory_order_relaxed);
    return s;
}

} // namespace s3c
