#include "AtomicFileWriter.h"

#include "MetadataRecord.h"
#include "MetadataStore.h"
#include "PosixPaths.h"

#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <sys/stat.h>
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

Status AtomicFileWriter::prepareParent(const Target &target, const QString &parent, MetadataStore &store)
{
    if (target.createBelow.isEmpty())
        return PosixFs::lstat(parent).isDir ? Status(Done{}) : Status(target.missingParent);
    Status made = PosixFs::makeDirsBelow(target.createBelow, parent);
    for (int attempt = 0; target.nestIntoDirectory && !made && made.error() == S3Error::InvalidRequest && attempt < 8;
         ++attempt) {
        // An object "a" where the directory "a/" is needed: it moves inside, so both keys exist.
        QString path = target.createBelow;
        for (const QString &segment : parent.mid(target.createBelow.size() + 1).split(QLatin1Char('/'))) {
            path += QLatin1Char('/') + segment;
            if (PosixFs::lstat(path).isFile) {
                nestFile(path, store);
                break;
            }
        }
        made = PosixFs::makeDirsBelow(target.createBelow, parent);
    }
    return made;
}

// The file `path` becomes the directory `path` holding it as PosixPaths::nestedObjectName(). Between
// the two renames the object is briefly absent for readers; a writer that puts a newer "a" in
// the meantime wins (the older bytes are dropped), one that deletes it leaves nothing to move.
void AtomicFileWriter::nestFile(const QString &path, MetadataStore &store)
{
    const QString dir = path.left(path.lastIndexOf(QLatin1Char('/')));
    const QString moving = dir + QLatin1String("/.s3cascade-nesting-") +
                           QString::number(QRandomGenerator::global()->generate64(), 16);
    const QString nested = path + QLatin1Char('/') + PosixPaths::nestedObjectName();
    if (::rename(PosixFs::encode(path).constData(), PosixFs::encode(moving).constData()) != 0)
        return; // gone already
    const bool madeDir = ::mkdir(PosixFs::encode(path).constData(), 0777) == 0 || PosixFs::lstat(path).isDir;
    if (!madeDir || PosixFs::renameNoReplace(PosixFs::encode(moving), PosixFs::encode(nested)) != 0) {
        ::unlink(PosixFs::encode(moving).constData()); // a newer object took the place
        return;
    }
    store.relocate(path, nested);
}

Result<ObjectInfo> AtomicFileWriter::commit(const Target &target, ObjectInfo info, const PosixPaths &paths,
                                            MetadataStore &store, bool durable)
{
    if (m_fd < 0)
        return Failure{S3Error::InternalError, QStringLiteral("commit of a closed temporary file")};
    QString path = target.path;
    if (target.nestIntoDirectory && PosixFs::lstat(path).isDir)
        path += QLatin1Char('/') + PosixPaths::nestedObjectName();
    QString parent = path.left(path.lastIndexOf(QLatin1Char('/')));
    // Conflicts are detected before anything is attached, so a refused write leaves the existing
    // object -- bytes and metadata -- untouched.
    Status prepared = prepareParent(target, parent, store);
    if (!prepared)
        return prepared.failure();
    if (PosixFs::lstat(path).isDir) {
        if (!target.nestIntoDirectory || path != target.path)
            return PosixFs::keyConflict();
        path += QLatin1Char('/') + PosixPaths::nestedObjectName();
        parent = target.path;
    }
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
        store.attach(m_fd, m_tempPath, path, MetadataRecord::encode(info, identity), durable);
    if (!attached)
        return attached.failure();
    if (durable && !PosixFs::fsyncFd(m_fd))
        return PosixFs::ioFailure(QStringLiteral("cannot flush the object to disk"), errno);

    const QByteArray from = PosixFs::encode(m_tempPath);
    const QByteArray to = PosixFs::encode(path);
    // ENOENT: a concurrent delete pruned the (then empty) directory between our mkdir and the
    // rename. Re-create and retry; the race cannot repeat forever in practice.
    auto place = [&] {
        return target.noReplace ? PosixFs::renameNoReplace(from, to)
                                : ::rename(from.constData(), to.constData());
    };
    int rc = place();
    for (int attempt = 0; rc != 0 && errno == ENOENT && attempt < 8; ++attempt) {
        prepared = prepareParent(target, parent, store);
        if (!prepared)
            return prepared.failure();
        rc = place();
    }
    if (rc != 0) {
        const int error = errno;
        // Created by a writer outside this process since the check (ours hold the lock).
        if (target.noReplace && error == EEXIST && PosixFs::lstat(path).isFile)
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
