#include "LocationCache.h"

#include "MonotonicClock.h"

#include <QMutexLocker>

namespace s3c {

LocationCache::LocationCache(qint64 ttlMs, int capacity, std::shared_ptr<MonotonicClock> clock)
    : m_ttlUs(qMax<qint64>(0, ttlMs) * 1000), m_capacity(qMax(0, capacity)), m_clock(std::move(clock))
{
}

QString LocationCache::slot(const QString &bucket, const QString &key)
{
    // Bucket names never hold NUL (S3 bucket naming rules), so the pair cannot collide.
    return bucket + QChar(0) + key;
}

int LocationCache::lookup(const QString &bucket, const QString &key)
{
    if (!isEnabled())
        return 0;
    QMutexLocker lock(&m_mutex);
    if (m_entries.isEmpty())
        return 0;
    const auto it = m_entries.constFind(slot(bucket, key));
    if (it == m_entries.cend())
        return 0;
    if (m_clock->nowUs() >= it->expiresUs) {
        m_entries.erase(it);
        return 0;
    }
    return it->backend;
}

void LocationCache::remember(const QString &bucket, const QString &key, int backend, quint64 epochAtStart)
{
    if (!isEnabled())
        return;
    QMutexLocker lock(&m_mutex);
    if (backend <= 0) {
        m_entries.remove(slot(bucket, key)); // found on the primary: nothing to skip
        return;
    }
    if (epochAtStart != m_epoch)
        return;
    if (m_entries.size() >= m_capacity)
        makeRoom();
    m_entries.insert(slot(bucket, key), Entry{backend, m_clock->nowUs() + m_ttlUs});
}

void LocationCache::forget(const QString &bucket, const QString &key)
{
    QMutexLocker lock(&m_mutex);
    ++m_epoch;
    if (!m_entries.isEmpty())
        m_entries.remove(slot(bucket, key));
}

void LocationCache::clear()
{
    QMutexLocker lock(&m_mutex);
    ++m_epoch;
    m_entries.clear();
}

quint64 LocationCache::epoch() const
{
    QMutexLocker lock(&m_mutex);
    return m_epoch;
}

int LocationCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

void LocationCache::makeRoom()
{
    const qint64 now = m_clock->nowUs();
    m_entries.removeIf([now](const auto &it) { return now >= it.value().expiresUs; });
    if (m_entries.size() >= m_capacity)
        m_entries.clear();
}

} // namespace s3c
