#pragma once

#include "BackendTypes.h"
#include "base/Result.h"

namespace s3c {

// RFC 9110 / S3 precondition rules for GET/HEAD (and copy sources). Order as S3 applies it:
// If-Match (412) before If-Unmodified-Since; If-None-Match (304 for GET/HEAD, 412 for copy
// sources) before If-Modified-Since. Returns None, NotModified or PreconditionFailed.
S3Error evaluatePreconditions(const Conditions &conditions, const ObjectInfo &info, bool forCopySource = false);

// S3 conditional writes (PutObject, CompleteMultipartUpload): If-None-Match "*" fails with 412
// when the key exists; If-Match fails with 412 when the ETag differs and 404 NoSuchKey when
// there is no object. `existing` is null when the key does not exist.
S3Error evaluateWriteConditions(const WriteConditions &conditions, const ObjectInfo *existing);

// Resolves a Range against an object size. nullopt result with S3Error::None means "serve the
// whole object" (no range, or one RFC 9110 says to ignore); InvalidRange when unsatisfiable
// (first byte past the end, which includes every range on an empty object).
Result<std::optional<ByteRange>> resolveRange(const std::optional<RangeSpec> &range, qint64 size);

// GetObject/HeadObject ?partNumber=N: the bytes of part N, served like a range (206,
// Content-Range). An object that was not uploaded in parts is one part: part 1 is all of it.
// A number past the last part is InvalidPart; NotImplemented when the part sizes are unknown.
Result<ByteRange> resolvePart(int partNumber, const ObjectInfo &info);

// Parses "bytes=0-9", "bytes=5-", "bytes=-20". Malformed or multi-range headers give nullopt:
// S3 then ignores the header and serves the whole object.
std::optional<RangeSpec> parseRangeHeader(const QByteArray &value);

} // namespace s3c
