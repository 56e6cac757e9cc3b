#include "RecentRequests.h"

#include <QMutexLocker>

namespace s3c {

RecentRequests::RecentRequests(int capacity) : m_capacity(qMax(1, capacity))
{
    m_ring.reserve(m_capacity);
}

void RecentRequests::record(RecentRequest entry)
{
    QMutexLocker lock(&m_mutex);
    entry.sequence = ++m_total;
    if (m_ring.size() < m_capacity) {
        m_ring.append(std::move(entry));
        return;
    }
    m_ring[m_next] = std::move(entry);
    m_next = (m_next + 1) % m_capacity;
}

QList<RecentRequest> RecentRequests::entries(quint64 after) const
{
    QMutexLocker lock(&m_mutex);
    QList<RecentRequest> out;
    out.reserve(m_ring.size());
    // Before the ring is full m_next is 0, so this walk is oldest-first in both states.
    for (int i = 0; i < m_ring.size(); ++i) {
        const RecentRequest &e = m_ring.at((m_next + i) % m_ring.size());
        if (e.sequence > after)
            out.append(e);
    }
    return out;
}

quint64 RecentRequests::total() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

} // namespace s3c
