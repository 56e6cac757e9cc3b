#pragma once

#include "LruTable.h"

#include <QMutex>
#include <QString>
#include <QVarLengthArray>

#include <array>
#include <memory>

namespace s3c {

class CacheCounters;
class MonotonicClock;

// Which backends answered not-found for a key, and when that knowledge expires (issue #11:
// "(backend, key) answered not-found, with a TTL, so repeated reads of objects that live on the
// 3rd backend skip the known misses"). One entry per key holds every backend's miss, so a read
// finds all it may skip in one lookup. ReadPlan decides how reads use it (and why a stale miss
// cannot give a wrong answer beyond the TTL); this class only keeps the entries.
//
// Bounded by bytes, least recently used first, like LocationCache; TTL 0 or a cap of 0 bytes
// switches it off. Thread-safe, shared by the gateway's threads through CascadeState.
class MissCache
{
public:
    struct Miss
    {
        qint64 expiresUs = 0;    // 0: nothing known about this backend
        bool keyMissing = false; // NoSuchKey (it has the bucket); false: NoSuchBucket
    };
    // Indexed by backend; shorter than the set when the later backends are not known misses.
    using Misses = QVarLengthArray<Miss, 4>;

    MissCache(qint64 ttlMs, qint64 maxBytes, std::shared_ptr<MonotonicClock> clock,
              std::shared_ptr<CacheCounters> counters = {});

    bool isEnabled() const { return m_ttlUs > 0 && m_maxBytes > 0; }
    // The fresh misses of the key (expired ones are left out, and dropped).
    Misses lookup(const QString &bucket, const QString &key);
    // As LocationCache::epoch(): a miss seen by a read that began before one of our writes of
    // the key finished is not remembered (the write may have landed after the backend looked).
    quint64 epoch(const QString &bucket, const QString &key) const;
    void remember(const QString &bucket, const QString &key, int backend, bool keyMissing,
                  quint64 epochAtStart);
    // Our own write or delete of the key finished (or failed, and may have landed).
    void forget(const QString &bucket, const QString &key);
    // The key's misses are no longer trusted (a read found the world changed behind our back).
    void drop(const QString &bucket, const QString &key);
    // `backend` served the key: whatever miss of it is known is outdated.
    void drop(const QString &bucket, const QString &key, int backend);
    // A bucket was created or deleted.
    void clear();
    qint64 size() const;
    qint64 bytes() const;

    // Statistics of how reads used it (the counters are optional).
    void countSkipped(int requests);
    void countAnswered();

private:
    static qint64 costOf(const QString &slot, const Misses &misses);
    void publish(); // with m_mutex held

    const qint64 m_ttlUs;
    const qint64 m_maxBytes;
    const std::shared_ptr<MonotonicClock> m_clock;
    const std::shared_ptr<CacheCounters> m_counters;
    mutable QMutex m_mutex;
    LruTable<Misses> m_entries;
    std::array<quint64, 64> m_epochs{};
};

} // namespace s3c
