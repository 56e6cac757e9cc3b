#include "MetadataCache.h"

#include <QMutexLocker>

#include <chrono>

namespace s3c {

MetadataCache::MetadataCache(int capacity, qint64 settleMs)
    : m_capacity(qMax(0, capacity)), m_settleNs(qMax<qint64>(0, settleMs) * 1000000)
{
}

bool MetadataCache::settled(const FileStat &st) const
{
    // The file times are wall-clock times: compare them with the wall clock.
    const qint64 now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    return st.ctimeNs < now - m_settleNs;
}

bool MetadataCache::sameFile(const FileStat &a, const FileStat &b)
{
    return a.isFile && b.isFile && a.device == b.device && a.inode == b.inode && a.size == b.size &&
           a.mtimeNs == b.mtimeNs && a.ctimeNs == b.ctimeNs;
}

std::optional<ObjectInfo> MetadataCache::find(const QString &path, const FileStat &st) const
{
    if (!settled(st))
        return std::nullopt;
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(path);
    if (it == m_entries.cend() || !sameFile(it->st, st))
        return std::nullopt;
    return it->info;
}

void MetadataCache::insert(const QString &path, const FileStat &st, const ObjectInfo &info)
{
    if (m_capacity == 0 || !st.isFile || st.inode == 0 || !settled(st))
        return;
    QMutexLocker lock(&m_mutex);
    auto it = m_entries.find(path);
    if (it != m_entries.end()) {
        *it = Entry{st, info};
        return;
    }
    // Full: the oldest entry goes (a hot object comes back at its next read).
    if (m_order.size() < m_capacity) {
        m_order.append(path);
    } else {
        m_entries.remove(m_order.at(m_next));
        m_order[m_next] = path;
        m_next = (m_next + 1) % m_order.size();
    }
    m_entries.insert(path, Entry{st, info});
}

int MetadataCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

} // namespace s3c
