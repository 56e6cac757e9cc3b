#include "MultiBackend.h"

#include "FallbackCopy.h"
#include "FanOut.h"
#include "MultiCore.h"
#include "MultiDelete.h"
#include "MultiListing.h"
#include "HealthProber.h"
#include "ReadCascade.h"
#include "ResumingBody.h"
#include "http/BodyStream.h"
#include "ReadPlan.h"
#include "stats/Statistics.h"

#include <QIODevice>

namespace s3c {

MultiBackend::MultiBackend(const QList<Backend *> &backends, const MultiOptions &options, QObject *parent)
    : MultiBackend(backends, options, std::shared_ptr<CascadeState>(), parent)
{
}

MultiBackend::MultiBackend(const QList<Backend *> &backends, const MultiOptions &options,
                           std::shared_ptr<Statistics> stats, std::shared_ptr<MonotonicClock> clock,
                           QObject *parent)
    : MultiBackend(
          backends, options,
          CascadeState::create(MultiCore::namesOf(backends), options, std::move(stats), std::move(clock)),
          parent)
{
}

MultiBackend::MultiBackend(const QList<Backend *> &backends, const MultiOptions &options,
                           std::shared_ptr<CascadeState> state, QObject *parent)
    : Backend(parent), m_core(std::make_shared<MultiCore>(backends, options, std::move(state)))
{
    if (options.health.prober)
        m_prober = new HealthProber(m_core, this);
}

MultiBackend::~MultiBackend()
{
    m_core->retire(); // its backends go with it (GatewayLane); copies in flight must let go
}

std::shared_ptr<Statistics> MultiBackend::statistics() const
{
    return m_core->sharedStats();
}

int MultiBackend::backendCount() const
{
    return m_core->count();
}

Backend *MultiBackend::backendAt(int index) const
{
    return m_core->backend(index);
}

bool MultiBackend::isEjected(int index) const
{
    return m_core->detector().isEjected(index);
}

QString MultiBackend::name() const
{
    return QStringLiteral("multi");
}

bool MultiBackend::isReadOnly() const
{
    return m_core->primary()->isReadOnly();
}

// --- Reads: cascade in order ---------------------------------------------------------------

namespace {

// One cascade for GET/HEAD over what the read caches leave to ask (ReadPlan: which answers may
// come from cached knowledge, and why a stale entry costs a retry, never a wrong answer).
void cascadeGet(const std::shared_ptr<MultiCore> &core, const GetObjectRequest &request, ReadPlan::Use use,
                qint64 started, Callback<GetObjectResult> done)
{
    const QString op = request.headOnly ? QStringLiteral("HeadObject") : QStringLiteral("GetObject");
    auto plan = std::make_shared<ReadPlan>(core->sharedLocations(), core->sharedMisses(), core->count(),
                                           request.bucket, request.key, use);
    if (plan->answeredFromCache()) {
        // Every backend said not-found within the TTL; still answered later, never inside the call.
        MultiCore::post([core, request, plan, op, started, done] {
            const Failure verdict = plan->cachedNotFound();
            core->recordRequest(op, request.bucket, request.key, httpStatus(verdict.error), {}, started, 0);
            done(verdict);
        });
        return;
    }
    auto served = std::make_shared<GetObjectResult>();
    ReadCascade::run(
        core, plan->candidates(),
        [core, request, served, plan](int backend, ReadCascade::Report answered) {
            // Every answer teaches the caches, also a hedge's that lost (plan->learn).
            ReadCascade::Report report = [plan, backend, answered](const Failure *failure) {
                plan->learn(backend, failure);
                return answered(failure);
            };
            core->backend(backend)->getObject(request, [served, report](Result<GetObjectResult> r) {
                if (!r.ok()) {
                    report(&r.failure());
                    return;
                }
                *served = std::move(r.value());
                if (!report(nullptr)) {
                    // A hedged read that lost: its body (and the connection under it) goes.
                    delete served->body;
                    served->body = nullptr;
                }
            });
        },
        [core, request, served, started, done, plan, op](int backend, int, const Failure *failure,
                                                         bool earlierMissed) {
            if (plan->finish(backend, failure, earlierMissed) == ReadPlan::Next::Retry) {
                cascadeGet(core, request, plan->retryUse(), started, done);
                return;
            }
            const QString by = backend >= 0 ? core->name(backend) : QString();
            if (failure) {
                const Failure answer = backend >= 0 ? *failure : plan->verdict(*failure);
                core->recordRequest(op, request.bucket, request.key, httpStatus(answer.error), by, started,
                                    0);
                done(answer);
                return;
            }
            GetObjectResult result = std::move(*served);
            result.servedBy = by;
            // Should the body break mid-stream, another holder of the same object carries on
            // (issue #11); when none can, the HTTP layer aborts the connection (issue #3).
            ResumingBody::wrap(core, request, backend, plan->depthOffset(), earlierMissed, result);
            const qint64 bytes = !result.body ? 0 : result.range ? result.range->length() : result.info.size;
            core->stats().backend(backend).addBytesOut(bytes);
            core->recordRequest(op, request.bucket, request.key, result.range ? 206 : 200, by, started,
                                bytes);
            if (backend > 0) // copy-on-read: books a copy into the primary, never delays this answer
                core->promoter().offer(core, request.bucket, request.key, backend, result.info, result.body);
            done(std::move(result));
        },
        plan->depthOffset());
}

} // namespace

void MultiBackend::getObject(const GetObjectRequest &request, Callback<GetObjectResult> done)
{
    cascadeGet(m_core, request, ReadPlan::Use::Everything, m_core->now(), std::move(done));
}

void MultiBackend::headBucket(const QString &bucket, Callback<BucketInfo> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    auto served = std::make_shared<BucketInfo>();
    ReadCascade::run(
        core, core->range(),
        [core, bucket, served](int backend, ReadCascade::Report report) {
            core->backend(backend)->headBucket(bucket, [served, report](Result<BucketInfo> r) {
                if (r.ok())
                    *served = r.value();
                report(r.ok() ? nullptr : &r.failure()); // a late answer is simply not used
            });
        },
        [core, bucket, served, started, done](int backend, int, const Failure *failure, bool) {
            const QString by = backend >= 0 ? core->name(backend) : QString();
            core->recordRequest(QStringLiteral("HeadBucket"), bucket, {},
                                failure ? httpStatus(failure->error) : 200, by, started, 0);
            if (failure)
                done(*failure);
            else
                done(*served);
        });
}

void MultiBackend::getBucketCors(const QString &bucket, Callback<QByteArray> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    auto served = std::make_shared<QByteArray>();
    ReadCascade::run(
        core, core->range(),
        [core, bucket, served](int backend, ReadCascade::Report report) {
            core->backend(backend)->getBucketCors(bucket, [served, report](Result<QByteArray> r) {
                if (r.ok())
                    *served = r.value();
                report(r.ok() ? nullptr : &r.failure());
            });
        },
        [core, bucket, served, started, done](int backend, int, const Failure *failure, bool) {
            const QString by = backend >= 0 ? core->name(backend) : QString();
            core->recordRequest(QStringLiteral("GetBucketCors"), bucket, {},
                                failure ? httpStatus(failure->error) : 200, by, started, 0);
            if (failure)
                done(*failure);
            else
                done(*served);
        });
}

void MultiBackend::getObjectTagging(const QString &bucket, const QString &key, Callback<ObjectTags> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    auto served = std::make_shared<ObjectTags>();
    ReadCascade::run(
        core, core->range(),
        [core, bucket, key, served](int backend, ReadCascade::Report report) {
            core->backend(backend)->getObjectTagging(bucket, key, [served, report](Result<ObjectTags> r) {
                if (r.ok())
                    *served = r.value();
                report(r.ok() ? nullptr : &r.failure());
            });
        },
        [core, bucket, key, served, started, done](int backend, int, const Failure *failure, bool) {
            const QString by = backend >= 0 ? core->name(backend) : QString();
            core->recordRequest(QStringLiteral("GetObjectTagging"), bucket, key,
                                failure ? httpStatus(failure->error) : 200, by, started, 0);
            if (failure)
                done(*failure);
            else
                done(*served);
        });
}

void MultiBackend::listBuckets(Callback<QList<BucketInfo>> done)
{
    MultiListing::listBuckets(m_core, std::move(done));
}

void MultiBackend::listObjects(const ListObjectsRequest &request, Callback<ListObjectsResult> done)
{
    MultiListing::listObjects(m_core, request, std::move(done));
}

// --- Writes: the primary only ----------------------------------------------------------------

void MultiBackend::createBucket(const QString &bucket, Callback<Done> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->createBucket(bucket, [core, bucket, started, done](Status r) {
        done(core->settle(std::move(r), QStringLiteral("CreateBucket"), bucket, {}, started));
    });
}

void MultiBackend::deleteBucket(const QString &bucket, Callback<Done> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->deleteBucket(bucket, [core, bucket, started, done](Status r) {
        done(core->settle(std::move(r), QStringLiteral("DeleteBucket"), bucket, {}, started, 204));
    });
}

void MultiBackend::putBucketCors(const QString &bucket, const QByteArray &xml, Callback<Done> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->putBucketCors(bucket, xml, [core, bucket, started, done](Status r) {
        done(core->settle(std::move(r), QStringLiteral("PutBucketCors"), bucket, {}, started));
    });
}

void MultiBackend::deleteBucketCors(const QString &bucket, Callback<Done> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->deleteBucketCors(bucket, [core, bucket, started, done](Status r) {
        done(core->settle(std::move(r), QStringLiteral("DeleteBucketCors"), bucket, {}, started, 204));
    });
}

void MultiBackend::putObject(const PutObjectRequest &request, Callback<ObjectInfo> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    const QPointer<BodyStream> body(request.body);
    core->primary()->putObject(request, [core, request, started, done, body](Result<ObjectInfo> r) {
        const qint64 size = r.ok() ? r->size : 0;
        done(core->settle(std::move(r), QStringLiteral("PutObject"), request.bucket, request.key, started,
                          200, size, MultiCore::bodyFailed(body, request.body != nullptr)));
    });
}

void MultiBackend::copyObject(const CopyObjectRequest &request, Callback<ObjectInfo> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->copyObject(request, [core, request, started, done](Result<ObjectInfo> r) {
        // The primary lacks the source (or its bucket): a fallback may hold it.
        if (!r.ok() && core->count() > 1 && cascadeOutcome(r.failure()) == CascadeOutcome::NotFound) {
            core->recordCall(0, BackendOperation::Write, &r.failure(), started);
            FallbackCopy::copyObject(core, request, r.failure(), started, done);
            return;
        }
        const qint64 size = r.ok() ? r->size : 0;
        done(core->settle(std::move(r), QStringLiteral("CopyObject"), request.bucket, request.key, started,
                          200, size));
    });
}

void MultiBackend::deleteObject(const QString &bucket, const QString &key, Callback<Done> done)
{
    // Copy-on-read must not bring the key back from a fallback while this delete runs.
    if (auto deleting = m_core->promoter().deleting(bucket, key))
        done = [deleting, inner = std::move(done)](Status r) { inner(std::move(r)); };
    if (m_core->options().deletePolicy == MultiOptions::DeletePolicy::All && m_core->count() > 1) {
        MultiDelete::run(m_core, bucket, key, std::move(done));
        return;
    }
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->deleteObject(bucket, key, [core, bucket, key, started, done](Status r) {
        done(core->settle(std::move(r), QStringLiteral("DeleteObject"), bucket, key, started, 204));
    });
}

void MultiBackend::putObjectTagging(const QString &bucket, const QString &key, const ObjectTags &tags,
                                    Callback<Done> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->putObjectTagging(bucket, key, tags, [core, bucket, key, tags, started, done](Status r) {
        const QString op = tags.isEmpty() ? QStringLiteral("DeleteObjectTagging") : QStringLiteral("PutObjectTagging");
        done(core->settle(std::move(r), op, bucket, key, started));
    });
}

// --- Multipart: the upload lives on the primary -------------------------------------------------

void MultiBackend::createMultipartUpload(const MultipartUpload &upload, Callback<MultipartUpload> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->createMultipartUpload(upload, [core, upload, started, done](Result<MultipartUpload> r) {
        done(core->settle(std::move(r), QStringLiteral("CreateMultipartUpload"), upload.bucket, upload.key,
                          started));
    });
}

void MultiBackend::uploadPart(const UploadPartRequest &request, Callback<PartInfo> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    const QPointer<BodyStream> body(request.body);
    core->primary()->uploadPart(request, [core, request, started, done, body](Result<PartInfo> r) {
        const qint64 size = r.ok() ? r->size : 0;
        done(core->settle(std::move(r), QStringLiteral("UploadPart"), request.bucket, request.key, started,
                          200, size, MultiCore::bodyFailed(body, request.body != nullptr)));
    });
}

void MultiBackend::uploadPartCopy(const UploadPartCopyRequest &request, Callback<PartInfo> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->uploadPartCopy(request, [core, request, started, done](Result<PartInfo> r) {
        if (!r.ok() && core->count() > 1 && cascadeOutcome(r.failure()) == CascadeOutcome::NotFound) {
            core->recordCall(0, BackendOperation::Write, &r.failure(), started);
            FallbackCopy::uploadPartCopy(core, request, r.failure(), started, done);
            return;
        }
        const qint64 size = r.ok() ? r->size : 0;
        done(core->settle(std::move(r), QStringLiteral("UploadPartCopy"), request.bucket, request.key,
                          started, 200, size));
    });
}

void MultiBackend::completeMultipartUpload(const QString &bucket, const QString &key, const QString &uploadId,
                                           const QList<CompletedPart> &parts, Callback<ObjectInfo> done,
                                           const WriteConditions &conditions)
{
    auto core = m_core;
    const qint64 started = core->now();
    // Like every write, the condition is the primary's to judge: it holds what was written.
    core->primary()->completeMultipartUpload(
        bucket, key, uploadId, parts,
        [core, bucket, key, started, done](Result<ObjectInfo> r) {
            done(core->settle(std::move(r), QStringLiteral("CompleteMultipartUpload"), bucket, key, started));
        },
        conditions);
}

void MultiBackend::abortMultipartUpload(const QString &bucket, const QString &key, const QString &uploadId,
                                        Callback<Done> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->abortMultipartUpload(
        bucket, key, uploadId, [core, bucket, key, started, done](Status r) {
            done(core->settle(std::move(r), QStringLiteral("AbortMultipartUpload"), bucket, key, started,
                              204));
        });
}

void MultiBackend::listParts(const ListPartsRequest &request, Callback<ListPartsResult> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->listParts(request, [core, request, started, done](Result<ListPartsResult> r) {
        done(core->settle(std::move(r), QStringLiteral("ListParts"), request.bucket, request.key, started));
    });
}

void MultiBackend::listMultipartUploads(const ListUploadsRequest &request, Callback<ListUploadsResult> done)
{
    auto core = m_core;
    const qint64 started = core->now();
    core->primary()->listMultipartUploads(request, [core, request, started,
                                                    done](Result<ListUploadsResult> r) {
        done(core->settle(std::move(r), QStringLiteral("ListMultipartUploads"), request.bucket, {}, started));
    });
}

} // namespace s3c
