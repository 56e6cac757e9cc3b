#pragma once

#include <QString>

namespace s3c {

// How the local-directory backend behaves; see docs/posix-backend.md.
struct PosixOptions
{
    // When an object write is durable.
    enum class Fsync {
        // fsync the data (and its metadata) before the rename and the directory after it: an
        // object that was acknowledged survives a power loss. The default.
        Durable,
        // Skip every fsync: faster, but a crash may lose recently acknowledged objects (never
        // expose partial ones: the rename still switches whole files).
        None,
    };
    // Where object metadata lives; Auto probes the filesystem once at start.
    enum class Metadata {
        Auto,    // user xattrs if the filesystem takes them, else sidecar files
        Xattr,   // user.s3cascade.* xattrs (oversized records spill to a sidecar)
        Sidecar, // files under <root>/.s3cascade/meta
    };

    QString name;          // shown in x-s3cascade-backend and statistics; default "posix:<root>"
    bool readOnly = false; // every write answers AccessDenied
    Fsync fsync = Fsync::Durable;
    Metadata metadata = Metadata::Auto;
    // S3's minimum size of every part but the last (CompleteMultipartUpload, EntityTooSmall).
    qint64 minPartSize = 5LL * 1024 * 1024;
    // GET/HEAD look an object up (open, fstat, metadata read) on the calling thread instead of
    // the pool: a few microseconds on a local disk, where the hop to a pool thread and back
    // cost more than the work itself (small GETs ran at 6k req/s with the hop). The data is
    // never read here: the HTTP layer streams it with sendfile in bounded chunks. Turn it off for
    // network filesystems, where an open can block for long.
    bool inlineLookups = true;
    // Threads of the backend's own pool for blocking file work (walks, stats, fsync, copies).
    int ioThreads = 4;
};

} // namespace s3c
