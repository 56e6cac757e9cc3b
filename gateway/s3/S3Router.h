#pragma once

#include "S3Request.h"
#include "http/HttpRequest.h"

namespace s3c {

enum class S3Operation {
    Unsupported,
    MethodNotAllowed,
    ListBuckets,
    CreateBucket,
    DeleteBucket,
    HeadBucket,
    GetBucketLocation,
    ListObjectsV1,
    ListObjectsV2,
    ListMultipartUploads,
    DeleteObjects,
    GetObject,
    HeadObject,
    PutObject,
    CopyObject,
    DeleteObject,
    CreateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListParts,
    GetBucketCors,
    PutBucketCors,
    DeleteBucketCors,
    GetObjectTagging,
    PutObjectTagging,
    DeleteObjectTagging,
};

// Which S3 operation a request is, from its method, bucket/key and sub-resources
// (S3 API reference, one entry per operation's "Request Syntax").
class S3Router
{
public:
    static S3Operation route(const HttpRequest &http, const S3Request &request);
    static bool isWrite(S3Operation op);
    static bool hasRequestBody(S3Operation op);
    static const char *name(S3Operation op);
    // For an Unsupported request: what was asked for ("GET ?tagging"), for the 501's message.
    static QString describeUnsupported(const HttpRequest &http, const S3Request &request);
};

} // namespace s3c
