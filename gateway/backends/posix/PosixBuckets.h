#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"

namespace s3c {

class PosixCore;

// Bucket operations of the local-directory backend: a bucket is a top-level directory of the
// root. Blocking; run on the backend pool.
class PosixBuckets
{
public:
    explicit PosixBuckets(PosixCore &core) : m_core(core) {}

    // Sorted by name; dot-directories (".s3cascade", hidden folders), symlinks and names that are
    // not valid bucket names are not buckets.
    QList<BucketInfo> list() const;
    Result<BucketInfo> head(const QString &bucket) const;
    Status create(const QString &bucket);
    // BucketNotEmpty while any object or multipart upload exists (S3 DeleteBucket).
    Status remove(const QString &bucket);

    // The CORS document of an existing bucket (NoSuchCORSConfiguration when it has none), kept
    // in PosixPaths::corsFile and replaced atomically.
    Result<QByteArray> cors(const QString &bucket) const;
    Status putCors(const QString &bucket, const QByteArray &xml);
    Status removeCors(const QString &bucket);

private:
    BucketInfo infoFor(const QString &bucket) const;

    PosixCore &m_core;
};

} // namespace s3c
