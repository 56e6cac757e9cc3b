#pragma once

#include "PosixFs.h"
#include "backends/BackendTypes.h"
#include "base/Result.h"

#include <QCryptographicHash>
#include <QMutex>
#include <QString>

#include <functional>

namespace s3c {

class MetadataStore;
class PosixPaths;

// Writes a new file under .s3cascade/tmp, hashing the bytes (MD5, the ETag of a single-part
// object) as they pass, and either commits it -- metadata attached, fsync, rename(2) onto the
// final name, fsync of the directory -- or discards it. rename(2) replaces the destination
// atomically (POSIX), so readers see the old object or the new one, never a partial file; a
// writer that is dropped before commit() leaves nothing behind.
//
// Not thread-safe, but may be handed from thread to thread: opened and committed on the backend
// pool, fed with body chunks on the gateway thread. Plain descriptors, no QObject, so there is no
// thread affinity to get wrong.
class AtomicFileWriter
{
public:
    explicit AtomicFileWriter(const QString &tmpDir);
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter &) = delete;
    AtomicFileWriter &operator=(const AtomicFileWriter &) = delete;

    Status open();
    Status write(const char *data, qint64 size);
    // Appends `length` bytes of `fd` from `offset` (copies, part copies, part concatenation).
    Status copyFrom(int fd, qint64 offset, qint64 length);
    qint64 size() const { return m_size; }
    // Binary MD5 of everything written so far.
    QByteArray md5() const { return m_md5.result(); }
    const QString &tempPath() const { return m_tempPath; }

    struct Target
    {
        QString path;        // final file name
        QString createBelow; // directories between this (existing) one and the file may be created;
                             // empty: the file's directory must exist
        Failure missingParent{S3Error::NoSuchBucket, {}}; // answer when it does not
        QMutex *lock = nullptr; // held from the condition check until the file is in place
        // Checked under `lock` before anything is attached (S3 conditional writes); a failure is
        // the answer and leaves the existing object untouched.
        std::function<Status()> precondition;
        bool noReplace = false; // If-None-Match: "*": an existing file is PreconditionFailed
        // An object key (not an upload part): when `path` is a directory (keys below "key/"
        // exist) the bytes go inside it as PosixPaths::nestedObjectName(), and a file in the way
        // of the directories to create is moved inside its new directory the same way.
        bool nestIntoDirectory = false;
    };
    // Attaches `info` (ETag, headers, ...) through `store`, then renames into place. Returns
    // `info` completed with the size and modification time of the committed file.
    Result<ObjectInfo> commit(const Target &target, ObjectInfo info, const PosixPaths &paths,
                              MetadataStore &store, bool durable);
    void discard();

private:
    Status prepareParent(const Target &target, const QString &parent, MetadataStore &store);
    static void nestFile(const QString &path, MetadataStore &store);

    QString m_tmpDir;
    QString m_tempPath;
    int m_fd = -1;
    qint64 m_size = 0;
    QCryptographicHash m_md5{QCryptographicHash::Md5};
};

} // namespace s3c
