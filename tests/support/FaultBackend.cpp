#include "FaultBackend.h"

#include "FaultBody.h"
#include "backends/Preconditions.h"
#include "http/BodyStream.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QTimer>

#include <algorithm>

namespace s3c {

namespace {

QByteArray md5Etag(const QByteArray &data)
{
    return '"' + QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex() + '"';
}

QDateTime nowSeconds()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC);
}

} // namespace

FaultBackend::FaultBackend(const QString &name, QObject *parent) : Backend(parent), m_name(name)
{
}

FaultBackend::~FaultBackend() = default;

void FaultBackend::setError(S3Error error, FailureCause cause)
{
    m_error = error;
    m_errorCause = cause;
}

void FaultBackend::addBucket(const QString &bucket)
{
    if (!m_buckets.contains(bucket))
        m_buckets.insert(bucket, Bucket{nowSeconds(), {}});
}

void FaultBackend::addObject(const QString &bucket, const QString &key, const QByteArray &data,
                             ObjectInfo meta)
{
    addBucket(bucket);
    m_buckets[bucket].objects.insert(key, Stored{data, describe(key, data, std::move(meta))});
}

bool FaultBackend::hasObject(const QString &bucket, const QString &key) const
{
    return m_buckets.contains(bucket) && m_buckets.value(bucket).objects.contains(key);
}

QByteArray FaultBackend::objectData(const QString &bucket, const QString &key) const
{
    return m_buckets.value(bucket).objects.value(key).data;
}

ObjectInfo FaultBackend::objectInfo(const QString &bucket, const QString &key) const
{
    return m_buckets.value(bucket).objects.value(key).info;
}

ObjectInfo FaultBackend::describe(const QString &key, const QByteArray &data, ObjectInfo meta)
{
    meta.key = key;
    meta.size = data.size();
    meta.etag = md5Etag(data);
    if (!meta.lastModified.isValid())
        meta.lastModified = nowSeconds();
    return meta;
}

FaultBackend::Mode FaultBackend::modeFor(const QString &operation) const
{
    return m_modes.value(operation, m_mode);
}

void FaultBackend::later(std::function<void()> fn)
{
    QTimer::singleShot(0, this, std::move(fn));
}

template <class T>
void FaultBackend::dispatch(const QString &operation, Scope scope, Callback<T> done,
                            std::function<void(Callback<T>)> serve)
{
    m_log.append(operation);
    auto fail = [this, done](Failure f) { later([done, f] { done(f); }); };
    switch (modeFor(operation)) {
    case Mode::Serve:
    case Mode::ResetMidBody:
    case Mode::StallMidBody:
        serve(done);
        return;
    case Mode::Refuse:
        fail(Failure{S3Error::ServiceUnavailable, QStringLiteral("connection refused"),
                     FailureCause::Refused});
        return;
    case Mode::ServerError:
        fail(Failure{S3Error::InternalError, {}});
        return;
    case Mode::NotFound:
        fail(Failure{scope == Scope::Bucket ? S3Error::NoSuchBucket : S3Error::NoSuchKey, {}});
        return;
    case Mode::Error:
        fail(Failure{m_error, {}, m_errorCause});
        return;
    case Mode::Hang:
        m_hung.append([serve, done](bool timedOut) {
            if (timedOut)
                done(
                    Failure{S3Error::ServiceUnavailable, QStringLiteral("timed out"), FailureCause::Timeout});
            else
                serve(done);
        });
        return;
    }
}

void FaultBackend::release()
{
    const auto hung = std::exchange(m_hung, {});
    for (const auto &h : hung)
        h(false);
}

void FaultBackend::timeOut()
{
    const auto hung = std::exchange(m_hung, {});
    for (const auto &h : hung)
        h(true);
}

void FaultBackend::collect(BodyStream *body, std::function<void(Result<QByteArray>)> done)
{
    auto data = std::make_shared<QByteArray>();
    auto finished = std::make_shared<bool>(false);
    auto drain = [body, data] {
        QByteArray chunk;
        while (!(chunk = body->read(64 * 1024)).isEmpty())
            data->append(chunk);
    };
    auto complete = [this, body, data, finished, drain, done](bool ok) {
        if (*finished)
            return;
        *finished = true;
        if (ok)
            drain();
        disconnect(body, nullptr, this, nullptr);
        const bool good = ok && !body->hasFailed();
        later([data, good, done] {
            if (good)
                done(*data);
            else
                done(Failure{S3Error::IncompleteBody, {}});
        });
    };
    connect(body, &QIODevice::readyRead, this, drain);
    connect(body, &BodyStream::finished, this, [complete] { complete(true); });
    connect(body, &BodyStream::failed, this, [complete] { complete(false); });
    if (body->hasFailed())
        complete(false);
    else if (body->isFinished())
        complete(true);
    else
        drain();
}

