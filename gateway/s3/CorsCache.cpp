#include "CorsCache.h"

namespace s3c {

CorsCache::CorsCache(qint64 ttlMs, int capacity) : m_ttlMs(ttlMs), m_capacity(qMax(1, capacity))
{
    m_clock.start();
}

std::optional<CorsCache::Config> CorsCache::lookup(const QString &bucket) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(bucket);
    if (it == m_entries.constEnd() || it->expiresMs <= m_clock.elapsed())
        return std::nullopt;
    return it->config;
}

quint64 CorsCache::generation() const
{
    QMutexLocker lock(&m_mutex);
    return m_generation;
}

void CorsCache::store(const QString &bucket, Config config, quint64 generation)
{
    QMutexLocker lock(&m_mutex);
    if (generation != m_generation)
        return;
    const qint64 now = m_clock.elapsed();
    if (m_entries.size() >= m_capacity && !m_entries.contains(bucket)) {
        // Expired entries first; a table still full of live ones (clients probing many bucket
        // names) starts afresh rather than growing.
        m_entries.removeIf([now](const auto &entry) { return entry.value().expiresMs <= now; });
        if (m_entries.size() >= m_capacity)
            m_entries.clear();
    }
    m_entries.insert(bucket, Entry{std::move(config), now + m_ttlMs});
}

void CorsCache::invalidate(const QString &bucket)
{
    QMutexLocker lock(&m_mutex);
    ++m_generation;
    m_entries.remove(bucket);
}

void CorsCache::clear()
{
    QMutexLocker lock(&m_mutex);
    ++m_generation;
    m_entries.clear();
}

int CorsCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

} // namespace s3c
