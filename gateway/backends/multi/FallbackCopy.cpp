#include "FallbackCopy.h"

#include "MultiCore.h"
#include "ReadCascade.h"
#include "SourceBodyStream.h"
#include "backends/Backend.h"
#include "backends/Preconditions.h"
#include "stats/Statistics.h"

#include <QIODevice>

namespace s3c {

namespace {

qint64 lengthOf(const GetObjectResult &object)
{
    return object.range ? object.range->length() : object.info.size;
}

// The new object's metadata: the source's (COPY directive) or the request's (REPLACE).
// Checksums are left out: the primary computes its own from the bytes it receives.
ObjectInfo copiedMeta(const CopyObjectRequest &request, const ObjectInfo &source)
{
    ObjectInfo meta = request.replaceMetadata ? request.meta : source;
    meta.key = request.key;
    meta.checksums.clear();
    meta.partsCount = 0;
    return meta;
}

} // namespace

void FallbackCopy::findSource(const std::shared_ptr<MultiCore> &core, const GetObjectRequest &request,
                              const Conditions &conditions, const Failure &primaryMiss, SourceCallback done)
{
    auto found = std::make_shared<Source>();
    ReadCascade::run(
        core, core->range(1),
        [core, request, found](int backend, ReadCascade::Report report) {
            core->backend(backend)->getObject(request, [found, report](Result<GetObjectResult> r) {
                if (r.ok())
                    found->object = std::move(r.value());
                report(r.ok() ? nullptr : &r.failure());
            });
        },
        [found, conditions, primaryMiss, done](int backend, int, const Failure *failure) {
            if (backend < 0) {
                // Every fallback said not found too: the primary's own answer stands.
                done(failure->error == S3Error::ServiceUnavailable ? *failure : primaryMiss);
                return;
            }
            if (failure) {
                done(*failure);
                return;
            }
            found->backend = backend;
            const S3Error check = evaluatePreconditions(conditions, found->object.info, true);
            if (check != S3Error::None) {
                delete found->object.body;
                done(Failure{check, {}});
                return;
            }
            done(std::move(*found));
        });
}

std::optional<Failure> FallbackCopy::sourceBroke(const std::shared_ptr<MultiCore> &core, int backend,
                                                 const BodyStream &stream, const Failure &primaryAnswer,
                                                 qint64 startedUs)
{
    if (!stream.hasFailed())
        return std::nullopt;
    const Failure broke{S3Error::ServiceUnavailable,
                        QStringLiteral("The backend holding the copy source failed during the copy."),
                        FailureCause::Reset};
    core->recordCall(backend, &broke, startedUs);
    core->recordCall(0, &primaryAnswer, startedUs, -1, true); // it only refused a broken body
    return broke;
}

void FallbackCopy::copyObject(const std::shared_ptr<MultiCore> &core, const CopyObjectRequest &request,
                              const Failure &primaryMiss, qint64 startedUs, Callback<ObjectInfo> done)
{
    GetObjectRequest get;
    get.bucket = request.sourceBucket;
    get.key = request.sourceKey;
    findSource(core, get, request.sourceConditions, primaryMiss, [core, request, startedUs, done](Result<Source> src) {
        const QString op = QStringLiteral("CopyObject");
        if (!src.ok()) {
            core->recordRequest(op, request.bucket, request.key, httpStatus(src.error()), {}, startedUs, 0);
            done(src.failure());
            return;
        }
        const int from = src->backend;
        const qint64 length = lengthOf(src->object);
        core->stats().backend(from).addBytesOut(length);
        auto *stream = new SourceBodyStream(src->object.body, length);
        PutObjectRequest put;
        put.bucket = request.bucket;
        put.key = request.key;
        put.meta = copiedMeta(request, src->object.info);
        put.body = stream;
        const qint64 writeStarted = core->now();
        core->primary()->putObject(put, [core, request, stream, from, startedUs, writeStarted, done](Result<ObjectInfo> r) {
            stream->deleteLater();
            if (!r.ok()) {
                if (auto broke = sourceBroke(core, from, *stream, r.failure(), writeStarted)) {
                    core->recordRequest(QStringLiteral("CopyObject"), request.bucket, request.key, 503, {}, startedUs, 0);
                    done(*broke);
                    return;
                }
            }
            const qint64 size = r.ok() ? r->size : 0;
            done(core->settle(std::move(r), QStringLiteral("CopyObject"), request.bucket, request.key, startedUs, 200,
                              size));
        });
    });
}

void FallbackCopy::uploadPartCopy(const std::shared_ptr<MultiCore> &core, const UploadPartCopyRequest &request,
                                  const Failure &primaryMiss, qint64 startedUs, Callback<PartInfo> done)
{
    GetObjectRequest get;
    get.bucket = request.sourceBucket;
    get.key = request.sourceKey;
    if (request.sourceRange)
        get.range = RangeSpec{request.sourceRange->first, request.sourceRange->last, -1};
    findSource(core, get, request.sourceConditions, primaryMiss, [core, request, startedUs, done](Result<Source> src) {
        const QString op = QStringLiteral("UploadPartCopy");
        if (!src.ok()) {
            core->recordRequest(op, request.bucket, request.key, httpStatus(src.error()), {}, startedUs, 0);
            done(src.failure());
            return;
        }
        const int from = src->backend;
        const qint64 length = lengthOf(src->object);
        core->stats().backend(from).addBytesOut(length);
        auto *stream = new SourceBodyStream(src->object.body, length);
        UploadPartRequest part;
        part.bucket = request.bucket;
        part.key = request.key;
        part.uploadId = request.uploadId;
        part.partNumber = request.partNumber;
        part.body = stream;
        const qint64 writeStarted = core->now();
        core->primary()->uploadPart(part, [core, request, stream, from, startedUs, writeStarted, done](Result<PartInfo> r) {
            stream->deleteLater();
            if (!r.ok()) {
                if (auto broke = sourceBroke(core, from, *stream, r.failure(), writeStarted)) {
                    core->recordRequest(QStringLiteral("UploadPartCopy"), request.bucket, request.key, 503, {}, startedUs, 0);
                    done(*broke);
                    return;
                }
            }
            const qint64 size = r.ok() ? r->size : 0;
            done(core->settle(std::move(r), QStringLiteral("UploadPartCopy"), request.bucket, request.key, startedUs,
                              200, size));
        });
    });
}

} // namespace s3c
