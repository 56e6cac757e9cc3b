#include "AtomicFileWriter.h"

#include "MetadataRecord.h"
#include "MetadataStore.h"
#include "PosixPaths.h"

#include <cerrno>
#include <cstdio>
#include <unistd.h>

namespace s3c {

namespace {

constexpr qint64 kCopyChunk = 1024 * 1024;

} // namespace

AtomicFileWriter::AtomicFileWriter(const QString &tmpDir) : m_tmpDir(tmpDir)
{
}

AtomicFileWriter::~AtomicFileWriter()
{
    discard();
}

Status AtomicFileWriter::open()
{
    m_fd = PosixFs::createTemp(m_tmpDir, &m_tempPath);
    if (m_fd < 0)
        return PosixFs::ioFailure(QStringLiteral("cannot create a temporary file"), errno);
    return Done{};
}

Status AtomicFileWriter::write(const char *data, qint64 size)
{
    if (m_fd < 0)
        return Failure{S3Error::InternalError, QStringLiteral("write to a closed temporary file")};
    if (!PosixFs::writeAll(m_fd, data, size))
        return PosixFs::ioFailure(QStringLiteral("cannot write the object"), errno);
    m_md5.addData(QByteArrayView(data, size));
    m_size += size;
    return Done{};
}

Status AtomicFileWriter::copyFrom(int fd, qint64 offset, qint64 length)
{
    QByteArray buffer(int(qMin(length, kCopyChunk)), Qt::Uninitialized);
    while (length > 0) {
        const ssize_t n = ::pread(fd, buffer.data(), size_t(qMin<qint64>(length, buffer.size())), offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return PosixFs::ioFailure(QStringLiteral("cannot read the source object"), errno);
        if (n == 0) // the source shrank under us: someone changed it outside the gateway
            return Failure{S3Error::InternalError,
                           QStringLiteral("the source object changed while it was copied")};
        Status written = write(buffer.constData(), n);
        if (!written)
            return written;
        offset += n;
        length -= n;
    }
    return Done{};
}

Status AtomicFileWriter::prepareParent(const Target &target, const QString &parent)
{
    if (!target.createBelow.isEmpty())
        return PosixFs::makeDirsBelow(target.createBelow, parent);
    if (!PosixFs::lstat(parent).isDir)
        return target.missingParent;
    return Done{};
}

Result<ObjectInfo> AtomicFileWriter::commit(const Target &target, ObjectInfo info, const PosixPaths &paths,
                                            MetadataStore &store, bool durable)
{
    if (m_fd < 0)
        return Failure{S3Error::InternalError, QStringLiteral("commit of a closed temporary file")};
    const QString parent = target.path.left(target.path.lastIndexOf(QLatin1Char('/')));
    // Conflicts are detected before anything is attached, so a refused write leaves the existing
    // object -- bytes and metadata -- untouched.
    Status prepared = prepareParent(target, parent);
    if (!prepared)
        return prepared.failure();
    if (PosixFs::lstat(target.path).isDir)
        return PosixFs::keyConflict();
    if (!paths.isContained(parent))
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("The object path leaves the backend's root directory")};
    QMutexLocker locker(target.lock);
    if (target.precondition) {
        Status holds = target.precondition();
        if (!holds)
            return holds.failure();
    }

    const FileStat identity = PosixFs::fstat(m_fd);
    info.size = identity.size;
    info.lastModified = identity.mtime();
    Status attached =
        store.attach(m_fd, m_tempPath, target.path, MetadataRecord::encode(info, identity), durable);
    if (!attached)
        return attached.failure();
    if (durable && !PosixFs::fsyncFd(m_fd))
        return PosixFs::ioFailure(QStringLiteral("cannot flush the object to disk"), errno);

    const QByteArray from = PosixFs::encode(m_tempPath);
    const QByteArray to = PosixFs::encode(target.path);
    // ENOENT: a concurrent delete pruned the (then empty) directory between our mkdir and the
    // rename. Re-create and retry; the race cannot repeat forever in practice.
    auto place = [&] {
        return target.noReplace ? PosixFs::renameNoReplace(from, to)
                                : ::rename(from.constData(), to.constData());
    };
    int rc = place();
    for (int attempt = 0; rc != 0 && errno == ENOENT && attempt < 8; ++attempt) {
        prepared = prepareParent(target, parent);
        if (!prepared)
            return prepared.failure();
        rc = place();
    }
    if (rc != 0) {
        const int error = errno;
        // Created by a writer outside this process since the check (ours hold the lock).
        if (target.noReplace && error == EEXIST && PosixFs::lstat(target.path).isFile)
            return Failure{S3Error::PreconditionFailed, {}};
        if (error == EISDIR || error == ENOTDIR || error == ENOTEMPTY || error == EEXIST)
            return PosixFs::keyConflict();
        return PosixFs::ioFailure(QStringLiteral("cannot move the object into place"), error);
    }
    ::close(m_fd);
    m_fd = -1;
    m_tempPath.clear();
    if (durable)
        PosixFs::fsyncDir(parent);
    return info;
}

void AtomicFileWriter::discard()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_tempPath.isEmpty()) {
        ::unlink(PosixFs::encode(m_tempPath).constData());
        m_tempPath.clear();
    }
}

} // namespace s3c
