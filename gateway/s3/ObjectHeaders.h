#pragma once

#include "base/Result.h"
#include "backends/BackendTypes.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

namespace s3c {

class S3Request;

// Maps object metadata between HTTP headers and ObjectInfo, in both directions.
class ObjectHeaders
{
public:
    // Metadata a PUT/POST(uploads)/copy-REPLACE carries: Content-Type, the stored content headers,
    // x-amz-meta-*, the tags of x-amz-tagging (InvalidArgument/InvalidTag when bad). "aws-chunked"
    // is a transfer detail and is removed from Content-Encoding.
    // A value with CR, LF or NUL is InvalidArgument: it would be sent back in a GET's head.
    static Result<ObjectInfo> metadataFromRequest(const HttpRequest &request);
    // ETag, Last-Modified, Content-Type, stored headers, user metadata, checksums (when asked).
    static void addObjectHeaders(HttpResponse &response, const ObjectInfo &info, bool withChecksums);
    // GET's response-content-type & co. (S3 GetObject "Overriding response header values").
    static void applyResponseOverrides(HttpResponse &response, const S3Request &request);
    // If-Match & co. of GET/HEAD, or x-amz-copy-source-if-* when `prefix` is "x-amz-copy-source-".
    static Result<Conditions> conditionsFromRequest(const HttpRequest &request, QByteArrayView prefix = {});
    // If-None-Match / If-Match of PutObject and CompleteMultipartUpload (S3 conditional writes).
    static Result<WriteConditions> writeConditionsFromRequest(const HttpRequest &request);
};

} // namespace s3c
