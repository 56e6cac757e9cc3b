#include "SidecarMetadataStore.h"

#include "PosixFs.h"

#include <QFile>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace s3c {

namespace {

QString parentOf(const QString &path)
{
    return path.left(path.lastIndexOf(QLatin1Char('/')));
}

} // namespace

SidecarMetadataStore::SidecarMetadataStore(const PosixPaths &paths) : m_paths(paths)
{
}

QString SidecarMetadataStore::sidecarPath(const QString &path) const
{
    const QString internal = m_paths.internalDir() + QLatin1Char('/');
    if (path.startsWith(internal))
        return path + QLatin1String(".meta");
    return m_paths.metaRoot() + path.mid(m_paths.root().size());
}

// The mirror tree only ever holds sidecars and directories. The data tree was checked for key
// conflicts before this is called, so a file where a directory is needed here is a leftover of
// an object that is gone (a crash between unlinking data and sidecar): drop it and retry.
Status SidecarMetadataStore::prepareDir(const QString &dir)
{
    const QString metaRoot = m_paths.metaRoot();
    if (!dir.startsWith(metaRoot))
        return Done{}; // next to internal files: their folder exists
    if (!PosixFs::lstat(metaRoot).isDir && ::mkdir(PosixFs::encode(metaRoot).constData(), 0777) != 0 &&
        errno != EEXIST)
        return PosixFs::ioFailure(QStringLiteral("cannot create the sidecar folder"), errno);
    Status made = PosixFs::makeDirsBelow(metaRoot, dir);
    if (made.ok() || made.error() != S3Error::InvalidRequest)
        return made;
    QString path = metaRoot;
    for (const QString &segment : dir.mid(metaRoot.size() + 1).split(QLatin1Char('/'))) {
        path += QLatin1Char('/') + segment;
        if (!PosixFs::lstat(path).isDir)
            ::unlink(PosixFs::encode(path).constData());
    }
    return PosixFs::makeDirsBelow(metaRoot, dir);
}

Status SidecarMetadataStore::attach(int tempFd, const QString &tempPath, const QString &finalPath,
                                    const QByteArray &record, bool durable)
{
    Q_UNUSED(tempFd);
    Q_UNUSED(tempPath);
    const QString target = sidecarPath(finalPath);
    QString temp;
    const int fd = PosixFs::createTemp(m_paths.tmpDir(), &temp);
    if (fd < 0)
        return PosixFs::ioFailure(QStringLiteral("cannot create a sidecar"), errno);
    const bool written =
        PosixFs::writeAll(fd, record.constData(), record.size()) && (!durable || PosixFs::fsyncFd(fd));
    const int writeError = errno;
    ::close(fd);
    if (!written) {
        ::unlink(PosixFs::encode(temp).constData());
        return PosixFs::ioFailure(QStringLiteral("cannot write a sidecar"), writeError);
    }
    Status dir = prepareDir(parentOf(target));
    if (!dir) {
        ::unlink(PosixFs::encode(temp).constData());
        return dir;
    }
    if (::rename(PosixFs::encode(temp).constData(), PosixFs::encode(target).constData()) != 0) {
        const int error = errno;
        if (error == EISDIR || error == ENOTEMPTY || error == EEXIST) {
            // A leftover directory of sidecars at the object's own name (see prepareDir).
            PosixFs::removeTree(target);
            if (::rename(PosixFs::encode(temp).constData(), PosixFs::encode(target).constData()) == 0)
                return Done{};
        }
        ::unlink(PosixFs::encode(temp).constData());
        return PosixFs::ioFailure(QStringLiteral("cannot place a sidecar"), error);
    }
    if (durable)
        PosixFs::fsyncDir(parentOf(target));
    return Done{};
}

// open(2) and read(2) rather than QFile: in xattr mode this is asked for every object without a
// record (plain files), where QFile's set-up cost far more than the failing open itself.
std::optional<QByteArray> SidecarMetadataStore::read(const QString &path) const
{
    const int fd = ::open(PosixFs::encode(sidecarPath(path)).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    struct stat st;
    // A record is a few KiB at most; anything far larger is not ours.
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 1024 * 1024) {
        ::close(fd);
        return std::nullopt;
    }
    QByteArray record(qsizetype(st.st_size), Qt::Uninitialized);
    qsizetype done = 0;
    while (done < record.size()) {
        const ssize_t n = ::read(fd, record.data() + done, size_t(record.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += n;
    }
    ::close(fd);
    record.truncate(done);
    return record;
}

void SidecarMetadataStore::remove(const QString &path)
{
    const QString target = sidecarPath(path);
    if (::unlink(PosixFs::encode(target).constData()) == 0 && target.startsWith(m_paths.metaRoot()))
        PosixFs::removeEmptyDirs(parentOf(target), m_paths.metaRoot());
}

void SidecarMetadataStore::relocate(const QString &from, const QString &to)
{
    // Read first: placing the new sidecar turns the old one's file into a directory (prepareDir
    // drops a file in the way).
    const std::optional<QByteArray> record = read(from);
    if (!record)
        return;
    if (attach(-1, {}, to, *record, false).ok() && sidecarPath(from) != parentOf(sidecarPath(to)))
        remove(from);
}

void SidecarMetadataStore::removeTree(const QString &dir)
{
    const QString target = sidecarPath(dir);
    if (target.startsWith(m_paths.metaRoot() + QLatin1Char('/')))
        PosixFs::removeTree(target);
}

} // namespace s3c
