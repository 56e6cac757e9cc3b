#pragma once

#include "backends/Backend.h"

#include <QHash>
#include <QMap>

#include <functional>

namespace s3c {

// A Backend that fails on cue (style.md #7), for the cascade's tests: deterministic, no
// sleeps, no sockets. In Serve mode it answers from an in-memory store; the other modes stand
// for each error class a real backend produces. A mode applies to every operation unless an
// operation ("GetObject" -- HEAD too --, "PutObject", "ListObjects", ...) has its own.
class FaultBackend : public Backend
{
    Q_OBJECT
public:
    enum class Mode {
        Serve,        // answer from the in-memory store
        Refuse,       // ServiceUnavailable at once, cause Refused: connection refused
        Hang,         // no answer until release() (then served) or timeOut() (then a timeout)
        ServerError,  // InternalError, 500
        ResetMidBody, // GetObject hands a body that breaks after resetAfter() bytes
        StallMidBody, // GetObject hands a body that stops after resetAfter() bytes, never ending
        NotFound,     // NoSuchBucket for bucket calls, NoSuchKey for the rest
        Error,        // the S3 error given to setError (AccessDenied, PreconditionFailed ...)
    };

    explicit FaultBackend(const QString &name, QObject *parent = nullptr);
    ~FaultBackend() override;

    void setMode(Mode mode) { m_mode = mode; }
    void setMode(const QString &operation, Mode mode) { m_modes.insert(operation, mode); }
    void clearOperationModes() { m_modes.clear(); }
    void setError(S3Error error, FailureCause cause = FailureCause::None);
    void setResetAfter(qint64 bytes) { m_resetAfter = bytes; }
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    // ListObjects pages hold at most this many entries and say they are truncated, as some S3
    // services do whatever max-keys asked.
    void setListPageLimit(int entries) { m_pageLimit = entries; }

    // The in-memory store.
    void addBucket(const QString &bucket);
    void addObject(const QString &bucket, const QString &key, const QByteArray &data, ObjectInfo meta = {});
    bool hasBucket(const QString &bucket) const { return m_buckets.contains(bucket); }
    bool hasObject(const QString &bucket, const QString &key) const;
    QByteArray objectData(const QString &bucket, const QString &key) const;
    ObjectInfo objectInfo(const QString &bucket, const QString &key) const;

    // What it was asked.
    int callCount() const { return int(m_log.size()); }
    int callCount(const QString &operation) const { return int(m_log.count(operation)); }
    QStringList callLog() const { return m_log; }
    int hungCount() const { return int(m_hung.size()); }
    // Every GetObject (and HEAD) request as it came, ranges and conditions included.
    QList<GetObjectRequest> getRequests() const { return m_gets; }

    QString name() const override { return m_name; }
    bool isReadOnly() const override { return m_readOnly; }
    bool wantsHealthProbe() const override { return m_probed; }
    void setHealthProbed(bool probed) { m_probed = probed; }

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

public slots:
    // Answers every hung call as Serve mode would.
    void release();
    // Fails every hung call like a first-byte timeout: ServiceUnavailable, cause Timeout.
    void timeOut();

private:
    struct Stored
    {
        QByteArray data;
        ObjectInfo info;
    };
    struct Bucket
    {
        QDateTime created;
        QMap<QString, Stored> objects;
    };
    struct Upload
    {
        MultipartUpload upload;
        QMap<int, QByteArray> parts;
    };
    enum class Scope { Bucket, Object };

    Mode modeFor(const QString &operation) const;
    // The fault for this call, or nullopt to serve it. Hang parks `serve` and the failure path.
    template <class T>
    void dispatch(const QString &operation, Scope scope, Callback<T> done,
                  std::function<void(Callback<T>)> serve);
    void later(std::function<void()> fn);
    Result<GetObjectResult> serveGet(const GetObjectRequest &request, bool breakBody, bool stallBody = false) const;
    Result<ListObjectsResult> serveList(const ListObjectsRequest &request) const;
    static ObjectInfo describe(const QString &key, const QByteArray &data, ObjectInfo meta);
    // Reads a request body to its end, then calls back with the bytes (or its failure).
    void collect(BodyStream *body, std::function<void(Result<QByteArray>)> done);

    QString m_name;
    Mode m_mode = Mode::Serve;
    QHash<QString, Mode> m_modes;
    S3Error m_error = S3Error::AccessDenied;
    FailureCause m_errorCause = FailureCause::None;
    qint64 m_resetAfter = 0;
    bool m_readOnly = false;
    bool m_probed = false;
    int m_pageLimit = 1000;
    QMap<QString, Bucket> m_buckets;
    QMap<QString, Upload> m_uploads;
    int m_nextUpload = 1;
    QStringList m_log;
    QList<GetObjectRequest> m_gets;
    QList<std::function<void(bool timedOut)>> m_hung;
};

} // namespace s3c
