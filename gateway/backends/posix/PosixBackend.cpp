#include "PosixBackend.h"

#include "AtomicFileWriter.h"
#include "BodyIngest.h"
#include "PosixBuckets.h"
#include "PosixCore.h"
#include "PosixLister.h"
#include "PosixMultipart.h"
#include "PosixObjects.h"
#include "http/BodyStream.h"

#include <QIODevice>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace s3c {

namespace {

// Owns the body device of a GET on its way from the pool to the receiver: if the backend is
// destroyed before the result is delivered, the device is freed with the last copy of the result.
struct DeviceHolder
{
    QIODevice *device = nullptr;
    ~DeviceHolder() { delete device; }
    QIODevice *release() { return std::exchange(device, nullptr); }
};

struct GetHandoff
{
    ObjectInfo info;
    std::optional<ByteRange> range;
    std::shared_ptr<DeviceHolder> body;
};

} // namespace

PosixBackend::PosixBackend(const QString &root, const PosixOptions &options, QObject *parent)
    : Backend(parent), m_name(options.name.isEmpty() ? QStringLiteral("posix:") + root : options.name), m_options(options),
      m_core(std::make_shared<PosixCore>(root, options))
{
    m_pool.setMaxThreadCount(qMax(1, options.ioThreads));
    m_pool.setObjectName(QStringLiteral("s3c-posix-io"));
}

PosixBackend::~PosixBackend()
{
    m_pool.clear();
    m_pool.waitForDone();
}

QString PosixBackend::name() const
{
    return m_name;
}

bool PosixBackend::isReadOnly() const
{
    return m_options.readOnly;
}

template <class T> void PosixBackend::runOnPool(Work<T> work, std::function<void(Result<T>)> then)
{
    auto *watcher = new QFutureWatcher<Result<T>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, then = std::move(then)] {
        Result<T> result = watcher->result();
        watcher->deleteLater();
        then(std::move(result));
    });
    // The task holds the core, not the backend: it may outlive the backend by a few ms.
    watcher->setFuture(QtConcurrent::run(&m_pool, [core = m_core, work = std::move(work)]() -> Result<T> {
        Status ready = core->ensureReady();
        if (!ready)
            return ready.failure();
        return work(*core);
    }));
}

template <class T> void PosixBackend::answerLater(Callback<T> done, Result<T> result)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result = std::move(result)] { done(result); }, Qt::QueuedConnection);
}

template <class T>
void PosixBackend::ingest(BodyStream *body, std::function<Status(PosixCore &)> check,
                          std::function<Result<T>(PosixCore &, AtomicFileWriter &)> commit, Callback<T> done)
{
    using WriterPtr = std::shared_ptr<AtomicFileWriter>;
    Work<WriterPtr> prepare = [check = std::move(check)](PosixCore &core) -> Result<WriterPtr> {
        Status ok = check(core);
        if (!ok)
            return ok.failure();
        WriterPtr writer = core.newWriter();
        Status opened = writer->open();
        if (!opened)
            return opened.failure();
        return writer;
    };
    // The body may be destroyed (client gone) while the temp file is being opened on the pool.
    QPointer<BodyStream> guardedBody(body);
    runOnPool<WriterPtr>(
        std::move(prepare), [this, guardedBody, commit = std::move(commit), done](Result<WriterPtr> writer) {
            if (!writer) {
                done(writer.failure());
                return;
            }
            auto onBody = [this, writer = *writer, commit, done](Status received) {
                if (!received) {
                    done(received.failure());
                    return;
                }
                runOnPool<T>([writer, commit](PosixCore &core) { return commit(core, *writer); }, done);
            };
            (new BodyIngest(guardedBody.data(), *writer, std::move(onBody), this))->start();
        });
}

