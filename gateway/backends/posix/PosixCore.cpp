#include "PosixCore.h"

#include "MetadataRecord.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace s3c {

Q_LOGGING_CATEGORY(lcPosix, "s3c.posix")

namespace {

// A temp file untouched for this long belongs to no running write (every body chunk touches
// its mtime); it is what a crash left behind.
constexpr qint64 kStaleTempSecs = 3600;

// Opening only to stat: O_PATH needs no read permission (Linux); elsewhere a plain read open.
#ifdef O_PATH
constexpr int kStatOnly = O_PATH;
#else
constexpr int kStatOnly = O_RDONLY;
#endif

} // namespace

PosixCore::PosixCore(const QString &root, const PosixOptions &options)
    : m_configuredRoot(QDir(root).absolutePath()), m_options(options)
{
}

PosixCore::~PosixCore()
{
    if (m_rootFd >= 0)
        ::close(m_rootFd);
    for (int fd : std::as_const(m_retiredFds)) {
        if (fd >= 0)
            ::close(fd);
    }
}

Status PosixCore::ensureReady()
{
    QMutexLocker lock(&m_mutex);
    if (m_ready)
        return Done{};
    const QString canonical = QFileInfo(m_configuredRoot).canonicalFilePath();
    if (canonical.isEmpty() || !QFileInfo(canonical).isDir()) {
        qCWarning(lcPosix) << "storage directory" << m_configuredRoot << "does not exist";
        // No local path in the answer: it goes to S3 clients.
        return Failure{S3Error::ServiceUnavailable,
                       QStringLiteral("The local storage directory is not available")};
    }
    PosixPaths paths(canonical);
    if (!m_options.readOnly) {
        for (const QString &dir : {paths.tmpDir(), paths.uploadsRoot(), paths.metaRoot()}) {
            if (!QDir().mkpath(dir)) {
                qCWarning(lcPosix) << "cannot create" << dir;
                return Failure{S3Error::ServiceUnavailable,
                               QStringLiteral("The local storage directory is not writable")};
            }
        }
    }
    m_paths = paths;
    m_rootFd.store(::open(PosixFs::encode(canonical).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    m_metadata = MetadataStore::create(m_options, m_paths);
    if (!m_options.readOnly)
        cleanTemp();
    qCInfo(lcPosix) << "serving" << canonical << "metadata in" << m_metadata->name()
                    << (m_options.readOnly ? "read-only" : "read-write");
    m_ready = true;
    return Done{};
}

QString PosixCore::metadataMode() const
{
    return m_metadata ? m_metadata->name() : QString();
}

void PosixCore::cleanTemp()
{
    const QDateTime limit = QDateTime::currentDateTimeUtc().addSecs(-kStaleTempSecs);
    QDirIterator it(m_paths.tmpDir(), QDir::Files | QDir::Hidden | QDir::System);
    while (it.hasNext()) {
        it.next();
        if (it.fileInfo().lastModified().toUTC() < limit)
            QFile::remove(it.filePath());
    }
}

Status PosixCore::checkBucketExists(const QString &bucket) const
{
    if (!PosixFs::lstat(m_paths.bucketDir(bucket)).isDir)
        return Failure{S3Error::NoSuchBucket, {}};
    return Done{};
}

ObjectInfo PosixCore::infoFor(const QString &path, const FileStat &st, bool remember) const
{
    return *describe(path, st, -1, true, remember);
}

std::optional<ObjectInfo> PosixCore::describe(const QString &path, const FileStat &st, int fd,
                                              bool acceptStale, bool remember) const
{
    if (std::optional<ObjectInfo> cached = m_metadataCache.find(path, st))
        return cached;
    const std::optional<QByteArray> record = m_metadata->readOpened(path, fd);
    std::optional<ObjectInfo> info = record ? MetadataRecord::decode(*record, st) : std::nullopt;
    if (!info && record && !acceptStale)
        return std::nullopt;
    if (!info)
        info = MetadataRecord::synthesize(st);
    if (remember)
        m_metadataCache.insert(path, st, *info);
    return info;
}

bool PosixCore::refreshRootFd() const
{
    const int errorBefore = errno;
    struct stat byPath, byFd;
    const int current = m_rootFd.load();
    const bool same = current >= 0 && ::stat(PosixFs::encode(m_paths.root()).constData(), &byPath) == 0 &&
                      ::fstat(current, &byFd) == 0 && byPath.st_dev == byFd.st_dev &&
                      byPath.st_ino == byFd.st_ino;
    bool replaced = false;
    if (!same) {
        const int fresh =
            ::open(PosixFs::encode(m_paths.root()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fresh >= 0) {
            QMutexLocker lock(&m_mutex);
            // The old descriptor may be in use on another pool thread: kept open until the end.
            m_retiredFds.append(m_rootFd.exchange(fresh));
            replaced = true;
        }
    }
    errno = errorBefore;
    return replaced;
}

int PosixCore::openContained(const QString &path, int flags) const
{
    const QString &root = m_paths.root();
    if (path.size() > root.size() + 1 && path.startsWith(root) && path.at(root.size()) == QLatin1Char('/')) {
        const QByteArray relative = PosixFs::encode(path.mid(root.size() + 1));
        int fd = PosixFs::openBeneath(m_rootFd.load(), relative, flags | O_NOFOLLOW);
        // The descriptor pins the directory that was there at start; one mounted over the root
        // since (a disk attached after start) is only seen by path. A miss checks that they are
        // still the same directory, and follows the path if not.
        if (fd < 0 && (errno == ENOENT || errno == ENOTDIR) && refreshRootFd())
            fd = PosixFs::openBeneath(m_rootFd.load(), relative, flags | O_NOFOLLOW);
        if (fd >= 0 || errno != ENOSYS)
            return fd;
    }
    // No openat2 here: open by path, then make sure no directory on the way was a symlink out
    // of the root (resolving every component, so this costs a readlink per level).
    const int fd = ::open(PosixFs::encode(path).constData(), flags | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && !m_paths.isContained(path)) {
        ::close(fd);
        errno = EXDEV;
        return -1;
    }
    return fd;
}

Result<ObjectInfo> PosixCore::statObject(const QString &bucket, const QString &key) const
{
    Status bucketOk = checkBucketExists(bucket);
    if (!bucketOk)
        return bucketOk.failure();
    QString path = m_paths.objectPath(bucket, key);
    // A symlink in the last component is opened as itself, and is not a file.
    int fd = openContained(path, kStatOnly);
    if (fd < 0)
        return Failure{S3Error::NoSuchKey, {}};
    FileStat st = PosixFs::fstat(fd);
    ::close(fd);
    if (st.isDir && !PosixPaths::isFolderMarkerKey(key)) {
        // A key that is also a prefix keeps its bytes nested in the folder (locate()); looked
        // at only when the plain path is a folder, so an ordinary HEAD costs no extra lstat.
        path += QLatin1Char('/') + PosixPaths::nestedObjectName();
        fd = openContained(path, kStatOnly);
        if (fd < 0)
            return Failure{S3Error::NoSuchKey, {}};
        st = PosixFs::fstat(fd);
        ::close(fd);
    }
    if (!st.isFile)
        return Failure{S3Error::NoSuchKey, {}};
    ObjectInfo info = infoFor(path, st);
    info.key = key;
    return info;
}

Result<OpenedObject> PosixCore::openObject(const QString &bucket, const QString &key) const
{
    // The bucket is looked at only when the open fails: an open that succeeds went through it.
    // The nested file of a key that is also a prefix (locate()) is looked for only when the
    // plain path opens as a folder, so an ordinary GET costs no extra lstat.
    QString path = m_paths.objectPath(bucket, key);
    bool nested = PosixPaths::isFolderMarkerKey(key);
    // A sidecar record is read by path, the bytes through the descriptor: if the object is
    // replaced in between, the record's identity does not match the opened file. Reopen a few times so
    // the answer describes the bytes actually sent.
    for (int attempt = 0;; ++attempt) {
        const int fd = openContained(path, O_RDONLY);
        if (fd < 0 && !nested && (errno == EISDIR || errno == EACCES) && PosixFs::lstat(path).isDir) {
            // Where a folder cannot be opened for reading (Windows), the same nested look.
            nested = true;
            path += QLatin1Char('/') + PosixPaths::nestedObjectName();
            --attempt;
            continue;
        }
        if (fd < 0) {
            if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR || errno == EISDIR || errno == EXDEV) {
                if (Status bucketOk = checkBucketExists(bucket); !bucketOk)
                    return bucketOk.failure();
                return Failure{S3Error::NoSuchKey, {}};
            }
            return PosixFs::ioFailure(QStringLiteral("cannot open the object"), errno);
        }
        const FileStat st = PosixFs::fstat(fd);
        if (st.isDir && !nested) {
            ::close(fd);
            nested = true;
            path += QLatin1Char('/') + PosixPaths::nestedObjectName();
            --attempt;
            continue;
        }
        if (!st.isFile) {
            ::close(fd);
            return Failure{S3Error::NoSuchKey, {}};
        }
        std::optional<ObjectInfo> info = describe(path, st, fd, attempt >= 3);
        if (!info) {
            ::close(fd);
            continue;
        }
        OpenedObject opened{fd, std::move(*info)};
        opened.info.key = key;
        return opened;
    }
}

QString PosixCore::locate(const QString &bucket, const QString &key) const
{
    const QString path = m_paths.objectPath(bucket, key);
    if (PosixPaths::isFolderMarkerKey(key) || !PosixFs::lstat(path).isDir)
        return path;
    return path + QLatin1Char('/') + PosixPaths::nestedObjectName();
}

std::unique_ptr<AtomicFileWriter> PosixCore::newWriter() const
{
    return std::make_unique<AtomicFileWriter>(m_paths.tmpDir());
}

QMutex &PosixCore::writeLock(const QString &path) const
{
    return m_writeLocks[qHash(path) % kWriteLocks];
}

QByteArray PosixCore::quotedHex(const QByteArray &digest)
{
    return '"' + digest.toHex() + '"';
}

} // namespace s3c
