#include "LocationCache.h"

#include "MonotonicClock.h"
#include "stats/CacheCounters.h"

#include <QMutexLocker>

namespace s3c {

LocationCache::LocationCache(qint64 ttlMs, qint64 maxBytes, std::shared_ptr<MonotonicClock> clock,
                             std::shared_ptr<CacheCounters> counters)
    : m_ttlUs(qMax<qint64>(0, ttlMs) * 1000), m_maxBytes(qMax<qint64>(0, maxBytes)),
      m_clock(std::move(clock)), m_counters(std::move(counters)), m_entries(m_maxBytes)
{
}

QString LocationCache::slot(const QString &bucket, const QString &key)
{
    // Bucket names never hold NUL (S3 bucket naming rules), so the pair cannot collide.
    return bucket + QChar(0) + key;
}

int LocationCache::stripe(const QString &slot)
{
    return int(qHash(slot) % 64);
}

int LocationCache::lookup(const QString &bucket, const QString &key)
{
    if (!isEnabled())
        return -1;
    QMutexLocker lock(&m_mutex);
    int found = -1;
    if (m_entries.size() > 0) {
        const QString s = slot(bucket, key);
        if (Entry *e = m_entries.find(s)) {
            if (m_clock->nowUs() < e->expiresUs) {
                found = e->backend;
            } else {
                m_entries.remove(s);
                publish();
            }
        }
    }
    if (m_counters)
        m_counters->addLookup(found >= 0);
    return found;
}

quint64 LocationCache::epoch(const QString &bucket, const QString &key) const
{
    const QString s = slot(bucket, key);
    QMutexLocker lock(&m_mutex);
    return m_epochs[size_t(stripe(s))];
}

void LocationCache::remember(const QString &bucket, const QString &key, int backend, quint64 epochAtStart,
                             qint64 notAfterUs)
{
    if (!isEnabled() || backend < 0)
        return;
    const QString s = slot(bucket, key);
    QMutexLocker lock(&m_mutex);
    if (epochAtStart != m_epochs[size_t(stripe(s))])
        return;
    const qint64 now = m_clock->nowUs();
    const qint64 expires = qMin(now + m_ttlUs, notAfterUs);
    if (expires <= now)
        return;
    // Expired entries at the cold end go first, so the budget is spent on live ones.
    for (int i = 0; i < 2; ++i) {
        const Entry *cold = m_entries.coldest();
        if (!cold || cold->expiresUs > now)
            break;
        m_entries.removeColdest();
    }
    const int evicted = m_entries.insert(s, Entry{backend, expires}, LruTable<Entry>::entryCost(s));
    if (m_counters)
        m_counters->addEvictions(evicted);
    publish();
}

void LocationCache::forget(const QString &bucket, const QString &key)
{
    const QString s = slot(bucket, key);
    QMutexLocker lock(&m_mutex);
    ++m_epochs[size_t(stripe(s))];
    if (m_counters)
        m_counters->addInvalidation();
    if (m_entries.remove(s))
        publish();
}

void LocationCache::drop(const QString &bucket, const QString &key)
{
    QMutexLocker lock(&m_mutex);
    if (m_entries.remove(slot(bucket, key)))
        publish();
}

void LocationCache::clear()
{
    QMutexLocker lock(&m_mutex);
    for (quint64 &e : m_epochs)
        ++e;
    if (m_counters)
        m_counters->addInvalidation();
    m_entries.clear();
    publish();
}

qint64 LocationCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries.size();
}

qint64 LocationCache::bytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries.bytes();
}

void LocationCache::countSkipped(int requests)
{
    if (m_counters)
        m_counters->addSkipped(requests);
}

void LocationCache::countStale()
{
    if (m_counters)
        m_counters->addStale();
}

void LocationCache::publish()
{
    if (m_counters)
        m_counters->setSize(m_entries.size(), m_entries.bytes());
}

} // namespace s3c