std::optional<Failure> PosixBackend::checkWrite(const QString &bucket, const QString *key) const
{
    if (m_options.readOnly)
        return Failure{S3Error::AccessDenied, QStringLiteral("This backend is read-only")};
    Status valid = PosixPaths::checkBucket(bucket);
    if (valid && key)
        valid = PosixPaths::checkKey(*key);
    if (!valid)
        return valid.failure();
    return std::nullopt;
}

std::optional<Failure> PosixBackend::checkObject(const QString &bucket, const QString &key)
{
    Status valid = PosixPaths::checkBucket(bucket);
    if (valid)
        valid = PosixPaths::checkKey(key);
    if (!valid)
        return valid.failure();
    return std::nullopt;
}

// --- buckets -------------------------------------------------------------------------------

void PosixBackend::listBuckets(Callback<QList<BucketInfo>> done)
{
    runOnPool<QList<BucketInfo>>(
        [](PosixCore &core) { return Result<QList<BucketInfo>>(PosixBuckets(core).list()); },
        std::move(done));
}

void PosixBackend::createBucket(const QString &bucket, Callback<Done> done)
{
    if (auto failure = checkWrite(bucket))
        return answerLater<Done>(std::move(done), *failure);
    runOnPool<Done>([bucket](PosixCore &core) { return PosixBuckets(core).create(bucket); }, std::move(done));
}

void PosixBackend::deleteBucket(const QString &bucket, Callback<Done> done)
{
    if (auto failure = checkWrite(bucket))
        return answerLater<Done>(std::move(done), *failure);
    runOnPool<Done>([bucket](PosixCore &core) { return PosixBuckets(core).remove(bucket); }, std::move(done));
}

void PosixBackend::headBucket(const QString &bucket, Callback<BucketInfo> done)
{
    if (!PosixPaths::checkBucket(bucket))
        return answerLater<BucketInfo>(std::move(done), Failure{S3Error::NoSuchBucket, {}});
    runOnPool<BucketInfo>([bucket](PosixCore &core) { return PosixBuckets(core).head(bucket); },
                          std::move(done));
}

void PosixBackend::getBucketCors(const QString &bucket, Callback<QByteArray> done)
{
    if (!PosixPaths::checkBucket(bucket))
        return answerLater<QByteArray>(std::move(done), Failure{S3Error::NoSuchBucket, {}});
    runOnPool<QByteArray>([bucket](PosixCore &core) { return PosixBuckets(core).cors(bucket); }, std::move(done));
}

void PosixBackend::putBucketCors(const QString &bucket, const QByteArray &xml, Callback<Done> done)
{
    if (auto failure = checkWrite(bucket))
        return answerLater<Done>(std::move(done), *failure);
    runOnPool<Done>([bucket, xml](PosixCore &core) { return PosixBuckets(core).putCors(bucket, xml); },
                    std::move(done));
}

void PosixBackend::deleteBucketCors(const QString &bucket, Callback<Done> done)
{
    if (auto failure = checkWrite(bucket))
        return answerLater<Done>(std::move(done), *failure);
    runOnPool<Done>([bucket](PosixCore &core) { return PosixBuckets(core).removeCors(bucket); }, std::move(done));
}

// --- objects -------------------------------------------------------------------------------

void PosixBackend::getObject(const GetObjectRequest &request, Callback<GetObjectResult> done)
{
    if (auto failure = checkObject(request.bucket, request.key))
        return answerLater<GetObjectResult>(std::move(done), *failure);
    QThread *receiver = thread();
    if (m_options.inlineLookups) {
        Status ready = m_core->ensureReady();
        Result<GetObjectResult> got = ready ? PosixObjects(*m_core).get(request, receiver)
                                            : Result<GetObjectResult>(ready.failure());
        // The holder owns the file until the callback hands it over (or deletes it if the
        // callback never runs because the backend went first).
        auto holder = std::make_shared<DeviceHolder>();
        if (got)
            holder->device = got->body;
        QMetaObject::invokeMethod(
            this,
            [done = std::move(done), got = std::move(got), holder]() mutable {
                if (!got)
                    return done(got.failure());
                got->body = holder->release();
                done(std::move(got.value()));
            },
            Qt::QueuedConnection);
        return;
    }
    runOnPool<GetHandoff>(
        [request, receiver](PosixCore &core) -> Result<GetHandoff> {
            Result<GetObjectResult> got = PosixObjects(core).get(request, receiver);
            if (!got)
                return got.failure();
            auto holder = std::make_shared<DeviceHolder>();
            holder->device = got->body;
            return GetHandoff{got->info, got->range, holder};
        },
        [done = std::move(done)](Result<GetHandoff> handoff) {
            if (!handoff)
                return done(handoff.failure());
            done(GetObjectResult{handoff->info, handoff->range, handoff->body->release()});
        });
}

