#pragma once

#include "S3Context.h"

namespace s3c {

// The bucket's ?cors sub-resource (PutBucketCors, GetBucketCors, DeleteBucketCors) and the
// unauthenticated preflight a browser sends before a cross-origin request ("OPTIONS object").
class CorsHandler
{
public:
    static void getBucketCors(const Ctx &ctx);
    static void putBucketCors(const Ctx &ctx);
    static void deleteBucketCors(const Ctx &ctx);
    // Answers from the bucket's rules only: 200 with the Access-Control-* headers, 403
    // AccessForbidden when no rule allows it, 400 when Origin or the method is missing. Nothing
    // else about the bucket is told (a missing bucket looks like one without rules).
    static void preflight(const Ctx &ctx);

    // PutBucketCors bodies larger than this are refused (S3 limits the document to 64 KB).
    static constexpr qint64 kMaxBody = 64 * 1024;
};

} // namespace s3c
