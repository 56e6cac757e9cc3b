#pragma once

#include "AtomicFileWriter.h"
#include "MetadataCache.h"
#include "MetadataStore.h"
#include "PosixOptions.h"
#include "PosixPaths.h"
#include "backends/BackendTypes.h"
#include "base/Result.h"

#include <QList>
#include <QLoggingCategory>
#include <QMutex>

#include <atomic>
#include <memory>

namespace s3c {

Q_DECLARE_LOGGING_CATEGORY(lcPosix)

// An object opened for reading: the descriptor (owned by the receiver) and what S3 knows about it.
struct OpenedObject
{
    int fd = -1;
    ObjectInfo info;
};

// State shared by the blocking parts of the local-directory backend: the root, the options and
// the metadata store. Lives in a shared_ptr that every pool task holds, so a task that is still
// running when the PosixBackend is destroyed never touches freed memory. Thread-safe.
class PosixCore
{
public:
    PosixCore(const QString &root, const PosixOptions &options);
    ~PosixCore();
    PosixCore(const PosixCore &) = delete;
    PosixCore &operator=(const PosixCore &) = delete;

    // Resolves the root and, unless read-only, creates .s3cascade/{tmp,uploads,meta}, removes
    // temp files a crash left behind and probes for xattrs. Retried by every call until it
    // succeeds (the directory may appear later, e.g. a disk that is mounted after start).
    Status ensureReady();

    const PosixOptions &options() const { return m_options; }
    const PosixPaths &paths() const { return m_paths; }
    MetadataStore &metadata() const { return *m_metadata; }
    QString metadataMode() const;
    bool durable() const { return m_options.fsync == PosixOptions::Fsync::Durable; }

    Status checkBucketExists(const QString &bucket) const;
    // stat + metadata of a checked key: NoSuchKey for anything but a regular file in the tree.
    Result<ObjectInfo> statObject(const QString &bucket, const QString &key) const;
    // Opens the object (O_NOFOLLOW) and reads metadata that matches the opened bytes.
    Result<OpenedObject> openObject(const QString &bucket, const QString &key) const;
    // Metadata of a data file (object or part) by its stat, synthesized when missing or stale.
    // `remember`: put what was read into the metadata cache (listings do not).
    ObjectInfo infoFor(const QString &path, const FileStat &st, bool remember = true) const;

    std::unique_ptr<AtomicFileWriter> newWriter() const;
    // Where the bytes of a checked key are now: its path, or the nested file inside it when
    // keys below "key/" made that path a directory.
    QString locate(const QString &bucket, const QString &key) const;
    // Held while a key's file is replaced or removed, so that checking a write condition
    // (If-Match) and putting the new file in place are one step for every writer of this
    // process. Striped: keys share a few mutexes, held only around the final rename or unlink.
    QMutex &writeLock(const QString &path) const;
    static QByteArray quotedHex(const QByteArray &digest);

private:
    void cleanTemp();
    // A descriptor of an object's data file, opened without following a symlink in its last
    // component and never resolving outside the root; -1 with errno (ENOENT, ELOOP, EXDEV, ...).
    int openContained(const QString &path, int flags) const;
    // True if the root path now names another directory than m_rootFd (and m_rootFd follows it).
    bool refreshRootFd() const;
    // The metadata of the file `st` describes (fd: open on it, or -1): cached, else its record,
    // else synthesized from the stat. Null only for a record that describes other bytes (the
    // object was replaced meanwhile) unless acceptStale, which synthesizes then too.
    std::optional<ObjectInfo> describe(const QString &path, const FileStat &st, int fd,
                                       bool acceptStale, bool remember = true) const;

    const QString m_configuredRoot;
    const PosixOptions m_options;
    mutable QMutex m_mutex;
    static constexpr int kWriteLocks = 64;
    mutable QMutex m_writeLocks[kWriteLocks];
    bool m_ready = false;
    PosixPaths m_paths;
    std::shared_ptr<MetadataStore> m_metadata;
    mutable MetadataCache m_metadataCache;
    mutable std::atomic<int> m_rootFd{-1}; // the resolved root, for PosixFs::openBeneath
    mutable QList<int> m_retiredFds;       // replaced root descriptors, closed with the core
};

} // namespace s3c