void PosixBackend::putObject(const PutObjectRequest &request, Callback<ObjectInfo> done)
{
    if (auto failure = checkWrite(request.bucket, &request.key))
        return answerLater<ObjectInfo>(std::move(done), *failure);
    PutObjectRequest meta = request;
    meta.body = nullptr;
    ingest<ObjectInfo>(
        request.body, [bucket = request.bucket](PosixCore &core) { return core.checkBucketExists(bucket); },
        [meta](PosixCore &core, AtomicFileWriter &writer) {
            return PosixObjects(core).commitPut(writer, meta);
        },
        std::move(done));
}

void PosixBackend::deleteObject(const QString &bucket, const QString &key, Callback<Done> done)
{
    if (auto failure = checkWrite(bucket, &key))
        return answerLater<Done>(std::move(done), *failure);
    runOnPool<Done>([bucket, key](PosixCore &core) { return PosixObjects(core).remove(bucket, key); },
                    std::move(done));
}

void PosixBackend::copyObject(const CopyObjectRequest &request, Callback<ObjectInfo> done)
{
    std::optional<Failure> failure = checkWrite(request.bucket, &request.key);
    if (!failure)
        failure = checkObject(request.sourceBucket, request.sourceKey);
    if (failure)
        return answerLater<ObjectInfo>(std::move(done), *failure);
    runOnPool<ObjectInfo>([request](PosixCore &core) { return PosixObjects(core).copy(request); },
                          std::move(done));
}

void PosixBackend::getObjectTagging(const QString &bucket, const QString &key, Callback<ObjectTags> done)
{
    if (auto failure = checkObject(bucket, key))
        return answerLater<ObjectTags>(std::move(done), *failure);
    runOnPool<ObjectTags>([bucket, key](PosixCore &core) { return PosixObjects(core).tags(bucket, key); },
                          std::move(done));
}

void PosixBackend::putObjectTagging(const QString &bucket, const QString &key, const ObjectTags &tags,
                                    Callback<Done> done)
{
    if (auto failure = checkWrite(bucket, &key))
        return answerLater<Done>(std::move(done), *failure);
    runOnPool<Done>(
        [bucket, key, tags](PosixCore &core) { return PosixObjects(core).setTags(bucket, key, tags); },
        std::move(done));
}

void PosixBackend::listObjects(const ListObjectsRequest &request, Callback<ListObjectsResult> done)
{
    Status valid = PosixPaths::checkBucket(request.bucket);
    if (!valid)
        return answerLater<ListObjectsResult>(std::move(done), valid.failure());
    runOnPool<ListObjectsResult>([request](PosixCore &core) { return PosixLister(core).list(request); },
                                 std::move(done));
}

// --- multipart -----------------------------------------------------------------------------

namespace {

std::optional<Failure> checkPartNumber(int partNumber)
{
    if (partNumber < 1 || partNumber > PosixMultipart::MaxPartNumber)
        return Failure{S3Error::InvalidArgument,
                       QStringLiteral("Part number must be an integer between 1 and 10000, inclusive")};
    return std::nullopt;
}

} // namespace

