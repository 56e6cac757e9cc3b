#include "MissCache.h"

#include "LocationCache.h"
#include "MonotonicClock.h"
#include "stats/CacheCounters.h"

#include <QMutexLocker>

namespace s3c {

namespace {

// Drops the expired misses; true when nothing fresh is left.
bool prune(MissCache::Misses &misses, qint64 now)
{
    bool any = false;
    for (MissCache::Miss &m : misses) {
        if (m.expiresUs != 0 && m.expiresUs <= now)
            m = MissCache::Miss{};
        any |= m.expiresUs != 0;
    }
    while (!misses.isEmpty() && misses.last().expiresUs == 0)
        misses.removeLast();
    return !any;
}

} // namespace

MissCache::MissCache(qint64 ttlMs, qint64 maxBytes, std::shared_ptr<MonotonicClock> clock,
                     std::shared_ptr<CacheCounters> counters)
    : m_ttlUs(qMax<qint64>(0, ttlMs) * 1000), m_maxBytes(qMax<qint64>(0, maxBytes)),
      m_clock(std::move(clock)), m_counters(std::move(counters)), m_entries(m_maxBytes)
{
}

qint64 MissCache::costOf(const QString &slot, const Misses &misses)
{
    // Past the inline capacity the array lives on the heap.
    const qint64 heap = misses.size() > 4 ? qint64(misses.size()) * qint64(sizeof(Miss)) + 32 : 0;
    return LruTable<Misses>::entryCost(slot, heap);
}

MissCache::Misses MissCache::lookup(const QString &bucket, const QString &key)
{
    if (!isEnabled())
        return {};
    QMutexLocker lock(&m_mutex);
    Misses out;
    if (m_entries.size() > 0) {
        const QString s = LocationCache::slot(bucket, key);
        if (Misses *e = m_entries.find(s)) {
            if (prune(*e, m_clock->nowUs())) {
                m_entries.remove(s);
                publish();
            } else {
                out = *e;
            }
        }
    }
    if (m_counters)
        m_counters->addLookup(!out.isEmpty());
    return out;
}

quint64 MissCache::epoch(const QString &bucket, const QString &key) const
{
    const QString s = LocationCache::slot(bucket, key);
    QMutexLocker lock(&m_mutex);
    return m_epochs[size_t(LocationCache::stripe(s))];
}

void MissCache::remember(const QString &bucket, const QString &key, int backend, bool keyMissing,
                         quint64 epochAtStart)
{
    if (!isEnabled() || backend < 0)
        return;
    const QString s = LocationCache::slot(bucket, key);
    QMutexLocker lock(&m_mutex);
    if (epochAtStart != m_epochs[size_t(LocationCache::stripe(s))])
        return;
    const qint64 now = m_clock->nowUs();
    for (int i = 0; i < 2; ++i) { // expired entries at the cold end go first
        Misses *cold = m_entries.coldest();
        if (!cold || !prune(*cold, now))
            break;
        m_entries.removeColdest();
    }
    Misses misses;
    if (Misses *e = m_entries.find(s)) {
        prune(*e, now);
        misses = *e;
    }
    if (misses.size() <= backend)
        misses.resize(backend + 1);
    misses[backend] = Miss{now + m_ttlUs, keyMissing};
    const int evicted = m_entries.insert(s, misses, costOf(s, misses));
    if (m_counters)
        m_counters->addEvictions(evicted);
    publish();
}

void MissCache::forget(const QString &bucket, const QString &key)
{
    const QString s = LocationCache::slot(bucket, key);
    QMutexLocker lock(&m_mutex);
    ++m_epochs[size_t(LocationCache::stripe(s))];
    if (m_counters)
        m_counters->addInvalidation();
    if (m_entries.remove(s))
        publish();
}

void MissCache::drop(const QString &bucket, const QString &key)
{
    QMutexLocker lock(&m_mutex);
    if (m_entries.remove(LocationCache::slot(bucket, key)))
        publish();
}

void MissCache::drop(const QString &bucket, const QString &key, int backend)
{
    QMutexLocker lock(&m_mutex);
    if (m_entries.size() == 0)
        return;
    const QString s = LocationCache::slot(bucket, key);
    Misses *e = m_entries.find(s);
    if (!e || backend < 0 || backend >= e->size() || e->at(backend).expiresUs == 0)
        return;
    Misses misses = *e;
    misses[backend] = Miss{};
    if (prune(misses, m_clock->nowUs()))
        m_entries.remove(s);
    else
        m_entries.insert(s, misses, costOf(s, misses));
    publish();
}

void MissCache::clear()
{
    QMutexLocker lock(&m_mutex);
    for (quint64 &e : m_epochs)
        ++e;
    if (m_counters)
        m_counters->addInvalidation();
    m_entries.clear();
    publish();
}

qint64 MissCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries.size();
}

qint64 MissCache::bytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries.bytes();
}

void MissCache::countSkipped(int requests)
{
    if (m_counters)
        m_counters->addSkipped(requests);
}

void MissCache::countAnswered()
{
    if (m_counters)
        m_counters->addAnswered();
}

void MissCache::publish()
{
    if (m_counters)
        m_counters->setSize(m_entries.size(), m_entries.bytes());
}

} // namespace s3c
