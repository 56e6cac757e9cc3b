#pragma once

#include "PosixOptions.h"
#include "backends/Backend.h"

#include <QFutureWatcher>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace s3c {

class AtomicFileWriter;
class BodyStream;
class PosixCore;

// The local-directory backend: buckets are the top-level directories of `root`, keys are paths
// below them. Layout, key rules, metadata and durability: docs/posix-backend.md.
//
// Threading: every blocking step (stat, open, directory walks, deletes, copies, fsync + rename)
// runs on the backend's own QThreadPool; results come back through a QFutureWatcher owned by the
// backend, so `done` runs later on the backend's (the gateway) thread, exactly once, and never
// after the backend is gone. Request bodies are written on the gateway thread as chunks arrive.
// Destroying the backend drops queued work, waits for work already running (it cannot be
// interrupted inside a syscall) and discards unfinished writes.
//
// Deviations from S3 worth knowing: keys with empty, "." or ".." segments are InvalidArgument;
// an object "a" and objects "a/..." cannot coexist (InvalidRequest, "Object key conflicts with an
// existing prefix"); DeleteObject of a missing key succeeds, as in S3.
class PosixBackend : public Backend
{
    Q_OBJECT
public:
    PosixBackend(const QString &root, const PosixOptions &options = {}, QObject *parent = nullptr);
    ~PosixBackend() override;

    QString name() const override;
    bool isReadOnly() const override;

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

    void getBucketCors(const QString &bucket, Callback<QByteArray> done) override;
    void putBucketCors(const QString &bucket, const QByteArray &xml, Callback<Done> done) override;
    void deleteBucketCors(const QString &bucket, Callback<Done> done) override;
    void getObjectTagging(const QString &bucket, const QString &key, Callback<ObjectTags> done) override;
    void putObjectTagging(const QString &bucket, const QString &key, const ObjectTags &tags,
                          Callback<Done> done) override;

private:
    template <class T> using Work = std::function<Result<T>(PosixCore &)>;

    // Runs `work` on the pool (after the core is ready) and hands its result to `then` on this
    // object's thread, unless this object is destroyed first.
    template <class T> void runOnPool(Work<T> work, std::function<void(Result<T>)> then);
    // Answers a request that failed before any work started, later and not from inside the call.
    template <class T> void answerLater(Callback<T> done, Result<T> result);
    // Opens a temp file on the pool (after `check`), streams `body` into it, then commits it on
    // the pool with `commit`: the shared path of PutObject and UploadPart.
    template <class T>
    void ingest(BodyStream *body, std::function<Status(PosixCore &)> check,
                std::function<Result<T>(PosixCore &, AtomicFileWriter &)> commit, Callback<T> done);

    // First failure among: read-only, bucket name, key. std::nullopt if all fine.
    std::optional<Failure> checkWrite(const QString &bucket, const QString *key = nullptr) const;
    static std::optional<Failure> checkObject(const QString &bucket, const QString &key);

    QString m_name;
    PosixOptions m_options;
    std::shared_ptr<PosixCore> m_core;
    QThreadPool m_pool;
};

} // namespace s3c