// --- Buckets --------------------------------------------------------------------------------------

void FaultBackend::listBuckets(Callback<QList<BucketInfo>> done)
{
    dispatch<QList<BucketInfo>>(QStringLiteral("ListBuckets"), Scope::Bucket, done, [this](auto cb) {
        QList<BucketInfo> out;
        for (auto it = m_buckets.cbegin(); it != m_buckets.cend(); ++it)
            out.append(BucketInfo{it.key(), it->created});
        later([cb, out] { cb(out); });
    });
}

void FaultBackend::createBucket(const QString &bucket, Callback<Done> done)
{
    dispatch<Done>(QStringLiteral("CreateBucket"), Scope::Bucket, done, [this, bucket](auto cb) {
        const bool exists = m_buckets.contains(bucket);
        addBucket(bucket);
        later([cb, exists] { exists ? cb(Failure{S3Error::BucketAlreadyOwnedByYou, {}}) : cb(Done{}); });
    });
}

void FaultBackend::deleteBucket(const QString &bucket, Callback<Done> done)
{
    dispatch<Done>(QStringLiteral("DeleteBucket"), Scope::Bucket, done, [this, bucket](auto cb) {
        Status r = Done{};
        if (!m_buckets.contains(bucket))
            r = Failure{S3Error::NoSuchBucket, {}};
        else if (!m_buckets.value(bucket).objects.isEmpty())
            r = Failure{S3Error::BucketNotEmpty, {}};
        else
            m_buckets.remove(bucket);
        later([cb, r] { cb(r); });
    });
}

void FaultBackend::headBucket(const QString &bucket, Callback<BucketInfo> done)
{
    dispatch<BucketInfo>(QStringLiteral("HeadBucket"), Scope::Bucket, done, [this, bucket](auto cb) {
        Result<BucketInfo> r = Failure{S3Error::NoSuchBucket, {}};
        if (m_buckets.contains(bucket))
            r = BucketInfo{bucket, m_buckets.value(bucket).created};
        later([cb, r] { cb(r); });
    });
}

// --- Objects --------------------------------------------------------------------------------------

Result<GetObjectResult> FaultBackend::serveGet(const GetObjectRequest &request, bool breakBody,
                                               bool stallBody) const
{
    if (!m_buckets.contains(request.bucket))
        return Failure{S3Error::NoSuchBucket, {}};
    const auto &objects = m_buckets.value(request.bucket).objects;
    if (!objects.contains(request.key))
        return Failure{S3Error::NoSuchKey, {}};
    const Stored stored = objects.value(request.key);
    const S3Error check = evaluatePreconditions(request.conditions, stored.info);
    if (check != S3Error::None)
        return Failure{check, {}};
    const auto range = resolveRange(request.range, stored.info.size);
    if (!range.ok())
        return range.failure();
    GetObjectResult out;
    out.info = stored.info;
    out.range = *range;
    if (!request.headOnly) {
        const QByteArray bytes =
            out.range ? stored.data.mid(out.range->first, out.range->length()) : stored.data;
        if (breakBody) {
            out.body = new FaultBody(bytes.left(m_resetAfter), true);
        } else if (stallBody) {
            auto *body = new FaultBody(bytes.left(m_resetAfter), false);
            body->stallAtEnd();
            out.body = body;
        } else {
            auto *buffer = new QBuffer;
            buffer->setData(bytes);
            buffer->open(QIODevice::ReadOnly);
            out.body = buffer;
        }
    }
    return out;
}

void FaultBackend::getObject(const GetObjectRequest &request, Callback<GetObjectResult> done)
{
    const QString op = QStringLiteral("GetObject");
    m_gets.append(request);
    dispatch<GetObjectResult>(op, Scope::Object, done, [this, request, op](auto cb) {
        Result<GetObjectResult> r =
            serveGet(request, modeFor(op) == Mode::ResetMidBody, modeFor(op) == Mode::StallMidBody);
        later([cb, r] { cb(r); });
    });
}

void FaultBackend::putObject(const PutObjectRequest &request, Callback<ObjectInfo> done)
{
    dispatch<ObjectInfo>(QStringLiteral("PutObject"), Scope::Object, done, [this, request](auto cb) {
        if (!m_buckets.contains(request.bucket)) {
            later([cb] { cb(Failure{S3Error::NoSuchBucket, {}}); });
            return;
        }
        collect(request.body, [this, request, cb](Result<QByteArray> data) {
            if (!data.ok()) {
                cb(data.failure());
                return;
            }
            // Conditional writes are judged when the object is put in place, as S3 does.
            const bool exists = hasObject(request.bucket, request.key);
            const ObjectInfo existing = objectInfo(request.bucket, request.key);
            const S3Error check = evaluateWriteConditions(request.conditions, exists ? &existing : nullptr);
            if (check != S3Error::None) {
                cb(Failure{check, {}});
                return;
            }
            addObject(request.bucket, request.key, *data, request.meta);
            cb(objectInfo(request.bucket, request.key));
        });
    });
}

