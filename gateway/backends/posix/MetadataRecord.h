#pragma once

#include "PosixFs.h"
#include "backends/BackendTypes.h"

#include <QJsonObject>

#include <optional>

namespace s3c {

// The serialized form of what S3 keeps beside an object's bytes (ETag, Content-Type, the stored
// response headers, x-amz-meta-*, checksums, parts count, tags), as compact JSON.
//
// Every record carries the identity of the bytes it describes -- size and st_mtim in ns, taken
// from the temp file after its last write. A record whose identity no longer matches the file
// (someone edited the file in place, or the sidecar of an object is from before a replace that is
// still being renamed into place) is ignored rather than served with a wrong ETag.
class MetadataRecord
{
public:
    static QByteArray encode(const ObjectInfo &info, const FileStat &identity);
    // nullopt when malformed or stale. The result has no key; size and lastModified come from
    // `actual`.
    static std::optional<ObjectInfo> decode(const QByteArray &record, const FileStat &actual);
    // Metadata for a file that was put under the root by other means than the gateway (or whose
    // record is stale): application/octet-stream and an ETag derived from size and mtime. The
    // ETag ends in "-1" so that clients which check a download's MD5 against a plain ETag (s3cmd)
    // do not mistake it for one: like a multipart ETag it is opaque.
    static ObjectInfo synthesize(const FileStat &actual);

    // The metadata fields alone (no identity), for the manifest of a multipart upload.
    static QJsonObject toJson(const ObjectInfo &info);
    static ObjectInfo fromJson(const QJsonObject &object);
};

} // namespace s3c
