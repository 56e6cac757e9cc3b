#pragma once

#include "base/Result.h"

#include <QString>
#include <QStringView>

namespace s3c {

// Maps buckets and keys onto the local directory tree, and is the one place that decides which
// names may touch the disk at all. Layout (docs/posix-backend.md):
//
//   <root>/<bucket>/<key>                 object bytes; '/' in a key separates directories
//   <root>/<bucket>/<dir>/.s3cascade-dir  bytes of the "folder marker" key "<dir>/"
//   <root>/<bucket>/<dir>/.s3cascade-file bytes of the key "<dir>" while keys below "<dir>/" exist
//   <root>/.s3cascade/tmp/                temp files of atomic writes
//   <root>/.s3cascade/uploads/<bucket>/<uploadId>/   multipart uploads in progress
//   <root>/.s3cascade/meta/<bucket>/<key path>       sidecar metadata (when xattrs are unusable)
//   <root>/.s3cascade/buckets/<bucket>/cors.xml      the bucket's CORS configuration
//
// Key rules. S3 allows any UTF-8 key up to 1024 bytes, but a key here becomes a path, so keys
// that a path cannot represent faithfully are refused with InvalidArgument before any file is
// touched: empty segments (a leading '/', or "//" anywhere -- the filesystem would fold them),
// "." and ".." segments (would name another directory), NUL, invalid UTF-16 (would not survive
// the UTF-8 file name round trip), segments starting with ".s3cascade" (reserved for the
// backend's own files) and, on Windows, backslashes. A segment longer than the filesystem's 255
// byte name limit is KeyTooLongError. Everything else -- spaces, unicode, '+', '%', '~', other
// dot-files -- maps 1:1 onto a file name. A trailing '/' is allowed: it is a folder marker.
class PosixPaths
{
public:
    // `root` must be absolute and canonical (symlinks resolved): containment checks compare
    // canonical paths against it.
    explicit PosixPaths(const QString &root = {});

    static constexpr int MaxKeyBytes = 1024;    // S3 object key limit (UTF-8)
    static constexpr int MaxSegmentBytes = 255; // NAME_MAX of ext4, xfs, btrfs, tmpfs
    static QString internalDirName();           // ".s3cascade"
    static QString folderMarkerName();          // ".s3cascade-dir"
    // The bytes of an object "a" while keys below "a/" exist too: "a" is then a directory and
    // the object lives inside it under this name (docs/posix-backend.md, "Keys").
    static QString nestedObjectName();          // ".s3cascade-file"

    static Status checkBucket(const QString &bucket);
    static Status checkKey(const QString &key);
    static bool isValidUploadId(const QString &uploadId);
    // A (valid UTF-8) directory entry name that can be a key segment (listings skip the others).
    static bool isListableName(const QString &name);
    static bool isFolderMarkerKey(const QString &key) { return key.endsWith(QLatin1Char('/')); }

    const QString &root() const { return m_root; }
    QString bucketDir(const QString &bucket) const;
    // Where the bytes of a checked key live.
    QString objectPath(const QString &bucket, const QString &key) const;
    QString internalDir() const;
    QString tmpDir() const;
    QString uploadsRoot() const;
    QString uploadsDir(const QString &bucket) const;
    QString uploadDir(const QString &bucket, const QString &uploadId) const;
    QString metaRoot() const;
    // Bucket-level settings (the CORS configuration): never inside the bucket directory, so they
    // can neither show up in a listing nor keep DeleteBucket from removing the directory.
    QString bucketConfigDir(const QString &bucket) const;
    QString corsFile(const QString &bucket) const;

    // True when the canonical form of the existing `path` lies below the root: a symlink placed
    // in the tree by someone else must not lead a request out of it.
    bool isContained(const QString &path) const;

private:
    QString m_root;
};

} // namespace s3c