void FaultBackend::deleteObject(const QString &bucket, const QString &key, Callback<Done> done)
{
    dispatch<Done>(QStringLiteral("DeleteObject"), Scope::Object, done, [this, bucket, key](auto cb) {
        Status r = Done{};
        if (!m_buckets.contains(bucket))
            r = Failure{S3Error::NoSuchBucket, {}};
        else
            m_buckets[bucket].objects.remove(key); // S3: deleting a missing key succeeds
        later([cb, r] { cb(r); });
    });
}

void FaultBackend::copyObject(const CopyObjectRequest &request, Callback<ObjectInfo> done)
{
    dispatch<ObjectInfo>(QStringLiteral("CopyObject"), Scope::Object, done, [this, request](auto cb) {
        Result<ObjectInfo> r = Failure{S3Error::NoSuchBucket, {}};
        if (m_buckets.contains(request.sourceBucket) && m_buckets.contains(request.bucket)) {
            const auto &objects = m_buckets.value(request.sourceBucket).objects;
            if (!objects.contains(request.sourceKey)) {
                r = Failure{S3Error::NoSuchKey, {}};
            } else {
                const Stored source = objects.value(request.sourceKey);
                const S3Error check = evaluatePreconditions(request.sourceConditions, source.info, true);
                if (check != S3Error::None) {
                    r = Failure{check, {}};
                } else {
                    ObjectInfo meta = request.replaceMetadata ? request.meta : source.info;
                    meta.lastModified = {};
                    addObject(request.bucket, request.key, source.data, meta);
                    r = objectInfo(request.bucket, request.key);
                }
            }
        }
        later([cb, r] { cb(r); });
    });
}

Result<ListObjectsResult> FaultBackend::serveList(const ListObjectsRequest &request) const
{
    if (!m_buckets.contains(request.bucket))
        return Failure{S3Error::NoSuchBucket, {}};
    // S3 order is UTF-8 byte order; QMap orders QString by UTF-16 units.
    const auto &objects = m_buckets.value(request.bucket).objects;
    QList<QByteArray> keys;
    for (auto it = objects.cbegin(); it != objects.cend(); ++it)
        keys.append(it.key().toUtf8());
    std::sort(keys.begin(), keys.end());
    const QByteArray prefix = request.prefix.toUtf8();
    const QByteArray delimiter = request.delimiter.toUtf8();
    const QByteArray startAfter = request.startAfter.toUtf8();
    ListObjectsResult out;
    int taken = 0;
    for (const QByteArray &key : std::as_const(keys)) {
        if (!key.startsWith(prefix))
            continue;
        QByteArray entry = key;
        bool isPrefix = false;
        if (!delimiter.isEmpty()) {
            const qsizetype at = key.indexOf(delimiter, prefix.size());
            if (at >= 0) {
                entry = key.left(at + delimiter.size());
                isPrefix = true;
            }
        }
        if (entry <= startAfter || (isPrefix && out.nextMarker.toUtf8() == entry))
            continue;
        if (taken == qMin(request.maxKeys, m_pageLimit)) {
            out.truncated = true;
            break;
        }
        ++taken;
        if (isPrefix)
            out.commonPrefixes.append(QString::fromUtf8(entry));
        else
            out.objects.append(objects.value(QString::fromUtf8(key)).info);
        out.nextMarker = QString::fromUtf8(entry);
    }
    if (!out.truncated)
        out.nextMarker.clear();
    return out;
}

void FaultBackend::listObjects(const ListObjectsRequest &request, Callback<ListObjectsResult> done)
{
    dispatch<ListObjectsResult>(QStringLiteral("ListObjects"), Scope::Bucket, done, [this, request](auto cb) {
        Result<ListObjectsResult> r = serveList(request);
        later([cb, r] { cb(r); });
    });
}

// --- Multipart: just enough for the cascade's tests ---------------------------------------------

void FaultBackend::createMultipartUpload(const MultipartUpload &upload, Callback<MultipartUpload> done)
{
    dispatch<MultipartUpload>(QStringLiteral("CreateMultipartUpload"), Scope::Object, done,
                              [this, upload](auto cb) {
                                  Result<MultipartUpload> r = Failure{S3Error::NoSuchBucket, {}};
                                  if (m_buckets.contains(upload.bucket)) {
                                      MultipartUpload created = upload;
                                      created.uploadId = QStringLiteral("upload-%1").arg(m_nextUpload++);
                                      created.initiated = nowSeconds();
                                      m_uploads.insert(created.uploadId, Upload{created, {}});
                                      r = created;
                                  }
                                  later([cb, r] { cb(r); });
                              });
}

