#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>

namespace s3c {

class MonotonicClock;

// Where a key was last found when the backends before that one said not found (design-notes.md
// #3: "remember where a key was found ... with a TTL, invalidated by our own writes"). A read of
// it then starts at that backend instead of paying a round trip per backend that does not have
// it. Entries expire after the TTL, so a write that did not pass through this gateway is seen
// at the latest one TTL later; our own writes and deletes forget the key at once.
// Bounded: when full, expired entries go, and if that is not enough, all of them.
// Thread-safe: the gateway's worker threads share one cache per backend set, so a write through
// one thread is seen by reads on every other.
class LocationCache
{
public:
    LocationCache(qint64 ttlMs, int capacity, std::shared_ptr<MonotonicClock> clock);

    bool isEnabled() const { return m_ttlUs > 0 && m_capacity > 0; }
    // The backend to start at: > 0 when a fresh entry says the ones before it lack the key.
    int lookup(const QString &bucket, const QString &key);
    // Changes with every forget()/clear(). A read takes it when it starts and hands it to
    // remember(), which ignores the read if a write finished meanwhile: the read may have
    // looked before the write landed on the primary, and must not pin the key elsewhere.
    quint64 epoch() const;
    void remember(const QString &bucket, const QString &key, int backend, quint64 epochAtStart);
    // Our own write or delete of the key finished.
    void forget(const QString &bucket, const QString &key);
    // A bucket was created or deleted.
    void clear();
    int size() const;

private:
    struct Entry
    {
        int backend = 0;
        qint64 expiresUs = 0;
    };
    static QString slot(const QString &bucket, const QString &key);
    void makeRoom(); // with m_mutex held

    qint64 m_ttlUs;
    int m_capacity;
    std::shared_ptr<MonotonicClock> m_clock;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
    quint64 m_epoch = 0;
};

} // namespace s3c
