#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCache>
#include <QMutex>

namespace s3c {

// Derived SigV4 signing keys per (secret, date, region, service): four HMACs saved on every
// request of the same day. Bounded (least recently used entries go first) and safe to share
// between threads. Entries are looked up by a SHA-256 of the inputs, so the cache holds no
// copy of a secret key; the derived keys themselves are never logged.
class SigningKeyCache
{
public:
    explicit SigningKeyCache(int capacity = 256);

    QByteArray signingKey(QByteArrayView secret, QByteArrayView date, QByteArrayView region,
                          QByteArrayView service);
    int size() const;
    int capacity() const;
    void clear();

private:
    mutable QMutex m_mutex;
    QCache<QByteArray, QByteArray> m_cache;
};

} // namespace s3c
