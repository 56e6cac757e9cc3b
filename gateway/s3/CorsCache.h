#pragma once

#include "CorsTypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>
#include <optional>

namespace s3c {

// Parsed CORS configurations by bucket, shared by the gateway's worker threads, so that a
// preflight or a request with Origin does not read and parse the bucket's XML every time.
// Entries expire after `ttlMs` (the configuration may change behind the gateway's back: another
// gateway on the same backend); the gateway's own PutBucketCors and DeleteBucketCors invalidate at
// once. Bounded: at most `capacity` buckets, the table is emptied when it would grow past that.
// Thread-safe.
class CorsCache
{
public:
    using Config = std::shared_ptr<const CorsConfiguration>; // null: the bucket has none

    explicit CorsCache(qint64 ttlMs = 30000, int capacity = 1024);

    // std::nullopt: not cached (or expired).
    std::optional<Config> lookup(const QString &bucket) const;
    // Read before asking the backend, passed to store(): an answer fetched before an
    // invalidation (a PutBucketCors that raced the read) is not stored.
    quint64 generation() const;
    void store(const QString &bucket, Config config, quint64 generation);
    void invalidate(const QString &bucket);
    void clear();
    int size() const;

private:
    struct Entry
    {
        Config config;
        qint64 expiresMs = 0;
    };

    const qint64 m_ttlMs;
    const int m_capacity;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
    quint64 m_generation = 0;
    QElapsedTimer m_clock;
};

} // namespace s3c
