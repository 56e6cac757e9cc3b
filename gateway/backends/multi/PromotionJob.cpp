#include "PromotionJob.h"

#include "FallbackCopy.h"
#include "MultiCore.h"
#include "SourceBodyStream.h"
#include "backends/Backend.h"
#include "stats/Statistics.h"

#include <QLoggingCategory>

namespace s3c {

Q_DECLARE_LOGGING_CATEGORY(lcPromote)

using Outcome = PromotionCounters::Outcome;

namespace {

const QString kChanged = QStringLiteral("a write or delete of the key through the gateway came first");

} // namespace

void PromotionJob::start(const std::shared_ptr<MultiCore> &core, const PromotionTicket &ticket)
{
    (new PromotionJob(core, ticket))->begin();
}

PromotionJob::PromotionJob(const std::shared_ptr<MultiCore> &core, const PromotionTicket &ticket)
    : m_core(core), m_ticket(ticket), m_startedUs(core->now())
{
}

PromotionJob::~PromotionJob()
{
    // PromoteOnRead may queue calls to this job until it is released.
    if (!m_done)
        releaseSlot();
}

void PromotionJob::releaseSlot()
{
    const PromoteOnRead::Release released = m_core->promoter().release(m_ticket);
    if (released.next) {
        // The freed slot goes to the next copy waiting, whichever thread offered it: every
        // thread's MultiBackend has the same backends.
        const auto core = m_core;
        const PromotionTicket next = *released.next;
        MultiCore::post([core, next] { PromotionJob::start(core, next); });
    }
}

void PromotionJob::begin()
{
    if (m_core->isRetired())
        return finish(Outcome::Failed, QStringLiteral("the backend set was replaced"));
    if (!m_core->promoter().attach(m_ticket, this))
        return finish(Outcome::Changed, kChanged);
    m_primary = m_core->primary();
    m_source = m_core->backend(m_ticket.from);
    qCDebug(lcPromote, "copying %s/%s from %s into the primary (%lld bytes)", qUtf8Printable(m_ticket.bucket),
            qUtf8Printable(m_ticket.key), qUtf8Printable(m_core->name(m_ticket.from)),
            qlonglong(m_ticket.size));
    connect(m_primary, &QObject::destroyed, this, &PromotionJob::onBackendGone);
    connect(m_source, &QObject::destroyed, this, &PromotionJob::onBackendGone);
    // A second read, not a tee of the client's: the client's download keeps its own pace, and
    // If-Match makes this one the version the client saw (or none).
    GetObjectRequest request;
    request.bucket = m_ticket.bucket;
    request.key = m_ticket.key;
    request.conditions.ifMatch = m_ticket.etag;
    QPointer<PromotionJob> self(this);
    m_source->getObject(request, [self](Result<GetObjectResult> r) {
        if (self)
            self->onRead(std::move(r));
        else if (r.ok())
            delete r.value().body;
    });
}

void PromotionJob::onRead(Result<GetObjectResult> read)
{
    if (m_done) {
        if (read.ok())
            delete read.value().body;
        return;
    }
    m_core->recordCall(m_ticket.from, BackendOperation::Read, read.ok() ? nullptr : &read.failure(), m_startedUs);
    if (!read.ok()) {
        const S3Error error = read.failure().error;
        if (error == S3Error::NoSuchKey || error == S3Error::NoSuchBucket ||
            error == S3Error::PreconditionFailed)
            return finish(Outcome::Changed, QStringLiteral("the fallback's copy changed or went"));
        return finish(Outcome::Failed, read.failure().text());
    }
    GetObjectResult source = std::move(read.value());
    std::unique_ptr<QIODevice> body(source.body);
    source.body = nullptr;
    if (m_abandoned)
        return finish(Outcome::Changed, kChanged);
    if (source.info.size > m_core->promoter().options().maxBytes)
        return finish(Outcome::TooLarge, QStringLiteral("larger than promoteMaxBytes"));
    if (!body || source.range)
        return finish(Outcome::Failed, QStringLiteral("the fallback did not send the whole object"));
    if (!m_primary)
        return finish(Outcome::Failed, QStringLiteral("the backend set was replaced"));
    m_core->stats().backend(m_ticket.from).addBytesOut(source.info.size);
    m_stream = new SourceBodyStream(body.release(), source.info.size, this);
    PutObjectRequest put;
    put.bucket = m_ticket.bucket;
    put.key = m_ticket.key;
    put.meta = FallbackCopy::storableMeta(source.info, m_ticket.key);
    put.body = m_stream;
    // Create only: whatever the primary holds (a write since the read missed there) is newer
    // than this copy. The primary checks it atomically with the write.
    put.conditions.ifNoneMatch = true;
    m_ticket.size = source.info.size;
    m_writeStartedUs = m_core->now();
    QPointer<PromotionJob> self(this);
    FallbackCopy::putWithSourceTags(m_core, m_ticket.from, m_ticket.bucket, m_ticket.key, source.info, put,
                                    [self](Result<ObjectInfo> r) {
                                        if (self)
                                            self->onWritten(std::move(r));
                                    });
}

void PromotionJob::onWritten(Result<ObjectInfo> written)
{
    if (m_done)
        return;
    if (written.ok()) {
        m_core->recordCall(0, BackendOperation::Write, nullptr, m_writeStartedUs);
        m_core->stats().backend(0).addBytesIn(m_ticket.size);
        // Reads of the key start at the primary again.
        m_core->forgetKey(m_ticket.bucket, m_ticket.key);
        if (m_abandoned) // too late to stop (see PromoteOnRead)
            qCDebug(lcPromote,
                    "copy of %s/%s landed in the primary while a write or delete of it was under way",
                    qUtf8Printable(m_ticket.bucket), qUtf8Printable(m_ticket.key));
        return finish(Outcome::Copied, {}, m_ticket.size);
    }
    const Failure &failure = written.failure();
    if (m_abandoned) {
        m_core->recordCall(0, BackendOperation::Write, &failure, m_writeStartedUs, -1, true); // we broke the body, not the primary
        return finish(Outcome::Changed, kChanged);
    }
    if (m_stream && m_stream->hasFailed()) {
        const Failure broke{S3Error::ServiceUnavailable, QStringLiteral("the body broke during the copy"),
                            FailureCause::Reset};
        m_core->recordCall(m_ticket.from, BackendOperation::Read, &broke, m_writeStartedUs);
        m_core->recordCall(0, BackendOperation::Write, &failure, m_writeStartedUs, -1, true);
        return finish(Outcome::Failed, QStringLiteral("the fallback failed during the copy"));
    }
    m_core->recordCall(0, BackendOperation::Write, &failure, m_writeStartedUs);
    if (failure.error == S3Error::PreconditionFailed) {
        m_core->forgetKey(m_ticket.bucket, m_ticket.key);
        return finish(Outcome::Changed, QStringLiteral("the primary holds the key (a newer write)"));
    }
    finish(Outcome::Failed, failure.text());
}

void PromotionJob::abandon()
{
    if (m_done || m_abandoned)
        return;
    m_abandoned = true;
    // The primary discards a body that fails; before the read answered, onRead sees the flag.
    if (m_stream)
        m_stream->abort();
}

void PromotionJob::onBackendGone()
{
    // The source going leaves the primary with a body that breaks, and an answer to wait for.
    if (m_primary && m_stream) {
        m_stream->abort();
        return;
    }
    finish(Outcome::Failed, QStringLiteral("the backend set was replaced"));
}

void PromotionJob::finish(Outcome outcome, const QString &why, qint64 bytes)
{
    if (m_done)
        return;
    m_done = true;
    m_core->stats().promotion().add(outcome, bytes);
    const QByteArray bucket = m_ticket.bucket.toUtf8();
    const QByteArray key = m_ticket.key.toUtf8();
    const QByteArray from = m_core->name(m_ticket.from).toUtf8();
    const qint64 ms = (m_core->now() - m_startedUs) / 1000;
    if (outcome == Outcome::Copied)
        qCDebug(lcPromote, "copied %s/%s from %s into the primary: %lld bytes in %lld ms", bucket.constData(),
                key.constData(), from.constData(), qlonglong(bytes), qlonglong(ms));
    else if (quint64 heldBack = 0;
             outcome == Outcome::Failed && m_core->promoter().mayWarn(m_core->now(), &heldBack))
        qCWarning(lcPromote, "copy of %s/%s from %s into the primary failed: %s%s", bucket.constData(),
                  key.constData(), from.constData(), qUtf8Printable(why),
                  heldBack ? qPrintable(QStringLiteral(" (and %1 more since the last warning)").arg(heldBack))
                           : "");
    else if (outcome == Outcome::Failed)
        qCDebug(lcPromote, "copy of %s/%s from %s into the primary failed: %s", bucket.constData(),
                key.constData(), from.constData(), qUtf8Printable(why));
    else
        qCDebug(lcPromote, "not copying %s/%s from %s: %s", bucket.constData(), key.constData(),
                from.constData(), qUtf8Printable(why));
    releaseSlot();
    deleteLater();
}

} // namespace s3c
