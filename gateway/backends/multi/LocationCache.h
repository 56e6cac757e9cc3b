#pragma once

#include "LruTable.h"

#include <QMutex>
#include <QString>

#include <array>
#include <limits>
#include <memory>

namespace s3c {

class CacheCounters;
class MonotonicClock;

// Which backend last served a key (design-notes.md #3: "remember where a key was found ...
// with a TTL, invalidated by our own writes"; issue #11: for every read, bounded LRU with a
// memory cap). A read then starts at that backend instead of paying a round trip per backend
// before it that lacks the key. ReadPlan decides what the entries are allowed to say and how a
// read uses them; this class only keeps them.
//
// Bounded by bytes (LruTable::entryCost: the key plus the containers' overhead): when full, the
// least recently used entries go. Entries expire after the TTL; an expired entry met by a lookup
// is dropped, and each insert drops expired ones from the cold end, so stale entries do not sit
// in memory until pressure evicts them. TTL 0 or a cap of 0 bytes switches the cache off.
//
// Thread-safe: the gateway's worker threads share one cache per backend set (CascadeState), so
// a write through one thread is seen by reads on every other.
class LocationCache
{
public:
    LocationCache(qint64 ttlMs, qint64 maxBytes, std::shared_ptr<MonotonicClock> clock,
                  std::shared_ptr<CacheCounters> counters = {});

    bool isEnabled() const { return m_ttlUs > 0 && m_maxBytes > 0; }
    qint64 ttlUs() const { return m_ttlUs; }
    // The backend that served the key, from a fresh entry (made the most recently used), or -1.
    int lookup(const QString &bucket, const QString &key);
    // Changes with every forget() of a key that shares the key's stripe, and with clear(). A
    // read takes it when it starts and hands it to remember(), which ignores the read if a write
    // finished meanwhile: the read may have looked before the write landed on the primary, and
    // must not pin the key elsewhere. Striped (64 ways) so that a busy write load does not void
    // every read's learning.
    quint64 epoch(const QString &bucket, const QString &key) const;
    // The read begun at epochAtStart was served by `backend`. The entry expires after the TTL,
    // or at notAfterUs if earlier (when the knowledge it rests on expires first).
    void remember(const QString &bucket, const QString &key, int backend, quint64 epochAtStart,
                  qint64 notAfterUs = std::numeric_limits<qint64>::max());
    // Our own write or delete of the key finished (or failed, and may have landed).
    void forget(const QString &bucket, const QString &key);
    // The entry proved wrong; no write is implied (reads in flight keep their epoch).
    void drop(const QString &bucket, const QString &key);
    // A bucket was created or deleted.
    void clear();
    qint64 size() const;
    qint64 bytes() const;

    // Statistics of how reads used it (the counters are optional).
    void countSkipped(int requests);
    void countStale();

    static QString slot(const QString &bucket, const QString &key);
    static int stripe(const QString &slot);

private:
    struct Entry
    {
        int backend = 0;
        qint64 expiresUs = 0;
    };
    void publish(); // with m_mutex held

    const qint64 m_ttlUs;
    const qint64 m_maxBytes;
    const std::shared_ptr<MonotonicClock> m_clock;
    const std::shared_ptr<CacheCounters> m_counters;
    mutable QMutex m_mutex;
    LruTable<Entry> m_entries;
    std::array<quint64, 64> m_epochs{};
};

} // namespace s3c
