#pragma once

#include "AtomicFileWriter.h"
#include "backends/BackendTypes.h"
#include "base/Result.h"

class QThread;

namespace s3c {

class PosixCore;

// Object operations of the local-directory backend on checked bucket and key names. Blocking;
// run on the backend pool.
class PosixObjects
{
public:
    explicit PosixObjects(PosixCore &core) : m_core(core) {}

    // GET/HEAD: conditions, then range (S3 evaluates preconditions before the Range header).
    // For GET the body is a QFile seeked to the first byte, already moved to `receiverThread`.
    Result<GetObjectResult> get(const GetObjectRequest &request, QThread *receiverThread) const;
    // Renames a fully written body into place with `meta` and the ETag of its bytes.
    Result<ObjectInfo> commitPut(AtomicFileWriter &writer, const PutObjectRequest &request) const;
    // S3 DeleteObject: removing a key that does not exist succeeds (204) as well.
    Status remove(const QString &bucket, const QString &key) const;
    Result<ObjectInfo> copy(const CopyObjectRequest &request) const;
    // Get/PutObjectTagging: the tags live in the object's metadata record; setting them rewrites
    // that record in place, the bytes (and so the record's identity) stay as they are.
    Result<ObjectTags> tags(const QString &bucket, const QString &key) const;
    Status setTags(const QString &bucket, const QString &key, const ObjectTags &tags) const;

    // The bytes [first, first+length) of a source object into `writer`, after its conditions
    // (shared by CopyObject and UploadPartCopy). Returns the source's metadata.
    Result<ObjectInfo> copySource(const QString &bucket, const QString &key, const Conditions &conditions,
                                  const std::optional<ByteRange> &range, AtomicFileWriter &writer) const;

    // Where a write of `key` puts its file: under the key's write lock, checking `conditions`
    // there (shared by PutObject, CopyObject and CompleteMultipartUpload).
    static AtomicFileWriter::Target objectTarget(const PosixCore &core, const QString &bucket,
                                                 const QString &key,
                                                 const WriteConditions &conditions = {});

private:
    PosixCore &m_core;
};

} // namespace s3c
