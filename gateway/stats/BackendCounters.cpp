#include "BackendCounters.h"

namespace s3c {

void BackendCounters::addHit(int depth)
{
    m_hits.fetch_add(1, std::memory_order_relaxed);
    if (depth >= 0)
        m_hitsAtDepth[qMin(depth, kDepthSlots - 1)].fetch_add(1, std::memory_order_relaxed);
}

void BackendCounters::addBytesIn(qint64 bytes)
{
    if (bytes > 0)
        m_bytesIn.fetch_add(quint64(bytes), std::memory_order_relaxed);
}

void BackendCounters::addBytesOut(qint64 bytes)
{
    if (bytes > 0)
        m_bytesOut.fetch_add(quint64(bytes), std::memory_order_relaxed);
}

void BackendCounters::setEjected(bool ejected)
{
    // Count transitions into the ejected state only, however often it is re-asserted.
    if (!m_ejected.exchange(ejected, std::memory_order_relaxed) && ejected)
        m_ejections.fetch_add(1, std::memory_order_relaxed);
}

BackendStatsSnapshot BackendCounters::snapshot(const QString &name) const
{
    BackendStatsSnapshot s;
    s.name = name;
    s.requests = m_requests.load(std::memory_order_relaxed);
    s.hits = m_hits.load(std::memory_order_relaxed);
    s.misses = m_misses.load(std::memory_order_relaxed);
    s.clientErrors = m_clientErrors.load(std::memory_order_relaxed);
    for (int i = 0; i < kFailureKinds; ++i)
        s.failures[i] = m_failures[i].load(std::memory_order_relaxed);
    for (int i = 0; i < kDepthSlots; ++i)
        s.hitsAtDepth[i] = m_hitsAtDepth[i].load(std::memory_order_relaxed);
    s.bytesIn = m_bytesIn.load(std::memory_order_relaxed);
    s.bytesOut = m_bytesOut.load(std::memory_order_relaxed);
    s.latencyCount = m_latency.count();
    s.latencyP50Us = m_latency.percentile(0.50);
    s.latencyP95Us = m_latency.percentile(0.95);
    s.ejected = m_ejected.load(std::memory_order_relaxed);
    s.ejections = m_ejections.load(std::memory_order_relaxed);
    s.hedges = m_hedges.load(std::memory_order_relaxed);
    s.resumes = m_resumes.load(std::memory_order_relaxed);
    return s;
}

} // namespace s3c
