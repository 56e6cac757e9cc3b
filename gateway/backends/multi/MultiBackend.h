#pragma once

#include "MultiOptions.h"
#include "backends/Backend.h"

#include <memory>

namespace s3c {

class HealthProber;

class MonotonicClock;
class MultiCore;
class Statistics;
struct CascadeState;

// One S3 namespace over an ordered list of backends (issue #3): reads cascade until a backend
// has the object, listings merge every backend's entries, writes go to the primary (index 0)
// only. Failing backends are ejected for a while (OutlierDetector); every call is counted in
// the Statistics the GUI reads.
//
// Rules, in short (details at each method):
//  - GET/HEAD object, HEAD bucket: in order; next on not-found or failure; stop on any other
//    answer. Nobody served: 404 only if all said not found, else 503. servedBy names the backend.
//    A GET body that breaks mid-stream is resumed from another holder of the same object
//    (ResumingBody), else the connection is aborted.
//  - ListBuckets / ListObjects: merged, sorted in UTF-8 byte order, deduplicated (earlier
//    backend wins), exact pagination; a failed backend gives 503 unless partialListing.
//  - PutObject, multipart, CreateBucket, DeleteBucket, CopyObject: the primary only, never
//    retried elsewhere; a failing primary gives 503. A copy whose source only a fallback holds
//    is streamed from it into the primary.
//  - DeleteObject: the primary, or every writable backend with DeletePolicy::All.
class MultiBackend : public Backend
{
    Q_OBJECT
public:
    // backends: cascade order, index 0 the primary; at least one; not owned, they must outlive
    // this object and every call made through it. stats: shared with the GUI (made here when
    // null; its backend names must match). clock: latency and ejection time (tests inject one).
    MultiBackend(const QList<Backend *> &backends, const MultiOptions &options, QObject *parent = nullptr);
    MultiBackend(const QList<Backend *> &backends, const MultiOptions &options,
                 std::shared_ptr<Statistics> stats, std::shared_ptr<MonotonicClock> clock,
                 QObject *parent = nullptr);
    // One of several copies of the same set, one per gateway thread: `state` (from
    // CascadeState::create) is what they share. Null: a state of its own.
    MultiBackend(const QList<Backend *> &backends, const MultiOptions &options,
                 std::shared_ptr<CascadeState> state, QObject *parent = nullptr);
    ~MultiBackend() override;

    std::shared_ptr<Statistics> statistics() const;
    int backendCount() const;
    Backend *backendAt(int index) const;
    // Whether outlier ejection currently skips backend `index`. Gateway thread only; other
    // threads read BackendStatsSnapshot::ejected.
    bool isEjected(int index) const;

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

    // GetBucketCors cascades like a read; Put and Delete go to the primary.
    void getBucketCors(const QString &bucket, Callback<QByteArray> done) override;
    void putBucketCors(const QString &bucket, const QByteArray &xml, Callback<Done> done) override;
    void deleteBucketCors(const QString &bucket, Callback<Done> done) override;
    // GetObjectTagging cascades like a read (the tags of an object that only a fallback holds are
    // that fallback's); Put/DeleteObjectTagging are writes and go to the primary only.
    void getObjectTagging(const QString &bucket, const QString &key, Callback<ObjectTags> done) override;
    void putObjectTagging(const QString &bucket, const QString &key, const ObjectTags &tags,
                          Callback<Done> done) override;

private:
    std::shared_ptr<MultiCore> m_core;
    HealthProber *m_prober = nullptr; // only in the copy of the set that probes
};

} // namespace s3c
