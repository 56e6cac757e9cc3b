#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"

#include <QByteArray>

namespace s3c {

// Reads the XML answers of S3 (Amazon S3 API reference, "Response Syntax" of each action) and
// writes the two request bodies the client backend sends. Names are the backend's; the caller
// maps buckets to client-visible names.
class S3ResponseXml
{
public:
    static Result<QList<BucketInfo>> listBuckets(const QByteArray &xml);
    // ListBucketResult of ListObjects v1 or v2: entries and IsTruncated (markers are the caller's).
    static Result<ListObjectsResult> listObjects(const QByteArray &xml);
    static Result<QString> uploadId(const QByteArray &xml);      // InitiateMultipartUploadResult
    static Result<ObjectInfo> copyResult(const QByteArray &xml); // CopyObjectResult / CopyPartResult
    static Result<QByteArray> completeEtag(const QByteArray &xml);
    static Result<ListPartsResult> listParts(const QByteArray &xml);
    static Result<ListUploadsResult> listUploads(const QByteArray &xml);

    static QByteArray completeMultipartUpload(const QList<CompletedPart> &parts);
    static QByteArray createBucketConfiguration(const QString &region);
};

} // namespace s3c