void PosixBackend::createMultipartUpload(const MultipartUpload &upload, Callback<MultipartUpload> done)
{
    if (auto failure = checkWrite(upload.bucket, &upload.key))
        return answerLater<MultipartUpload>(std::move(done), *failure);
    runOnPool<MultipartUpload>([upload](PosixCore &core) { return PosixMultipart(core).create(upload); },
                               std::move(done));
}

void PosixBackend::uploadPart(const UploadPartRequest &request, Callback<PartInfo> done)
{
    std::optional<Failure> failure = checkWrite(request.bucket, &request.key);
    if (!failure)
        failure = checkPartNumber(request.partNumber);
    if (failure)
        return answerLater<PartInfo>(std::move(done), *failure);
    UploadPartRequest meta = request;
    meta.body = nullptr;
    ingest<PartInfo>(
        request.body,
        [meta](PosixCore &core) -> Status {
            Status bucket = core.checkBucketExists(meta.bucket);
            if (!bucket)
                return bucket;
            Result<MultipartUpload> upload = PosixMultipart(core).load(meta.bucket, meta.key, meta.uploadId);
            if (!upload)
                return upload.failure();
            return Done{};
        },
        [meta](PosixCore &core, AtomicFileWriter &writer) {
            return PosixMultipart(core).commitPart(writer, meta);
        },
        std::move(done));
}

void PosixBackend::uploadPartCopy(const UploadPartCopyRequest &request, Callback<PartInfo> done)
{
    std::optional<Failure> failure = checkWrite(request.bucket, &request.key);
    if (!failure)
        failure = checkPartNumber(request.partNumber);
    if (!failure)
        failure = checkObject(request.sourceBucket, request.sourceKey);
    if (failure)
        return answerLater<PartInfo>(std::move(done), *failure);
    runOnPool<PartInfo>(
        [request](PosixCore &core) -> Result<PartInfo> {
            Status bucket = core.checkBucketExists(request.bucket);
            if (!bucket)
                return bucket.failure();
            return PosixMultipart(core).copyPart(request);
        },
        std::move(done));
}

void PosixBackend::completeMultipartUpload(const QString &bucket, const QString &key, const QString &uploadId,
                                           const QList<CompletedPart> &parts, Callback<ObjectInfo> done,
                                           const WriteConditions &conditions)
{
    if (auto failure = checkWrite(bucket, &key))
        return answerLater<ObjectInfo>(std::move(done), *failure);
    runOnPool<ObjectInfo>(
        [bucket, key, uploadId, parts, conditions](PosixCore &core) -> Result<ObjectInfo> {
            Status exists = core.checkBucketExists(bucket);
            if (!exists)
                return exists.failure();
            return PosixMultipart(core).complete(bucket, key, uploadId, parts, conditions);
        },
        std::move(done));
}

void PosixBackend::abortMultipartUpload(const QString &bucket, const QString &key, const QString &uploadId,
                                        Callback<Done> done)
{
    if (auto failure = checkWrite(bucket, &key))
        return answerLater<Done>(std::move(done), *failure);
    runOnPool<Done>([bucket, key,
                     uploadId](PosixCore &core) { return PosixMultipart(core).abort(bucket, key, uploadId); },
                    std::move(done));
}

void PosixBackend::listParts(const ListPartsRequest &request, Callback<ListPartsResult> done)
{
    if (auto failure = checkObject(request.bucket, request.key))
        return answerLater<ListPartsResult>(std::move(done), *failure);
    runOnPool<ListPartsResult>([request](PosixCore &core) { return PosixMultipart(core).listParts(request); },
                               std::move(done));
}

void PosixBackend::listMultipartUploads(const ListUploadsRequest &request, Callback<ListUploadsResult> done)
{
    Status valid = PosixPaths::checkBucket(request.bucket);
    if (!valid)
        return answerLater<ListUploadsResult>(std::move(done), valid.failure());
    runOnPool<ListUploadsResult>(
        [request](PosixCore &core) { return PosixMultipart(core).listUploads(request); }, std::move(done));
}

} // namespace s3c
