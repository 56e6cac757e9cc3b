#include "SigningKeyCache.h"

#include "SigV4.h"

#include <QMutexLocker>

#include <charconv>

namespace s3c {

namespace {

QByteArray cacheKey(QByteArrayView secret, QByteArrayView date, QByteArrayView region, QByteArrayView service)
{
    // Length-prefixed so that no two different tuples give the same key. Not hashed: the cache
    // sits on every request's path, holds derived keys that are as secret as the secret itself,
    // and lives in the same memory as the credentials it is keyed by.
    QByteArray input;
    input.reserve(secret.size() + date.size() + region.size() + service.size() + 16);
    for (const QByteArrayView part : {secret, date, region, service}) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, part.size()).ptr;
        input.append(digits, end - digits).append(':').append(part);
    }
    return input;
}

} // namespace

SigningKeyCache::SigningKeyCache(int capacity) : m_cache(qMax(1, capacity))
{
}

QByteArray SigningKeyCache::signingKey(QByteArrayView secret, QByteArrayView date, QByteArrayView region,
                                       QByteArrayView service)
{
    const QByteArray key = cacheKey(secret, date, region, service);
    {
        QMutexLocker lock(&m_mutex);
        if (const QByteArray *cached = m_cache.object(key))
            return *cached;
    }
    // Derived outside the lock: two threads may both derive the same key once; harmless.
    const QByteArray derived = sigv4::signingKey(secret, date, region, service);
    QMutexLocker lock(&m_mutex);
    m_cache.insert(key, new QByteArray(derived));
    return derived;
}

int SigningKeyCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_cache.size());
}

int SigningKeyCache::capacity() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_cache.maxCost());
}

void SigningKeyCache::clear()
{
    QMutexLocker lock(&m_mutex);
    m_cache.clear();
}

} // namespace s3c
