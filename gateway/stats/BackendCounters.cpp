#include "BackendCounters.h"

#include <QMutexLocker>

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
    if (ejected)
        markEjected({});
    else
        markReadmitted();
}

void BackendCounters::markEjected(const QString &reason, const QDateTime &until)
{
    QMutexLocker lock(&m_healthMutex);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool wasEjected = m_ejected.load(std::memory_order_relaxed) &&
                            (!m_ejectedUntil.isValid() || now < m_ejectedUntil);
    m_ejectedUntil = until;
    if (!reason.isEmpty()) {
        m_lastFailure = reason;
        m_lastFailureAt = now;
    }
    if (wasEjected)
        return;
    m_ejected.store(true, std::memory_order_relaxed);
    m_ejections.fetch_add(1, std::memory_order_relaxed);
    m_stateSince = now;
}

bool BackendCounters::markReadmitted()
{
    if (!m_ejected.load(std::memory_order_relaxed))
        return false; // the usual case, on every successful call: no lock
    QMutexLocker lock(&m_healthMutex);
    if (!m_ejected.exchange(false, std::memory_order_relaxed))
        return false;
    m_readmissions.fetch_add(1, std::memory_order_relaxed);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // A passive ejection that ran out became healthy when it ended, whenever a call noticed.
    m_stateSince = m_ejectedUntil.isValid() && m_ejectedUntil < now ? m_ejectedUntil : now;
    m_ejectedUntil = {};
    return true;
}

void BackendCounters::noteFailure(const QString &reason)
{
    QMutexLocker lock(&m_healthMutex);
    m_lastFailure = reason;
    m_lastFailureAt = QDateTime::currentDateTimeUtc();
}

void BackendCounters::noteProbe(bool ok, const QString &reason)
{
    QMutexLocker lock(&m_healthMutex);
    m_lastProbeAt = QDateTime::currentDateTimeUtc();
    m_lastProbeOk = ok;
    if (!ok && !reason.isEmpty()) {
        m_lastFailure = reason;
        m_lastFailureAt = m_lastProbeAt;
    }
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
    s.ejections = m_ejections.load(std::memory_order_relaxed);
    s.readmissions = m_readmissions.load(std::memory_order_relaxed);
    {
        QMutexLocker lock(&m_healthMutex);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        s.ejected = m_ejected.load(std::memory_order_relaxed) && (!m_ejectedUntil.isValid() || now < m_ejectedUntil);
        s.stateSince = s.ejected || !m_ejectedUntil.isValid() || m_ejectedUntil > now ? m_stateSince : m_ejectedUntil;
        if (s.ejected)
            s.ejectedUntil = m_ejectedUntil;
        s.lastFailure = m_lastFailure;
        s.lastFailureAt = m_lastFailureAt;
        s.lastProbeAt = m_lastProbeAt;
        s.lastProbeOk = m_lastProbeOk;
    }
    s.hedges = m_hedges.load(std::memory_order_relaxed);
    s.resumes = m_resumes.load(std::memory_order_relaxed);
    return s;
}

} // namespace s3c
