#include "PosixFs.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>

#if defined(__linux__) && __has_include(<linux/openat2.h>) && !defined(S3C_PORTABLE)
#include <linux/openat2.h>
#include <sys/syscall.h>
#define S3C_HAVE_OPENAT2 1
#endif

namespace s3c {

namespace {

FileStat fromStat(const struct stat &st)
{
    FileStat s;
    s.exists = true;
    s.isFile = S_ISREG(st.st_mode);
    s.isDir = S_ISDIR(st.st_mode);
    s.isSymlink = S_ISLNK(st.st_mode);
    s.size = st.st_size;
    s.mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    s.ctimeNs = qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    s.device = quint64(st.st_dev);
    s.inode = quint64(st.st_ino);
    return s;
}

} // namespace

QByteArray PosixFs::encode(const QString &path)
{
    return QFile::encodeName(path);
}

FileStat PosixFs::lstat(const QString &path)
{
    struct stat st;
    if (::lstat(encode(path).constData(), &st) != 0)
        return {};
    return fromStat(st);
}

FileStat PosixFs::lstatEncoded(const QByteArray &path)
{
    struct stat st;
    if (::lstat(path.constData(), &st) != 0)
        return {};
    return fromStat(st);
}

int PosixFs::openBeneath(int dirFd, const QByteArray &relative, int flags)
{
#ifdef S3C_HAVE_OPENAT2
    // Kernels before 5.6 (and some sandboxes) answer ENOSYS: remembered, so the fallback costs
    // one failed call per process, not one per request.
    static std::atomic<bool> unsupported{false};
    if (dirFd >= 0 && !unsupported.load(std::memory_order_relaxed)) {
        open_how how{};
        how.flags = quint64(flags | O_CLOEXEC);
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
        for (int attempt = 0;; ++attempt) {
            const long fd = ::syscall(SYS_openat2, dirFd, relative.constData(), &how, sizeof how);
            if (fd >= 0)
                return int(fd);
            // EAGAIN: a rename raced the lookup (openat2(2)); the answer is worth another try.
            if (errno == EINTR || (errno == EAGAIN && attempt < 8))
                continue;
            if (errno == ENOSYS)
                unsupported.store(true, std::memory_order_relaxed);
            return -1;
        }
    }
#else
    Q_UNUSED(dirFd);
    Q_UNUSED(relative);
    Q_UNUSED(flags);
#endif
    errno = ENOSYS;
    return -1;
}

FileStat PosixFs::fstat(int fd)
{
    struct stat st;
    if (::fstat(fd, &st) != 0)
        return {};
    return fromStat(st);
}

QString PosixFs::errorText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

int PosixFs::createTemp(const QString &dir, QString *path)
{
    for (int attempt = 0; attempt < 16; ++attempt) {
        const quint64 a = QRandomGenerator::global()->generate64();
        const quint64 b = QRandomGenerator::global()->generate64();
        const QString candidate =
            dir + QLatin1Char('/') + QString::number(a, 36) + QString::number(b, 36) + QLatin1String(".tmp");
        const int fd = ::open(encode(candidate).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *path = candidate;
            return fd;
        }
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

bool PosixFs::writeAll(int fd, const char *data, qint64 size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

bool PosixFs::fsyncFd(int fd)
{
    int rc;
    do {
        rc = ::fsync(fd);
    } while (rc != 0 && errno == EINTR);
    return rc == 0;
}

bool PosixFs::fsyncDir(const QString &dir)
{
    const int fd = ::open(encode(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = fsyncFd(fd);
    ::close(fd);
    return ok;
}

Status PosixFs::makeDirsBelow(const QString &base, const QString &dir)
{
    const FileStat baseStat = lstat(base);
    if (!baseStat.isDir)
        return Failure{S3Error::NoSuchBucket, {}};
    if (dir == base)
        return Done{};
    const QString relative = dir.mid(base.size() + 1);
    QString path = base;
    for (const QString &segment : relative.split(QLatin1Char('/'))) {
        path += QLatin1Char('/') + segment;
        if (::mkdir(encode(path).constData(), 0777) == 0)
            continue;
        const int error = errno;
        if (error == EEXIST) {
            const FileStat existing = lstat(path);
            if (existing.isDir)
                continue;
            return keyConflict();
        }
        if (error == ENOTDIR)
            return keyConflict();
        if (error == ENOENT) // the bucket (or a parent) vanished under us
            return Failure{S3Error::NoSuchBucket, {}};
        return ioFailure(QStringLiteral("cannot create a directory"), error);
    }
    return Done{};
}

void PosixFs::removeEmptyDirs(const QString &dir, const QString &stop)
{
    QString current = dir;
    while (current.size() > stop.size() && current.startsWith(stop + QLatin1Char('/'))) {
        if (::rmdir(encode(current).constData()) != 0)
            return;
        current.truncate(current.lastIndexOf(QLatin1Char('/')));
    }
}

void PosixFs::pruneEmptyDirs(const QString &dir, bool self)
{
    QDirIterator it(dir, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks);
    while (it.hasNext())
        pruneEmptyDirs(it.next(), true);
    if (self)
        ::rmdir(encode(dir).constData());
}

void PosixFs::removeTree(const QString &dir)
{
    QDir(dir).removeRecursively();
}

int PosixFs::renameNoReplace(const QByteArray &from, const QByteArray &to)
{
#if defined(__linux__) && defined(RENAME_NOREPLACE) && !defined(S3C_PORTABLE)
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
#endif
    if (::link(from.constData(), to.constData()) == 0) {
        ::unlink(from.constData());
        return 0;
    }
    if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
        return -1; // EEXIST among them
    struct stat st;
    if (::lstat(to.constData(), &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    return ::rename(from.constData(), to.constData());
}

Failure PosixFs::keyConflict()
{
    return Failure{S3Error::InvalidRequest,
                   QStringLiteral("Object key conflicts with an existing prefix: the local directory backend "
                                  "cannot store both an object \"a\" and objects below \"a/\"")};
}

Failure PosixFs::ioFailure(const QString &what, int error)
{
    return Failure{S3Error::InternalError, what + QStringLiteral(": ") + errorText(error)};
}

} // namespace s3c
