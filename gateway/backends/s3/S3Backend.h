#pragma once

#include "S3BackendOptions.h"
#include "backends/Backend.h"

namespace s3c {

class S3Client;

// A Backend in front of one S3-compatible service (AWS, R2, MinIO, moto, s3rver, another
// s3cascade). Every call becomes one signed request (two for a paged listing that must skip a
// repeated common prefix); bodies stream both ways with bounded memory; answers are classified
// by status and S3 <Code> (S3ErrorMapper). Lives in, and calls back in, the gateway thread.
class S3Backend : public Backend
{
    Q_OBJECT
public:
    explicit S3Backend(const S3BackendOptions &options, QObject *parent = nullptr);
    ~S3Backend() override;

    QString name() const override;
    bool wantsHealthProbe() const override { return true; }
    QString healthProbeBucket() const override;
    bool isReadOnly() const override;
    const S3BackendOptions &options() const;

    void listBuckets(Callback<QList<BucketInfo>> done) override;
    void createBucket(const QString &bucket, Callback<Done> done) override;
    void deleteBucket(const QString &bucket, Callback<Done> done) override;
    void headBucket(const QString &bucket, Callback<BucketInfo> done) override;

    void getObject(const GetObjectRequest &request, Callback<GetObjectResult> done) override;
    void putObject(const PutObjectRequest &request, Callback<ObjectInfo> done) override;
    void deleteObject(const QString &bucket, const QString &key, Callback<Done> done) override;
    void copyObject(const CopyObjectRequest &request, Callback<ObjectInfo> done) override;
    void listObjects(const ListObjectsRequest &request, Callback<ListObjectsResult> done) override;

    void createMultipartUpload(const MultipartUpload &upload, Callback<MultipartUpload> done) override;
    void uploadPart(const UploadPartRequest &request, Callback<PartInfo> done) override;
    void uploadPartCopy(const UploadPartCopyRequest &request, Callback<PartInfo> done) override;
    void completeMultipartUpload(const QString &bucket, const QString &key, const QString &uploadId,
                                 const QList<CompletedPart> &parts, Callback<ObjectInfo> done,
                                 const WriteConditions &conditions = {}) override;
    void abortMultipartUpload(const QString &bucket, const QString &key, const QString &uploadId,
                              Callback<Done> done) override;
    void listParts(const ListPartsRequest &request, Callback<ListPartsResult> done) override;
    void listMultipartUploads(const ListUploadsRequest &request, Callback<ListUploadsResult> done) override;

    // Forwarded as the backend's own ?cors sub-resource.
    void getBucketCors(const QString &bucket, Callback<QByteArray> done) override;
    void putBucketCors(const QString &bucket, const QByteArray &xml, Callback<Done> done) override;
    void deleteBucketCors(const QString &bucket, Callback<Done> done) override;
    // Forwarded as ?tagging requests; DeleteObjectTagging (no tags) as the service's own DELETE.
    void getObjectTagging(const QString &bucket, const QString &key, Callback<ObjectTags> done) override;
    void putObjectTagging(const QString &bucket, const QString &key, const ObjectTags &tags,
                          Callback<Done> done) override;

private:
    // The backend's bucket for a client bucket, or a Failure (NoSuchBucket for a pinned backend
    // asked for another bucket; AccessDenied for writes to a read-only backend).
    Result<QString> resolve(const QString &clientBucket, bool write) const;

    S3Client *m_client;
};

} // namespace s3c
