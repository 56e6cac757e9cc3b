#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"

namespace s3c {

class S3Client;

// The multipart calls of S3Backend ("Uploading and copying objects using multipart upload").
// Buckets passed in are the backend's; answers carry the client-visible name.
class S3Multipart
{
public:
    explicit S3Multipart(S3Client *client) : m_client(client) {}

    void create(const QString &bucket, const MultipartUpload &upload, Callback<MultipartUpload> done);
    void uploadPart(const QString &bucket, const UploadPartRequest &request, Callback<PartInfo> done);
    void uploadPartCopy(const QString &bucket, const QString &sourceBucket,
                        const UploadPartCopyRequest &request, Callback<PartInfo> done);
    void complete(const QString &bucket, const QString &key, const QString &uploadId,
                  const QList<CompletedPart> &parts, Callback<ObjectInfo> done,
                  const WriteConditions &conditions = {});
    void abort(const QString &bucket, const QString &key, const QString &uploadId, Callback<Done> done);
    void listParts(const QString &bucket, const ListPartsRequest &request, Callback<ListPartsResult> done);
    void listUploads(const QString &bucket, const ListUploadsRequest &request,
                     Callback<ListUploadsResult> done);

private:
    S3Client *m_client;
};

} // namespace s3c
