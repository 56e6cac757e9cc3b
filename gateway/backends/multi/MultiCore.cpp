#include "MultiCore.h"

#include "MonotonicClock.h"
#include "backends/Backend.h"
#include "http/BodyStream.h"
#include "stats/Statistics.h"

#include <QLoggingCategory>
#include <QTimer>

namespace s3c {

Q_LOGGING_CATEGORY(lcMulti, "s3c.multi")

MultiCore::MultiCore(const QList<Backend *> &backends, const MultiOptions &options,
                     std::shared_ptr<CascadeState> state)
    : m_backends(backends), m_names(namesOf(backends)), m_options(options),
      m_state(state ? std::move(state) : CascadeState::create(m_names, options))
{
    Q_ASSERT(!m_backends.isEmpty());
    Q_ASSERT(stats().backendCount() == m_backends.size());
}

MultiCore::~MultiCore() = default;

QStringList MultiCore::namesOf(const QList<Backend *> &backends)
{
    QStringList names;
    for (const Backend *b : backends)
        names.append(b->name());
    return names;
}

qint64 MultiCore::now() const
{
    return m_state->clock->nowUs();
}

QList<int> MultiCore::range(int from) const
{
    QList<int> out;
    for (int i = from; i < count(); ++i)
        out.append(i);
    return out;
}

QList<int> MultiCore::healthy(const QList<int> &candidates)
{
    const QList<int> chosen = m_state->detector->filter(candidates);
    // Ejection ends lazily; tell the statistics once a window has passed.
    for (int i : chosen) {
        if (!m_state->detector->isEjected(i) && stats().backend(i).markReadmitted())
            qCInfo(lcMulti, "backend %s: its ejection ended, trying it again", qUtf8Printable(m_names.at(i)));
    }
    return chosen;
}

int MultiCore::hedgeDelayMs(int index) const
{
    const HedgeOptions &h = m_options.hedge;
    if (h.afterMs >= 0)
        return h.afterMs;
    const BackendCounters &counters = stats().backend(index);
    if (counters.answerCount() < quint64(qMax(1, h.minSamples)))
        return h.maxMs;
    // Twice the p95: a healthy backend is hedged for well under 5 % of its reads, a hung one
    // (whose calls never answer, so never lower the figure) costs at most maxMs.
    const qint64 p95Ms = counters.answerLatencyPercentile(0.95) / 1000;
    return int(qBound(qint64(h.minMs), 2 * p95Ms, qint64(qMax(h.minMs, h.maxMs))));
}

CascadeOutcome MultiCore::recordCall(int index, BackendOperation operation, const Failure *failure,
                                     qint64 startedUs, int depth, bool clientFault)
{
    BackendCounters &counters = stats().backend(index);
    counters.addRequest();
    counters.addLatency(now() - startedUs);
    const CascadeOutcome outcome = clientFault ? CascadeOutcome::Answered : cascadeOutcome(failure);
    if (outcome != CascadeOutcome::Failed)
        counters.addAnswerLatency(now() - startedUs);
    switch (outcome) {
    case CascadeOutcome::Served:
        counters.addHit(depth);
        counters.addCall(operation, 0);
        break;
    case CascadeOutcome::NotFound:
        counters.addMiss();
        counters.addCall(operation, 1);
        break;
    case CascadeOutcome::Answered:
        counters.addClientError();
        counters.addCall(operation, 2);
        break;
    case CascadeOutcome::Failed:
        counters.addFailure(failureKind(*failure));
        counters.addCall(operation, 3 + int(failureKind(*failure)));
        counters.noteFailure(failure->text());
        if (m_state->detector->recordFailure(index)) {
            const qint64 untilUs = m_state->detector->ejectedUntilUs(index);
            counters.markEjected(failure->text(),
                                 QDateTime::currentDateTimeUtc().addMSecs((untilUs - now()) / 1000));
            const qint64 seconds = (untilUs - now() + 500000) / 1000000;
            qCWarning(lcMulti, "backend %s ejected for %lld s: %s", qUtf8Printable(m_names.at(index)),
                      qlonglong(seconds), qUtf8Printable(failure->text()));
        }
        return outcome;
    }
    m_state->detector->recordSuccess(index);
    if (!m_state->detector->isEjected(index))
        counters.markReadmitted(); // no lock unless it was shown ejected
    return outcome;
}

void MultiCore::recordRequest(const QString &operation, const QString &bucket, const QString &key, int status,
                              const QString &backend, qint64 startedUs, qint64 bytes)
{
    RecentRequest entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.method = RecentRequests::httpMethod(operation);
    entry.operation = operation;
    entry.bucket = bucket;
    entry.key = key;
    entry.status = status;
    entry.backend = backend;
    entry.latencyUs = now() - startedUs;
    entry.bytes = bytes;
    stats().recent().record(std::move(entry));
}

namespace {

// The primary-only operations that cannot change whether or where GetObject finds a key. Every
// other one (PutObject, CopyObject, CompleteMultipartUpload, DeleteObject, bucket create and
// delete, and any operation added later) makes the read caches forget: the safe default.
bool changesWhatReadsFind(const QString &operation)
{
    static const QStringList harmless{
        QStringLiteral("CreateMultipartUpload"), QStringLiteral("UploadPart"), QStringLiteral("UploadPartCopy"),
        QStringLiteral("AbortMultipartUpload"),  QStringLiteral("ListParts"),  QStringLiteral("ListMultipartUploads"),
        QStringLiteral("PutBucketCors"),         QStringLiteral("DeleteBucketCors"),
        QStringLiteral("PutObjectTagging"),      QStringLiteral("DeleteObjectTagging")};
    return !harmless.contains(operation);
}

} // namespace

void MultiCore::forgetKey(const QString &bucket, const QString &key)
{
    if (key.isEmpty()) {
        m_state->locations->clear();
        m_state->misses->clear();
    } else {
        m_state->locations->forget(bucket, key);
        m_state->misses->forget(bucket, key);
    }
}

std::optional<Failure> MultiCore::settleWrite(const Failure *failure, const QString &operation,
                                              const QString &bucket, const QString &key, qint64 startedUs,
                                              int successStatus, qint64 bytesIn, bool bodyFailed)
{
    // Whatever happened, the key may have changed on the primary: reads must look again.
    if (changesWhatReadsFind(operation))
        forgetKey(bucket, key);
    promoter().written(bucket, key);
    const bool clientFault = failure && bodyFailed;
    // Primary-only calls: writes, deletes, and the listings of one upload or of all uploads.
    BackendOperation kind = BackendOperation::Write;
    if (operation.startsWith(QLatin1String("Delete")) || operation.startsWith(QLatin1String("Abort")))
        kind = BackendOperation::Delete;
    else if (operation.startsWith(QLatin1String("List")))
        kind = BackendOperation::List;
    const CascadeOutcome outcome = recordCall(0, kind, failure, startedUs, -1, clientFault);
    if (!failure) {
        stats().backend(0).addBytesIn(bytesIn);
        recordRequest(operation, bucket, key, successStatus, m_names.first(), startedUs, bytesIn);
        return std::nullopt;
    }
    Failure answer = *failure;
    if (outcome == CascadeOutcome::Failed) {
        // Issue #3: a primary that is down gives 503 for writes; retrying elsewhere would
        // leave the object where later reads of the primary cannot see it.
        answer = Failure{S3Error::ServiceUnavailable,
                         QStringLiteral("The primary backend is unavailable; nothing was written.")};
    }
    recordRequest(operation, bucket, key, httpStatus(answer.error), m_names.first(), startedUs, 0);
    return answer;
}

bool MultiCore::bodyFailed(const QPointer<BodyStream> &guard, bool hadBody)
{
    return hadBody && (!guard || guard->hasFailed());
}

void MultiCore::post(std::function<void()> fn)
{
    // A fresh context object lives in the calling thread, which is where the Backend contract
    // says callbacks must run, whichever thread built this core.
    auto *context = new QObject;
    QTimer::singleShot(0, context, [context, fn = std::move(fn)] {
        context->deleteLater();
        fn();
    });
}

} // namespace s3c