void FaultBackend::uploadPart(const UploadPartRequest &request, Callback<PartInfo> done)
{
    dispatch<PartInfo>(QStringLiteral("UploadPart"), Scope::Object, done, [this, request](auto cb) {
        if (!m_uploads.contains(request.uploadId)) {
            later([cb] { cb(Failure{S3Error::NoSuchUpload, {}}); });
            return;
        }
        collect(request.body, [this, request, cb](Result<QByteArray> data) {
            if (!data.ok() || !m_uploads.contains(request.uploadId)) {
                cb(data.ok() ? Failure{S3Error::NoSuchUpload, {}} : data.failure());
                return;
            }
            m_uploads[request.uploadId].parts.insert(request.partNumber, *data);
            cb(PartInfo{request.partNumber, md5Etag(*data), data->size(), nowSeconds(), {}});
        });
    });
}

void FaultBackend::uploadPartCopy(const UploadPartCopyRequest &request, Callback<PartInfo> done)
{
    dispatch<PartInfo>(QStringLiteral("UploadPartCopy"), Scope::Object, done, [this, request](auto cb) {
        Result<PartInfo> r = Failure{S3Error::NoSuchUpload, {}};
        if (m_uploads.contains(request.uploadId)) {
            if (!hasObject(request.sourceBucket, request.sourceKey)) {
                r = Failure{m_buckets.contains(request.sourceBucket) ? S3Error::NoSuchKey
                                                                     : S3Error::NoSuchBucket,
                            {}};
            } else {
                QByteArray data = objectData(request.sourceBucket, request.sourceKey);
                if (request.sourceRange)
                    data = data.mid(request.sourceRange->first, request.sourceRange->length());
                m_uploads[request.uploadId].parts.insert(request.partNumber, data);
                r = PartInfo{request.partNumber, md5Etag(data), data.size(), nowSeconds(), {}};
            }
        }
        later([cb, r] { cb(r); });
    });
}

void FaultBackend::completeMultipartUpload(const QString &bucket, const QString &key, const QString &uploadId,
                                           const QList<CompletedPart> &parts, Callback<ObjectInfo> done,
                                           const WriteConditions &)
{
    dispatch<ObjectInfo>(QStringLiteral("CompleteMultipartUpload"), Scope::Object, done,
                         [this, bucket, key, uploadId, parts](auto cb) {
                             Result<ObjectInfo> r = Failure{S3Error::NoSuchUpload, {}};
                             if (m_uploads.contains(uploadId)) {
                                 const Upload upload = m_uploads.take(uploadId);
                                 QByteArray data;
                                 for (const CompletedPart &p : parts)
                                     data += upload.parts.value(p.partNumber);
                                 addObject(bucket, key, data, upload.upload.meta);
                                 r = objectInfo(bucket, key);
                             }
                             later([cb, r] { cb(r); });
                         });
}

void FaultBackend::abortMultipartUpload(const QString &, const QString &, const QString &uploadId,
                                        Callback<Done> done)
{
    dispatch<Done>(QStringLiteral("AbortMultipartUpload"), Scope::Object, done, [this, uploadId](auto cb) {
        const bool known = m_uploads.remove(uploadId) > 0;
        later([cb, known] { known ? cb(Done{}) : cb(Failure{S3Error::NoSuchUpload, {}}); });
    });
}

void FaultBackend::listParts(const ListPartsRequest &request, Callback<ListPartsResult> done)
{
    dispatch<ListPartsResult>(QStringLiteral("ListParts"), Scope::Object, done, [this, request](auto cb) {
        Result<ListPartsResult> r = Failure{S3Error::NoSuchUpload, {}};
        if (m_uploads.contains(request.uploadId)) {
            ListPartsResult out;
            const Upload &upload = m_uploads[request.uploadId];
            out.upload = upload.upload;
            for (auto it = upload.parts.cbegin(); it != upload.parts.cend(); ++it)
                out.parts.append(PartInfo{it.key(), md5Etag(*it), it->size(), nowSeconds(), {}});
            r = out;
        }
        later([cb, r] { cb(r); });
    });
}

void FaultBackend::listMultipartUploads(const ListUploadsRequest &request, Callback<ListUploadsResult> done)
{
    dispatch<ListUploadsResult>(QStringLiteral("ListMultipartUploads"), Scope::Bucket, done,
                                [this, request](auto cb) {
                                    ListUploadsResult out;
                                    for (const Upload &u : std::as_const(m_uploads)) {
                                        if (u.upload.bucket == request.bucket)
                                            out.uploads.append(u.upload);
                                    }
                                    later([cb, out] { cb(out); });
                                });
}

} // namespace s3c
