#include "S3Router.h"

#include <QSet>

namespace s3c {

namespace {

// Sub-resources we do not implement: answered 501 NotImplemented rather than misread as a plain
// object or bucket request (a GET ?tagging must never return the object's bytes).
const char *const kUnsupportedSubresources[] = {
    "accelerate", "acl", "analytics", "attributes", "encryption", "intelligent-tiering",
    "inventory", "legal-hold", "lifecycle", "logging", "metrics", "notification", "object-lock",
    "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "replication", "requestPayment",
    "restore", "retention", "select", "tagging", "torrent", "versioning", "versions", "website",
    "versionId",
};

} // namespace

S3Operation S3Router::route(const HttpRequest &http, const S3Request &r)
{
    // One lookup per parameter of the request, not one scan of the request per sub-resource.
    static const QSet<QString> unsupported = [] {
        QSet<QString> names;
        for (const char *sub : kUnsupportedSubresources)
            names.insert(QString::fromLatin1(sub));
        return names;
    }();
    // Object tagging is implemented; bucket tagging is not (it stays a 501 naming "?tagging").
    // A versionId on a tagging request is judged by the handler: only "null" exists here.
    const bool objectTagging = !r.key.isEmpty() && r.hasQuery(QStringLiteral("tagging"));
    for (const auto &parameter : r.query) {
        if (objectTagging && (parameter.first == QLatin1String("tagging") || parameter.first == QLatin1String("versionId")))
            continue;
        if (unsupported.contains(parameter.first))
            return S3Operation::Unsupported;
    }
    const QByteArray &m = http.method;
    if (!r.bucket.isEmpty() && r.hasQuery(QStringLiteral("cors"))) {
        // A bucket sub-resource; on an object it must not be read as the object itself.
        if (!r.key.isEmpty())
            return S3Operation::Unsupported;
        if (m == "GET")
            return S3Operation::GetBucketCors;
        if (m == "PUT")
            return S3Operation::PutBucketCors;
        if (m == "DELETE")
            return S3Operation::DeleteBucketCors;
        return S3Operation::MethodNotAllowed;
    }
    if (objectTagging) {
        if (m == "GET")
            return S3Operation::GetObjectTagging;
        if (m == "PUT")
            return S3Operation::PutObjectTagging;
        if (m == "DELETE")
            return S3Operation::DeleteObjectTagging;
        return S3Operation::MethodNotAllowed;
    }
    if (r.bucket.isEmpty()) {
        if (m == "GET" || m == "HEAD")
            return S3Operation::ListBuckets;
        return S3Operation::MethodNotAllowed;
    }
    if (r.key.isEmpty()) {
        if (m == "GET") {
            if (r.hasQuery(QStringLiteral("location")))
                return S3Operation::GetBucketLocation;
            if (r.hasQuery(QStringLiteral("uploads")))
                return S3Operation::ListMultipartUploads;
            if (r.queryValue(QStringLiteral("list-type")) == QLatin1String("2"))
                return S3Operation::ListObjectsV2;
            return S3Operation::ListObjectsV1;
        }
        if (m == "PUT")
            return S3Operation::CreateBucket;
        if (m == "DELETE")
            return S3Operation::DeleteBucket;
        if (m == "HEAD")
            return S3Operation::HeadBucket;
        if (m == "POST" && r.hasQuery(QStringLiteral("delete")))
            return S3Operation::DeleteObjects;
        if (m == "POST")
            return S3Operation::Unsupported;
        return S3Operation::MethodNotAllowed;
    }
    const bool hasUploadId = r.hasQuery(QStringLiteral("uploadId"));
    if (m == "GET")
        return hasUploadId ? S3Operation::ListParts : S3Operation::GetObject;
    if (m == "HEAD")
        return S3Operation::HeadObject;
    if (m == "PUT") {
        const bool copy = http.hasHeader("x-amz-copy-source");
        if (r.hasQuery(QStringLiteral("partNumber")) && hasUploadId)
            return copy ? S3Operation::UploadPartCopy : S3Operation::UploadPart;
        return copy ? S3Operation::CopyObject : S3Operation::PutObject;
    }
    if (m == "DELETE")
        return hasUploadId ? S3Operation::AbortMultipartUpload : S3Operation::DeleteObject;
    if (m == "POST") {
        if (r.hasQuery(QStringLiteral("uploads")))
            return S3Operation::CreateMultipartUpload;
        if (hasUploadId)
            return S3Operation::CompleteMultipartUpload;
        return S3Operation::Unsupported;
    }
    return S3Operation::MethodNotAllowed;
}

QString S3Router::describeUnsupported(const HttpRequest &http, const S3Request &r)
{
    // Names what was asked for, so the user sees which feature is missing rather than a bare 501:
    // "GET ?tagging", "POST on a bucket". Only known sub-resource names and the method (both
    // checked by the router and the parser) are echoed, never free text from the request.
    for (const char *sub : kUnsupportedSubresources) {
        if (r.hasQuery(QString::fromLatin1(sub)))
            return QStringLiteral("%1 ?%2").arg(QString::fromLatin1(http.method), QString::fromLatin1(sub));
    }
    return QStringLiteral("%1 on %2").arg(QString::fromLatin1(http.method),
                                          r.key.isEmpty() ? QStringLiteral("a bucket") : QStringLiteral("an object"));
}

bool S3Router::isWrite(S3Operation op)
{
    switch (op) {
    case S3Operation::CreateBucket:
    case S3Operation::DeleteBucket:
    case S3Operation::DeleteObjects:
    case S3Operation::PutObject:
    case S3Operation::CopyObject:
    case S3Operation::DeleteObject:
    case S3Operation::CreateMultipartUpload:
    case S3Operation::UploadPart:
    case S3Operation::UploadPartCopy:
    case S3Operation::CompleteMultipartUpload:
    case S3Operation::AbortMultipartUpload:
    case S3Operation::PutBucketCors:
    case S3Operation::DeleteBucketCors:
    case S3Operation::PutObjectTagging:
    case S3Operation::DeleteObjectTagging:
        return true;
    default:
        return false;
    }
}

bool S3Router::hasRequestBody(S3Operation op)
{
    switch (op) {
    case S3Operation::CreateBucket:
    case S3Operation::DeleteObjects:
    case S3Operation::PutObject:
    case S3Operation::UploadPart:
    case S3Operation::CompleteMultipartUpload:
    case S3Operation::PutBucketCors:
    case S3Operation::PutObjectTagging:
        return true;
    default:
        return false;
    }
}

const char *S3Router::name(S3Operation op)
{
    switch (op) {
    case S3Operation::Unsupported: return "Unsupported";
    case S3Operation::MethodNotAllowed: return "MethodNotAllowed";
    case S3Operation::ListBuckets: return "ListBuckets";
    case S3Operation::CreateBucket: return "CreateBucket";
    case S3Operation::DeleteBucket: return "DeleteBucket";
    case S3Operation::HeadBucket: return "HeadBucket";
    case S3Operation::GetBucketLocation: return "GetBucketLocation";
    case S3Operation::ListObjectsV1: return "ListObjects";
    case S3Operation::ListObjectsV2: return "ListObjectsV2";
    case S3Operation::ListMultipartUploads: return "ListMultipartUploads";
    case S3Operation::DeleteObjects: return "DeleteObjects";
    case S3Operation::GetObject: return "GetObject";
    case S3Operation::HeadObject: return "HeadObject";
    case S3Operation::PutObject: return "PutObject";
    case S3Operation::CopyObject: return "CopyObject";
    case S3Operation::DeleteObject: return "DeleteObject";
    case S3Operation::CreateMultipartUpload: return "CreateMultipartUpload";
    case S3Operation::UploadPart: return "UploadPart";
    case S3Operation::UploadPartCopy: return "UploadPartCopy";
    case S3Operation::CompleteMultipartUpload: return "CompleteMultipartUpload";
    case S3Operation::AbortMultipartUpload: return "AbortMultipartUpload";
    case S3Operation::ListParts: return "ListParts";
    case S3Operation::GetBucketCors: return "GetBucketCors";
    case S3Operation::PutBucketCors: return "PutBucketCors";
    case S3Operation::DeleteBucketCors: return "DeleteBucketCors";
    case S3Operation::GetObjectTagging: return "GetObjectTagging";
    case S3Operation::PutObjectTagging: return "PutObjectTagging";
    case S3Operation::DeleteObjectTagging: return "DeleteObjectTagging";
    }
    return "Unknown";
}

} // namespace s3c
