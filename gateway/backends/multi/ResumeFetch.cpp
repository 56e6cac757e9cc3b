#include "ResumeFetch.h"

#include "MultiCore.h"
#include "backends/Backend.h"

#include <QIODevice>
#include <QLoggingCategory>
#include <QPointer>

namespace s3c {

Q_LOGGING_CATEGORY(lcResumeFetch, "s3c.multi.resume")

ResumeFetch::ResumeFetch(std::shared_ptr<MultiCore> core, const QString &bucket, const QString &key,
                         const ObjectInfo &served, ByteRange want, const QList<int> &candidates, Done done,
                         QObject *parent)
    : QObject(parent), m_core(std::move(core)), m_served(served), m_want(want), m_candidates(candidates),
      m_done(std::move(done))
{
    m_request.bucket = bucket;
    m_request.key = key;
    m_request.range = RangeSpec{want.first, want.last, -1};
    // A backend holding another version refuses at once (412) instead of sending bytes that
    // would only be dropped; the answer is checked here all the same (sameObject), since a
    // backend may ignore the condition.
    m_request.conditions.ifMatch = served.etag;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ResumeFetch::onTimeout);
}

ResumeFetch::~ResumeFetch() = default;

void ResumeFetch::start()
{
    m_order = m_core->healthy(m_candidates);
    // Even with nobody to ask the answer comes from the event loop, never inside start().
    QTimer::singleShot(0, this, &ResumeFetch::tryNext);
}

bool ResumeFetch::sameObject(const ObjectInfo &served, const GetObjectResult &answer, const ByteRange &want)
{
    const ObjectInfo &info = answer.info;
    if (info.size != served.size)
        return false;
    if (!served.etag.isEmpty() && !info.etag.isEmpty()) {
        if (info.etag != served.etag)
            return false;
    } else if (!served.lastModified.isValid() || info.lastModified != served.lastModified) {
        return false;
    }
    // A 200 to a ranged request is the whole object: only right when the whole was asked for.
    const ByteRange got = answer.range ? *answer.range : ByteRange{0, info.size - 1};
    return got.first == want.first && got.last == want.last;
}

void ResumeFetch::tryNext()
{
    if (m_finished)
        return;
    if (m_next >= m_order.size()) {
        finish(-1, nullptr);
        return;
    }
    m_backend = m_order.at(m_next++);
    const quint64 generation = ++m_generation;
    m_startedUs = m_core->now();
    m_timer.start(qMax(1, m_core->options().resume.timeoutMs));
    QPointer<ResumeFetch> self(this);
    const int backend = m_backend;
    const qint64 started = m_startedUs;
    m_core->backend(backend)->getObject(
        m_request, [self, generation, backend, started](Result<GetObjectResult> r) {
            if (!self || self->m_finished || generation != self->m_generation) {
                // Cancelled, or given up on after its deadline (already filed as a timeout).
                if (r.ok())
                    delete r->body;
                return;
            }
            self->onAnswer(backend, started, std::move(r));
        });
}

void ResumeFetch::onAnswer(int backend, qint64 startedUs, Result<GetObjectResult> answer)
{
    m_timer.stop();
    if (!answer.ok()) {
        // 412 (another version, refused by If-Match), 404 (gone meanwhile), or a failure.
        qCDebug(lcResumeFetch, "%s cannot resume: %s", qUtf8Printable(m_core->name(backend)),
                qUtf8Printable(answer.failure().text()));
        m_core->recordCall(backend, BackendOperation::Read, &answer.failure(), startedUs);
        tryNext();
        return;
    }
    GetObjectResult got = std::move(answer.value());
    if (!got.body || !sameObject(m_served, got, m_want)) {
        delete got.body;
        qCInfo(lcResumeFetch,
               "%s holds another version of the object (ETag %s, %lld bytes); not resumed from it",
               qUtf8Printable(m_core->name(backend)), got.info.etag.constData(), qlonglong(got.info.size));
        // A definitive answer, not a health problem: filed like the 412 it stands for.
        const Failure differs{S3Error::PreconditionFailed,
                              QStringLiteral("The backend holds another version.")};
        m_core->recordCall(backend, BackendOperation::Read, &differs, startedUs);
        tryNext();
        return;
    }
    m_core->recordCall(backend, BackendOperation::Read, nullptr, startedUs);
    finish(backend, got.body);
}

void ResumeFetch::onTimeout()
{
    const int timeoutMs = m_core->options().resume.timeoutMs;
    const Failure late{S3Error::ServiceUnavailable,
                       QStringLiteral("No answer to a resumed read within %1 ms.").arg(timeoutMs),
                       FailureCause::Timeout};
    m_core->recordCall(m_backend, BackendOperation::Read, &late, m_startedUs);
    ++m_generation; // its answer, should it come, is dropped
    tryNext();
}

void ResumeFetch::finish(int backend, QIODevice *body)
{
    m_finished = true;
    m_timer.stop();
    Done done = std::move(m_done);
    done(backend, body); // may delete this (deleteLater)
}

} // namespace s3c
