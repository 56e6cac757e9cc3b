#include "PosixObjects.h"

#include "AtomicFileWriter.h"
#include "MetadataRecord.h"
#include "PosixCore.h"
#include "PosixFs.h"
#include "backends/Preconditions.h"
#include "http/FileBody.h"

#include <QThread>

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace s3c {

namespace {

// Closes a descriptor on every return path.
struct FdGuard
{
    int fd;
    ~FdGuard()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// The bytes a GET/HEAD asks for: a part (?partNumber) or a Range, after the conditions.
Result<std::optional<ByteRange>> selectBytes(const GetObjectRequest &request, const ObjectInfo &info)
{
    if (request.partNumber <= 0)
        return resolveRange(request.range, info.size);
    Result<ByteRange> part = resolvePart(request.partNumber, info);
    if (!part)
        return part.failure();
    if (part->length() <= 0)
        return std::optional<ByteRange>{}; // part 1 of an empty object: the (empty) whole, 200
    return std::optional<ByteRange>(part.value());
}

} // namespace

AtomicFileWriter::Target PosixObjects::objectTarget(const PosixCore &core, const QString &bucket,
                                                    const QString &key, const WriteConditions &conditions)
{
    AtomicFileWriter::Target target;
    target.path = core.paths().objectPath(bucket, key);
    target.createBelow = core.paths().bucketDir(bucket);
    target.lock = &core.writeLock(target.path);
    target.nestIntoDirectory = true;
    if (!conditions.isEmpty()) {
        target.noReplace = conditions.ifNoneMatch;
        target.precondition = [&core, bucket, key, conditions]() -> Status {
            Result<ObjectInfo> existing = core.statObject(bucket, key);
            if (!existing && existing.error() != S3Error::NoSuchKey)
                return existing.failure();
            const S3Error error =
                evaluateWriteConditions(conditions, existing ? &existing.value() : nullptr);
            if (error != S3Error::None)
                return Failure{error, {}};
            return Done{};
        };
    }
    return target;
}

Result<GetObjectResult> PosixObjects::get(const GetObjectRequest &request, QThread *receiverThread) const
{
    if (request.headOnly) {
        Result<ObjectInfo> info = m_core.statObject(request.bucket, request.key);
        if (!info)
            return info.failure();
        const S3Error condition = evaluatePreconditions(request.conditions, *info);
        if (condition != S3Error::None)
            return Failure{condition, {}};
        Result<std::optional<ByteRange>> range = selectBytes(request, *info);
        if (!range)
            return range.failure();
        return GetObjectResult{*info, *range, nullptr};
    }

    Result<OpenedObject> opened = m_core.openObject(request.bucket, request.key);
    if (!opened)
        return opened.failure();
    FdGuard guard{opened->fd};
    const S3Error condition = evaluatePreconditions(request.conditions, opened->info);
    if (condition != S3Error::None)
        return Failure{condition, {}};
    Result<std::optional<ByteRange>> range = selectBytes(request, opened->info);
    if (!range)
        return range.failure();

    // The HTTP layer reads exactly the range length from the device (or sends the descriptor with
    // sendfile), so the file is only positioned here, never read.
    auto *file = new FileBody(guard.fd, opened->info.size);
    guard.fd = -1;
    if (*range && !file->seek((*range)->first)) {
        delete file;
        return Failure{S3Error::InternalError, QStringLiteral("cannot seek in the object")};
    }
    // Created on a pool thread; the receiver owns it on its own thread (deleteLater, signals).
    file->moveToThread(receiverThread);
    return GetObjectResult{opened->info, *range, file};
}

Result<ObjectInfo> PosixObjects::commitPut(AtomicFileWriter &writer, const PutObjectRequest &request) const
{
    ObjectInfo info = request.meta;
    info.key = request.key;
    info.etag = PosixCore::quotedHex(writer.md5());
    info.partsCount = 0;
    return writer.commit(objectTarget(m_core, request.bucket, request.key, request.conditions), info,
                         m_core.paths(), m_core.metadata(), m_core.durable());
}

Status PosixObjects::remove(const QString &bucket, const QString &key) const
{
    Status exists = m_core.checkBucketExists(bucket);
    if (!exists)
        return exists;
    const QString logical = m_core.paths().objectPath(bucket, key);
    const QString path = m_core.locate(bucket, key);
    if (!PosixFs::lstat(path).isFile || !m_core.paths().isContained(path))
        return Done{};
    {
        // A conditional write that checked this file must see it deleted before or after it
        // puts its own in place, never in between.
        QMutexLocker locker(&m_core.writeLock(logical));
        if (::unlink(PosixFs::encode(path).constData()) != 0 && errno != ENOENT)
            return PosixFs::ioFailure(QStringLiteral("cannot delete the object"), errno);
        m_core.metadata().remove(path);
    }
    const QString parent = path.left(path.lastIndexOf(QLatin1Char('/')));
    if (m_core.durable())
        PosixFs::fsyncDir(parent);
    // Directories exist only to hold keys: once empty they go, up to (never including) the
    // bucket directory, so that listings do not keep showing a prefix of deleted keys.
    PosixFs::removeEmptyDirs(parent, m_core.paths().bucketDir(bucket));
    return Done{};
}

Result<ObjectInfo> PosixObjects::copySource(const QString &bucket, const QString &key,
                                            const Conditions &conditions,
                                            const std::optional<ByteRange> &range,
                                            AtomicFileWriter &writer) const
{
    Result<OpenedObject> source = m_core.openObject(bucket, key);
    if (!source)
        return source.failure();
    FdGuard guard{source->fd};
    const S3Error condition = evaluatePreconditions(conditions, source->info, true);
    if (condition != S3Error::None)
        return Failure{condition, {}};
    ByteRange bytes{0, source->info.size - 1};
    if (range) {
        // x-amz-copy-source-range must lie inside the source (UploadPartCopy: InvalidRange).
        if (range->first < 0 || range->last < range->first || range->last >= source->info.size)
            return Failure{S3Error::InvalidRange, {}};
        bytes = *range;
    }
    Status opened = writer.open();
    if (!opened)
        return opened.failure();
    Status copied = writer.copyFrom(guard.fd, bytes.first, bytes.length());
    if (!copied)
        return copied.failure();
    return source->info;
}

Result<ObjectInfo> PosixObjects::copy(const CopyObjectRequest &request) const
{
    Status target = m_core.checkBucketExists(request.bucket);
    if (!target)
        return target.failure();
    // S3 CopyObject: copying an object onto itself is only allowed when something changes, which
    // for this backend means the metadata (REPLACE directive). A missing source or a failed
    // source condition still answers first.
    if (request.sourceBucket == request.bucket && request.sourceKey == request.key &&
        !request.replaceMetadata && !request.replaceTags) {
        Result<ObjectInfo> source = m_core.statObject(request.sourceBucket, request.sourceKey);
        if (!source)
            return source;
        const S3Error condition = evaluatePreconditions(request.sourceConditions, *source, true);
        if (condition != S3Error::None)
            return Failure{condition, {}};
        return Failure{
            S3Error::InvalidRequest,
            QStringLiteral("This copy request is illegal because it is trying to copy an object to itself "
                           "without changing the object's metadata, storage class, website redirect "
                           "location or encryption attributes.")};
    }
    std::unique_ptr<AtomicFileWriter> writer = m_core.newWriter();
    Result<ObjectInfo> source =
        copySource(request.sourceBucket, request.sourceKey, request.sourceConditions, std::nullopt, *writer);
    if (!source)
        return source;

    ObjectInfo info = request.replaceMetadata ? request.meta : *source;
    info.key = request.key;
    // The copy is one part, so its ETag is the MD5 of its bytes even when the source came from a
    // multipart upload; checksums describe the bytes and carry over unless they were composite
    // (multipart) ones.
    info.etag = PosixCore::quotedHex(writer->md5());
    info.checksums = source->partsCount == 0 ? source->checksums : QMap<QByteArray, QByteArray>{};
    info.partsCount = 0;
    info.partSizes.clear();
    info.storageClass = QStringLiteral("STANDARD");
    info.tags = request.replaceTags ? request.tags : source->tags;
    return writer->commit(objectTarget(m_core, request.bucket, request.key), info, m_core.paths(),
                          m_core.metadata(), m_core.durable());
}

Result<ObjectTags> PosixObjects::tags(const QString &bucket, const QString &key) const
{
    Result<ObjectInfo> info = m_core.statObject(bucket, key);
    if (!info)
        return info.failure();
    return info->tags;
}

Status PosixObjects::setTags(const QString &bucket, const QString &key, const ObjectTags &tags) const
{
    Result<OpenedObject> opened = m_core.openObject(bucket, key);
    if (!opened)
        return opened.failure();
    FdGuard guard{opened->fd};
    ObjectInfo info = opened->info;
    info.tags = tags;
    const QString path = m_core.locate(bucket, key); // the nested file of a key that is also a prefix
    // The record names the very bytes opened: if the object is replaced meanwhile, the xattr goes
    // to the old, unlinked file, and a sidecar written for it no longer matches the new file
    // (which then reads as an object without a record rather than with the old one's tags).
    const FileStat identity = PosixFs::fstat(guard.fd);
    Status attached = m_core.metadata().attach(guard.fd, path, path, MetadataRecord::encode(info, identity),
                                               m_core.durable());
    if (!attached)
        return attached;
    // A sidecar write leaves the data file's ctime alone, and the metadata cache trusts ctime to
    // move with any metadata change: touch it (an xattr write already did).
    struct stat st;
    if (::fstat(guard.fd, &st) == 0)
        ::fchmod(guard.fd, st.st_mode & 07777);
    if (m_core.durable())
        PosixFs::fsyncFd(guard.fd);
    return Done{};
}

} // namespace s3c
