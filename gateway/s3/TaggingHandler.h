#pragma once

#include "S3Context.h"

namespace s3c {

// Object tagging: GetObjectTagging, PutObjectTagging, DeleteObjectTagging (`?tagging` on a key).
// Bucket tagging is not implemented (the router answers it 501).
class TaggingHandler
{
public:
    static void get(const Ctx &ctx);
    static void put(const Ctx &ctx);
    static void remove(const Ctx &ctx);

    // versionId of a tagging request: buckets here are never versioned, so the only version is
    // the current one, which S3 calls "null"; any other id is InvalidArgument, as S3 answers for
    // an unversioned bucket.
    static Status checkVersion(const S3Request &request);
};

} // namespace s3c
