#pragma once

#include "PosixOptions.h"
#include "PosixPaths.h"
#include "base/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace s3c {

// Where an object's metadata record (MetadataRecord) lives beside its bytes. The seam exists
// because the best place -- extended attributes of the data file itself -- is not available on
// every filesystem.
//
// Choice (docs/posix-backend.md, "Metadata"): user xattrs ("user.s3cascade.meta") set on the temp
// file before it is renamed into place, so bytes and metadata switch together in one atomic
// rename(2), survive any rename the gateway does and need no second file. Where the filesystem
// refuses user xattrs (probed once at start: some tmpfs, NFS, FAT), a sidecar file per object
// under <root>/.s3cascade/meta mirrors the bucket tree; it is renamed into place just before the
// data, and the identity check of MetadataRecord hides the short window in which the new sidecar
// already describes bytes that are not renamed yet. Implementations are thread-safe.
class MetadataStore
{
public:
    virtual ~MetadataStore() = default;
    virtual QString name() const = 0;

    // Makes `record` the metadata of `finalPath` once the temp file `tempPath` (open as
    // `tempFd`) is renamed onto it. Called before the rename, and before the data fsync, so that
    // with `durable` both reach the disk before the object becomes visible.
    virtual Status attach(int tempFd, const QString &tempPath, const QString &finalPath,
                          const QByteArray &record, bool durable) = 0;
    virtual std::optional<QByteArray> read(const QString &path) const = 0;
    // The same for an object the caller has open as `fd`: a store that keeps the record on the
    // file itself reads it through the descriptor, with no second path lookup.
    virtual std::optional<QByteArray> readOpened(const QString &path, int fd) const
    {
        Q_UNUSED(fd);
        return read(path);
    }
    // The object at `path` was removed: drop its metadata.
    virtual void remove(const QString &path) = 0;
    // Everything below `dir` was removed (an upload folder, a bucket).
    virtual void removeTree(const QString &dir) = 0;
    // The object at `from` was renamed to `to` (same bytes, same identity). A store that keeps
    // the record on the file itself has nothing to do.
    virtual void relocate(const QString &from, const QString &to)
    {
        Q_UNUSED(from);
        Q_UNUSED(to);
    }

    // The store for `options`; Auto probes whether `paths.tmpDir()` takes user xattrs. The
    // directory tree must exist.
    static std::shared_ptr<MetadataStore> create(const PosixOptions &options, const PosixPaths &paths);
};

} // namespace s3c
