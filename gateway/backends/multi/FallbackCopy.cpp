#include "FallbackCopy.h"

#include "MultiCore.h"
#include "ReadCascade.h"
#include "SourceBodyStream.h"
#include "backends/Backend.h"
#include "backends/Preconditions.h"
#include "stats/Statistics.h"

#include <QIODevice>
#include <QPointer>

namespace s3c {

namespace {

qint64 lengthOf(const GetObjectResult &object)
{
    return object.range ? object.range->length() : object.info.size;
}

// The new object's metadata: the source's (COPY directive) or the request's (REPLACE).
ObjectInfo copiedMeta(const CopyObjectRequest &request, const ObjectInfo &source)
{
    ObjectInfo meta =
        FallbackCopy::storableMeta(request.replaceMetadata ? request.meta : source, request.key);
    // Tags follow x-amz-tagging-directive.
    meta.tags = request.replaceTags ? request.tags : source.tags;
    return meta;
}

} // namespace

ObjectInfo FallbackCopy::storableMeta(ObjectInfo meta, const QString &key)
{
    meta.key = key;
    meta.checksums.clear();
    meta.partsCount = 0;
    meta.partSizes.clear();
    // x-amz-tagging-count describes the source's tags; it must not reach the primary as a stored header.
    meta.headers.removeIf([](const QPair<QByteArray, QByteArray> &h) { return h.first == "x-amz-tagging-count"; });
    return meta;
}

void FallbackCopy::putWithSourceTags(const std::shared_ptr<MultiCore> &core, int from,
                                     const QString &sourceBucket, const QString &sourceKey,
                                     const ObjectInfo &source, PutObjectRequest put,
                                     Callback<ObjectInfo> written)
{
    bool counted = false;
    for (const auto &[name, value] : source.headers)
        counted = counted || (name == "x-amz-tagging-count" && value.toInt() > 0);
    put.meta.tags = source.tags;
    if (!source.tags.isEmpty() || !counted)
        return core->primary()->putObject(put, std::move(written));
    QPointer<BodyStream> guarded(put.body);
    core->backend(from)->getObjectTagging(
        sourceBucket, sourceKey,
        [core, put, guarded, written = std::move(written)](Result<ObjectTags> tags) mutable {
            if (!tags)
                return written(tags.failure());
            if (!guarded)
                return written(Failure{S3Error::InternalError, QStringLiteral("The copy source went away.")});
            put.meta.tags = tags.value();
            core->primary()->putObject(put, std::move(written));
        });
}

template <class T>
void FallbackCopy::run(const std::shared_ptr<MultiCore> &core, const GetObjectRequest &source,
                       const Conditions &conditions, const Failure &primaryMiss, Job<T> job)
{
    auto found = std::make_shared<GetObjectResult>();
    auto attempt = [core, source, found](int backend, ReadCascade::Report report) {
        core->backend(backend)->getObject(source, [found, report](Result<GetObjectResult> r) {
            if (!r.ok()) {
                report(&r.failure());
                return;
            }
            *found = std::move(r.value());
            if (!report(nullptr)) { // a hedged read that lost
                delete found->body;
                found->body = nullptr;
            }
        });
    };
    auto finish = [core, found, conditions, primaryMiss, job](int backend, int, const Failure *failure, bool) {
        std::optional<Failure> answer;
        if (backend < 0) // no fallback has it either: the primary's own answer, unless one failed
            answer = failure->error == S3Error::ServiceUnavailable ? *failure : primaryMiss;
        else if (failure)
            answer = *failure;
        else if (const S3Error check = evaluatePreconditions(conditions, found->info, true);
                 check != S3Error::None)
            answer = Failure{check, {}}; // copy-source conditions fail with 412, never 304
        if (!answer) {
            streamIntoPrimary(core, backend, std::move(*found), job);
            return;
        }
        delete found->body;
        core->recordRequest(job.operation, job.bucket, job.key, httpStatus(answer->error), {}, job.startedUs,
                            0);
        job.done(*answer);
    };
    ReadCascade::run(core, core->range(1), attempt, finish);
}

template <class T>
void FallbackCopy::streamIntoPrimary(const std::shared_ptr<MultiCore> &core, int from, GetObjectResult source,
                                     Job<T> job)
{
    const qint64 length = lengthOf(source);
    core->stats().backend(from).addBytesOut(length);
    auto *stream = new SourceBodyStream(source.body, length);
    source.body = nullptr;
    const qint64 writeStarted = core->now();
    job.write(from, stream, source, [core, from, stream, writeStarted, job](Result<T> r) {
        stream->deleteLater();
        if (!r.ok() && stream->hasFailed()) {
            // The source broke mid-stream: the fallback failed, not the client, and the primary
            // only refused a body it could not finish.
            const Failure broke{S3Error::ServiceUnavailable,
                                QStringLiteral("The backend holding the copy source failed during the copy."),
                                FailureCause::Reset};
            core->recordCall(from, BackendOperation::Read, &broke, writeStarted);
            core->recordCall(0, BackendOperation::Write, &r.failure(), writeStarted, -1, true);
            core->recordRequest(job.operation, job.bucket, job.key, httpStatus(broke.error), {},
                                job.startedUs, 0);
            job.done(broke);
            return;
        }
        const qint64 size = r.ok() ? job.size(r.value()) : 0;
        job.done(core->settle(std::move(r), job.operation, job.bucket, job.key, job.startedUs, 200, size));
    });
}

void FallbackCopy::copyObject(const std::shared_ptr<MultiCore> &core, const CopyObjectRequest &request,
                              const Failure &primaryMiss, qint64 startedUs, Callback<ObjectInfo> done)
{
    GetObjectRequest source;
    source.bucket = request.sourceBucket;
    source.key = request.sourceKey;
    Job<ObjectInfo> job{
        QStringLiteral("CopyObject"), request.bucket, request.key, startedUs, {}, {}, std::move(done)};
    job.write = [core, request](int from, BodyStream *body, const GetObjectResult &src,
                                Callback<ObjectInfo> written) {
        PutObjectRequest put;
        put.bucket = request.bucket;
        put.key = request.key;
        put.meta = copiedMeta(request, src.info);
        put.body = body;
        // The COPY directive needs the source's tags.
        if (request.replaceTags)
            return core->primary()->putObject(put, std::move(written));
        putWithSourceTags(core, from, request.sourceBucket, request.sourceKey, src.info, put,
                          std::move(written));
    };
    job.size = [](const ObjectInfo &info) { return info.size; };
    run(core, source, request.sourceConditions, primaryMiss, std::move(job));
}

void FallbackCopy::uploadPartCopy(const std::shared_ptr<MultiCore> &core,
                                  const UploadPartCopyRequest &request, const Failure &primaryMiss,
                                  qint64 startedUs, Callback<PartInfo> done)
{
    GetObjectRequest source;
    source.bucket = request.sourceBucket;
    source.key = request.sourceKey;
    if (request.sourceRange)
        source.range = RangeSpec{request.sourceRange->first, request.sourceRange->last, -1};
    Job<PartInfo> job{
        QStringLiteral("UploadPartCopy"), request.bucket, request.key, startedUs, {}, {}, std::move(done)};
    job.write = [core, request](int, BodyStream *body, const GetObjectResult &, Callback<PartInfo> written) {
        UploadPartRequest part;
        part.bucket = request.bucket;
        part.key = request.key;
        part.uploadId = request.uploadId;
        part.partNumber = request.partNumber;
        part.body = body;
        core->primary()->uploadPart(part, std::move(written));
    };
    job.size = [](const PartInfo &info) { return info.size; };
    run(core, source, request.sourceConditions, primaryMiss, std::move(job));
}

} // namespace s3c
