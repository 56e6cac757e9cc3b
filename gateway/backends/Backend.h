#pragma once

#include "BackendTypes.h"
#include "base/Result.h"

#include <QObject>

namespace s3c {

// A storage backend: a local directory, an S3-compatible service, or several of them.
//
// Every call is asynchronous: it returns at once and calls `done` later, exactly once, in the
// thread that made the call (one of the gateway threads), never from inside the call itself. Blocking
// work (file I/O) runs elsewhere. Errors are S3 errors (NoSuchBucket, NoSuchKey, ...) so that the
// S3 layer can answer them directly; ServiceUnavailable/InternalError mean the backend failed.
// Bodies stream: uploads are read from a BodyStream as they arrive, downloads are handed back as
// a QIODevice; memory per request stays bounded whatever the object size.
class Backend : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QString name() const = 0;
    virtual bool isReadOnly() const { return false; }
    // Whether an active health probe (issue #11) is worth sending: a remote service that can
    // hang or go away. A local directory answers or fails on every request by itself.
    virtual bool wantsHealthProbe() const { return false; }
    // The bucket the probe sends HeadBucket for: one no one uses (any S3 answer, 404 or 403,
    // proves the service answers), or the one bucket a pinned backend may ask about at all.
    virtual QString healthProbeBucket() const { return QStringLiteral("s3cascade-health-probe-0"); }

    virtual void listBuckets(Callback<QList<BucketInfo>> done) = 0;
    virtual void createBucket(const QString &bucket, Callback<Done> done) = 0;
    virtual void deleteBucket(const QString &bucket, Callback<Done> done) = 0;
    virtual void headBucket(const QString &bucket, Callback<BucketInfo> done) = 0;

    // GET and HEAD. Conditions are evaluated by the backend (304 NotModified, 412
    // PreconditionFailed); an unsatisfiable range is InvalidRange.
    virtual void getObject(const GetObjectRequest &request, Callback<GetObjectResult> done) = 0;
    // Stores the body once it finished() and was complete; on failed() nothing is stored and
    // `done` reports the failure (the S3 layer asks the stream which error it was).
    virtual void putObject(const PutObjectRequest &request, Callback<ObjectInfo> done) = 0;
    virtual void deleteObject(const QString &bucket, const QString &key, Callback<Done> done) = 0;
    virtual void copyObject(const CopyObjectRequest &request, Callback<ObjectInfo> done) = 0;
    virtual void listObjects(const ListObjectsRequest &request, Callback<ListObjectsResult> done) = 0;

    virtual void createMultipartUpload(const MultipartUpload &upload, Callback<MultipartUpload> done) = 0;
    virtual void uploadPart(const UploadPartRequest &request, Callback<PartInfo> done) = 0;
    virtual void uploadPartCopy(const UploadPartCopyRequest &request, Callback<PartInfo> done) = 0;
    // Parts are checked by the backend: InvalidPart, InvalidPartOrder, EntityTooSmall (all but
    // the last part >= 5 MiB). The ETag is the md5 of the parts' md5s with "-N". `conditions` are
    // checked against the key at the moment the object is put in place (PreconditionFailed,
    // NoSuchKey); a failed condition leaves the upload as it was.
    virtual void completeMultipartUpload(const QString &bucket, const QString &key, const QString &uploadId,
                                         const QList<CompletedPart> &parts, Callback<ObjectInfo> done,
                                         const WriteConditions &conditions = {}) = 0;
    virtual void abortMultipartUpload(const QString &bucket, const QString &key, const QString &uploadId,
                                      Callback<Done> done) = 0;
    virtual void listParts(const ListPartsRequest &request, Callback<ListPartsResult> done) = 0;
    virtual void listMultipartUploads(const ListUploadsRequest &request, Callback<ListUploadsResult> done) = 0;

    // The bucket's CORS configuration (PutBucketCors, GetBucketCors, DeleteBucketCors), kept as
    // the XML document the S3 layer validated and wrote; the S3 layer parses it. Get answers
    // NoSuchCORSConfiguration when the bucket has none (NoSuchBucket when there is no bucket);
    // deleting a configuration that is not there succeeds. By default NotImplemented, for
    // backends that cannot keep one.
    virtual void getBucketCors(const QString &bucket, Callback<QByteArray> done);
    virtual void putBucketCors(const QString &bucket, const QByteArray &xml, Callback<Done> done);
    virtual void deleteBucketCors(const QString &bucket, Callback<Done> done);
    // GetObjectTagging: the object's tags (empty when it has none); NoSuchKey when it is absent.
    virtual void getObjectTagging(const QString &bucket, const QString &key, Callback<ObjectTags> done);
    // PutObjectTagging (tags already validated) replaces every tag of an existing object without
    // touching its bytes or other metadata; DeleteObjectTagging is the same with no tags.
    // The defaults answer NotImplemented, so a backend without tags never pretends to store them.
    virtual void putObjectTagging(const QString &bucket, const QString &key, const ObjectTags &tags,
                                  Callback<Done> done);
};

} // namespace s3c
