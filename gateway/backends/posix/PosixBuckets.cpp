#include "PosixBuckets.h"

#include "PosixCore.h"
#include "PosixFs.h"
#include "PosixLister.h"
#include "PosixMultipart.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace s3c {

BucketInfo PosixBuckets::infoFor(const QString &bucket) const
{
    // The creation date of a directory is its birth time (statx on Linux); where the filesystem
    // does not record one, the status-change time is the closest stand-in.
    const QFileInfo info(m_core.paths().bucketDir(bucket));
    QDateTime created = info.birthTime();
    if (!created.isValid())
        created = info.metadataChangeTime();
    return BucketInfo{bucket, created.toUTC()};
}

QList<BucketInfo> PosixBuckets::list() const
{
    QList<BucketInfo> buckets;
    QDirIterator it(m_core.paths().root(), QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    while (it.hasNext()) {
        it.next();
        const QString name = it.fileName();
        if (PosixPaths::checkBucket(name).ok())
            buckets.append(infoFor(name));
    }
    std::sort(buckets.begin(), buckets.end(),
              [](const BucketInfo &a, const BucketInfo &b) { return a.name.toUtf8() < b.name.toUtf8(); });
    return buckets;
}

Result<BucketInfo> PosixBuckets::head(const QString &bucket) const
{
    Status exists = m_core.checkBucketExists(bucket);
    if (!exists)
        return exists.failure();
    return infoFor(bucket);
}

Status PosixBuckets::create(const QString &bucket)
{
    const QString dir = m_core.paths().bucketDir(bucket);
    if (::mkdir(PosixFs::encode(dir).constData(), 0777) != 0) {
        if (errno == EEXIST)
            return Failure{S3Error::BucketAlreadyOwnedByYou, {}};
        return PosixFs::ioFailure(QStringLiteral("cannot create the bucket"), errno);
    }
    // Settings left by an earlier bucket of this name (removed behind the gateway's back) are
    // not the new bucket's.
    PosixFs::removeTree(m_core.paths().bucketConfigDir(bucket));
    if (m_core.durable())
        PosixFs::fsyncDir(m_core.paths().root());
    return Done{};
}

Status PosixBuckets::remove(const QString &bucket)
{
    Status exists = m_core.checkBucketExists(bucket);
    if (!exists)
        return exists.failure();
    const PosixPaths &paths = m_core.paths();
    if (PosixMultipart(m_core).hasUploads(bucket))
        return Failure{S3Error::BucketNotEmpty, {}};

    ListObjectsRequest probe;
    probe.bucket = bucket;
    probe.maxKeys = 1;
    Result<ListObjectsResult> listed = PosixLister(m_core).list(probe);
    if (!listed)
        return listed.failure();
    if (!listed->objects.isEmpty())
        return Failure{S3Error::BucketNotEmpty, {}};

    // No objects: what is left are empty directories (pruned deletes of a crashed gateway) or
    // files that cannot be objects (names that are not UTF-8, symlinks). The first go, the
    // others are not ours to delete.
    const QString dir = paths.bucketDir(bucket);
    PosixFs::pruneEmptyDirs(dir, false);
    if (::rmdir(PosixFs::encode(dir).constData()) != 0) {
        if (errno == ENOTEMPTY || errno == EEXIST)
            return Failure{
                S3Error::BucketNotEmpty,
                QStringLiteral("The bucket you tried to delete is not empty: its directory holds files "
                               "that are not objects")};
        return PosixFs::ioFailure(QStringLiteral("cannot delete the bucket"), errno);
    }
    // Folders of uploads without a manifest (a crash during CreateMultipartUpload) and stale
    // sidecars go with the bucket.
    PosixFs::removeTree(paths.uploadsDir(bucket));
    PosixFs::removeTree(paths.bucketConfigDir(bucket));
    m_core.metadata().removeTree(dir);
    if (m_core.durable())
        PosixFs::fsyncDir(paths.root());
    return Done{};
}

Result<QByteArray> PosixBuckets::cors(const QString &bucket) const
{
    Status exists = m_core.checkBucketExists(bucket);
    if (!exists)
        return exists.failure();
    QFile file(m_core.paths().corsFile(bucket));
    if (!file.open(QIODevice::ReadOnly))
        return Failure{S3Error::NoSuchCORSConfiguration, {}};
    // The S3 layer writes at most 64 KiB; a larger file was not written by it.
    constexpr qint64 kLimit = 256 * 1024;
    const QByteArray xml = file.read(kLimit + 1);
    if (xml.size() > kLimit)
        return Failure{S3Error::InternalError, QStringLiteral("The stored CORS configuration is too large")};
    return xml;
}

Status PosixBuckets::putCors(const QString &bucket, const QByteArray &xml)
{
    Status exists = m_core.checkBucketExists(bucket);
    if (!exists)
        return exists;
    const QString dir = m_core.paths().bucketConfigDir(bucket);
    if (!QDir().mkpath(dir))
        return Failure{S3Error::InternalError, QStringLiteral("cannot create the bucket settings folder")};
    // QSaveFile: temp file, fsync, rename -- readers see the old document or the new one.
    QSaveFile file(m_core.paths().corsFile(bucket));
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly) || file.write(xml) != xml.size() || !file.commit())
        return Failure{S3Error::InternalError, QStringLiteral("cannot write the CORS configuration")};
    if (m_core.durable())
        PosixFs::fsyncDir(dir);
    return Done{};
}

Status PosixBuckets::removeCors(const QString &bucket)
{
    Status exists = m_core.checkBucketExists(bucket);
    if (!exists)
        return exists;
    const QString path = m_core.paths().corsFile(bucket);
    if (::unlink(PosixFs::encode(path).constData()) != 0 && errno != ENOENT)
        return PosixFs::ioFailure(QStringLiteral("cannot delete the CORS configuration"), errno);
    return Done{};
}

} // namespace s3c
