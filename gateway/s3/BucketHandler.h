#pragma once

#include "S3Context.h"

namespace s3c {

// Service and bucket operations: ListBuckets, CreateBucket, DeleteBucket, HeadBucket,
// GetBucketLocation.
class BucketHandler
{
public:
    static void listBuckets(const Ctx &ctx);
    static void createBucket(const Ctx &ctx);
    static void deleteBucket(const Ctx &ctx);
    static void headBucket(const Ctx &ctx);
    static void getLocation(const Ctx &ctx);
};

} // namespace s3c
