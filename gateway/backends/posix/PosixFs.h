#pragma once

#include "base/Result.h"

#include <QDateTime>
#include <QString>

namespace s3c {

// What lstat/fstat say about a path, in the units the backend needs.
struct FileStat
{
    bool exists = false;
    bool isFile = false;
    bool isDir = false;
    bool isSymlink = false;
    qint64 size = 0;
    qint64 mtimeNs = 0; // st_mtim in ns: part of the identity that binds metadata to its bytes
    qint64 ctimeNs = 0; // st_ctim in ns: moves with any change of bytes or extended attributes
    quint64 device = 0;
    quint64 inode = 0;
    QDateTime mtime() const { return QDateTime::fromMSecsSinceEpoch(mtimeNs / 1000000, Qt::UTC); }
};

// Thin POSIX helpers for the local-directory backend. Blocking: call them on the backend's pool,
// never on the gateway thread.
class PosixFs
{
public:
    static QByteArray encode(const QString &path);
    static FileStat lstat(const QString &path);
    static FileStat lstatEncoded(const QByteArray &path); // a path already encode()d
    static FileStat fstat(int fd);
    // Opens `relative` (no leading '/') below the directory `dirFd` such that resolving it can
    // never leave that directory: no "..", no symlink pointing out, no absolute symlink (Linux
    // openat2 with RESOLVE_BENEATH, checked by the kernel in the same step as the open). Returns
    // the descriptor, or -1 with errno; EXDEV for a path that would escape. ENOSYS where the
    // platform cannot: the caller opens by path and checks the canonical path instead.
    static int openBeneath(int dirFd, const QByteArray &relative, int flags);
    static QString errorText(int error);
    // Creates a new empty file with a random name in `dir` (O_EXCL), returns its descriptor or -1
    // with errno set.
    static int createTemp(const QString &dir, QString *path);
    static bool writeAll(int fd, const char *data, qint64 size);

    // fsync a file descriptor / a directory, so a rename into it survives power loss (the
    // directory entry is data of the directory, POSIX fsync(2) rationale).
    static bool fsyncFd(int fd);
    static bool fsyncDir(const QString &dir);

    // Creates `dir` and its missing parents, but only below `base`, which must exist: a bucket
    // removed meanwhile is NoSuchBucket rather than silently re-created. A path component that is
    // a file is the key conflict error (AtomicFileWriter first moves such a file inside its new
    // directory, so an object "a" and an object "a/b" can both exist).
    static Status makeDirsBelow(const QString &base, const QString &dir);
    // Removes `dir` and then its parents while they are empty, stopping below `stop`, which is
    // never removed (the bucket directory). rmdir(2) refuses non-empty directories, so a racing
    // writer that just created a file there keeps its directory.
    static void removeEmptyDirs(const QString &dir, const QString &stop);
    // Removes every empty directory below `dir` (deepest first), and `dir` itself if `self`.
    static void pruneEmptyDirs(const QString &dir, bool self);
    // rm -r for the backend's own folders (upload folders, sidecar trees). Never used on data.
    static void removeTree(const QString &dir);

    // rename(2) that never replaces: fails with EEXIST when `to` exists, atomically (the check and
    // the rename are one step). Linux: renameat2(RENAME_NOREPLACE); where the kernel or the
    // filesystem lacks it, and on other systems, link(2) then unlink(2) of `from`, which POSIX
    // also makes atomic. Only without hard links either (FAT, some FUSE) it degrades to a check
    // before rename(2), which the caller makes safe against the gateway's own writers by holding
    // the key's write lock (PosixCore::writeLock). Returns 0, or -1 with errno.
    static int renameNoReplace(const QByteArray &from, const QByteArray &to);

    // The "object key conflicts" answer documented in docs/posix-backend.md.
    static Failure keyConflict();
    static Failure ioFailure(const QString &what, int error);
};

} // namespace s3c
