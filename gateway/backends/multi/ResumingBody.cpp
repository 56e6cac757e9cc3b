#include "ResumingBody.h"

#include "MultiCore.h"
#include "ResumeFetch.h"
#include "http/HttpClientReply.h"
#include "stats/Statistics.h"

#include <QLoggingCategory>

namespace s3c {

Q_LOGGING_CATEGORY(lcResume, "s3c.multi.resume")

void ResumingBody::wrap(const std::shared_ptr<MultiCore> &core, const GetObjectRequest &request, int served,
                        int from, bool earlierMissed, GetObjectResult &result)
{
    if (!result.body || request.headOnly || core->options().resume.maxAttempts <= 0)
        return;
    // A local file is sent from the kernel's page cache with sendfile(2); wrapping it would
    // cost that, for a failure (an I/O error) that another backend's copy rarely mends.
    if (!result.body->isSequential())
        return;
    const ByteRange range = result.range ? *result.range : ByteRange{0, result.info.size - 1};
    if (range.length() <= 0)
        return;
    // Without an ETag or a date nothing could prove another copy is the same object.
    if (result.info.etag.isEmpty() && !result.info.lastModified.isValid())
        return;
    result.body = new ResumingBody(core, request.bucket, request.key, result.info, range, result.body, served,
                                   resumeOrder(core->count(), served, from, earlierMissed));
}

QList<int> ResumingBody::resumeOrder(int count, int served, int from, bool earlierMissed)
{
    QList<int> order;
    for (int i = served + 1; i < count; ++i)
        order.append(i);
    // A backend before the serving one that failed, was ejected, or lost a hedge race may well
    // hold the object; when every one of them said not-found, asking again would only repeat it.
    if (!earlierMissed) {
        for (int i = qMax(0, from); i < served; ++i)
            order.append(i);
    }
    order.append(served);
    return order;
}

ResumingBody::ResumingBody(std::shared_ptr<MultiCore> core, const QString &bucket, const QString &key,
                           const ObjectInfo &object, ByteRange range, QIODevice *source, int backend,
                           QList<int> order, QObject *parent)
    : DeferredBodyStream(parent), m_core(std::move(core)), m_bucket(bucket), m_key(key), m_object(object),
      m_range(range), m_order(std::move(order)), m_backend(backend)
{
    // Unbuffered: QIODevice must not read ahead into a buffer of its own.
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    m_stallTimer.setSingleShot(true);
    connect(&m_stallTimer, &QTimer::timeout, this, &ResumingBody::onStall);
    attach(source, backend);
}

ResumingBody::~ResumingBody()
{
    if (m_source) {
        // Closing the source on deletion says aboutToClose; nobody is listening by then.
        disconnect(m_source, nullptr, this, nullptr);
        delete m_source.data();
    }
}

qint64 ResumingBody::bytesAvailable() const
{
    if (m_failed || m_finished || !m_source)
        return 0;
    return qMin(m_source->bytesAvailable(), m_range.length() - m_delivered);
}

bool ResumingBody::atEnd() const
{
    return m_failed || m_delivered >= m_range.length();
}

qint64 ResumingBody::readData(char *data, qint64 maxSize)
{
    if (m_failed)
        return -1;
    const qint64 want = qMin(maxSize, m_range.length() - m_delivered);
    if (want <= 0 || !m_source)
        return 0; // between two backends: readyRead() comes when the next one delivers
    m_inRead = true;
    const qint64 n = m_source->read(data, want);
    m_inRead = false;
    if (n < 0) {
        sourceBroke(QStringLiteral("reading the body failed"), FailureCause::Reset);
        return 0;
    }
    afterRead(n);
    return n;
}

QByteArray ResumingBody::readChunk(qint64 maxSize)
{
    auto *reply = qobject_cast<HttpClientReply *>(m_source.data());
    if (!reply || m_failed)
        return BodyStream::readChunk(maxSize);
    // An S3 backend's download: its pieces go on as they are, no copy (BodyPump).
    const qint64 want = qMin(maxSize, m_range.length() - m_delivered);
    if (want <= 0)
        return {};
    m_inRead = true;
    QByteArray chunk = reply->readChunk(want);
    m_inRead = false;
    afterRead(chunk.size());
    return chunk;
}

void ResumingBody::afterRead(qint64 n)
{
    m_delivered += n;
    if (n > 0 && m_fetch)
        dropResume();
    if (m_delivered == m_range.length()) {
        m_finished = true;
        m_stallTimer.stop();
        m_finishPending = true;
        schedule();
    } else if (!m_source->isSequential()) {
        if (m_source->atEnd())
            sourceBroke(QStringLiteral("the file ended before the announced length"), FailureCause::Reset);
        else if (n > 0) {
            m_readyPending = true; // a file has more whenever asked; keep the reader coming
            schedule();
        }
    } else if (m_source->bytesAvailable() <= 0) {
        if (m_sourceEnded)
            sourceBroke(QStringLiteral("the body ended before the announced length"), FailureCause::Reset);
        else
            armStall();
    }
}

qint64 ResumingBody::writeData(const char *, qint64)
{
    return -1;
}

void ResumingBody::attach(QIODevice *source, int backend)
{
    m_source = source;
    m_backend = backend;
    m_sourceEnded = false;
    m_sourceStartedUs = m_core->now();
    if (!source) {
        sourceBroke(QStringLiteral("no body"), FailureCause::Reset);
        return;
    }
    source->setParent(this);
    connect(source, &QIODevice::readyRead, this, &ResumingBody::onSourceReady);
    connect(source, &QIODevice::readChannelFinished, this, &ResumingBody::onSourceEnded);
    connect(source, &QIODevice::aboutToClose, this, &ResumingBody::onSourceEnded);
    if (auto *stream = qobject_cast<BodyStream *>(source)) {
        connect(stream, &BodyStream::failed, this, &ResumingBody::onSourceFailed);
        connect(stream, &BodyStream::finished, this, &ResumingBody::onSourceEnded);
    }
    if (auto *reply = qobject_cast<HttpClientReply *>(source)) {
        connect(reply, &HttpClientReply::errorOccurred, this, &ResumingBody::onSourceFailed);
        connect(reply, &HttpClientReply::finished, this, &ResumingBody::onSourceEnded);
    }
    if (!source->isSequential() || source->bytesAvailable() > 0) {
        // A file source never emits readyRead; bytes already buffered came before we listened.
        m_readyPending = true;
        schedule();
    } else {
        armStall();
    }
}

void ResumingBody::dropSource()
{
    m_stallTimer.stop();
    if (!m_source)
        return;
    disconnect(m_source, nullptr, this, nullptr);
    // Later: this may run inside one of its signals. Deleting an S3 reply closes its connection.
    m_source->deleteLater();
    m_source = nullptr;
}

void ResumingBody::onSourceReady()
{
    m_stallTimer.stop();
    if (m_failed || m_finished || bytesAvailable() <= 0)
        return;
    if (m_fetch)
        dropResume(); // the stalled backend delivered first
    if (m_inRead) {
        m_readyPending = true;
        schedule();
        return;
    }
    // Straight on (this runs from the event loop): no extra turn per block of the download.
    emit readyRead();
}

void ResumingBody::onSourceEnded()
{
    m_sourceEnded = true;
    // Whatever it still holds can be read; only a source with nothing left is short.
    if (!m_finished && m_source && m_source->bytesAvailable() <= 0)
        sourceBroke(QStringLiteral("the body ended before the announced length"), FailureCause::Reset);
}

void ResumingBody::onSourceFailed()
{
    if (!m_source)
        return;
    const auto *reply = qobject_cast<HttpClientReply *>(m_source.data());
    const bool timedOut = reply && reply->error() == QNetworkReply::TimeoutError;
    sourceBroke(reply ? reply->errorString() : QStringLiteral("the body broke off"),
                timedOut ? FailureCause::Timeout : FailureCause::Reset);
}

void ResumingBody::sourceBroke(const QString &reason, FailureCause cause)
{
    if (m_finished || m_failed || !m_source)
        return;
    // The backend failed, though its answer had begun well: filed so that ejection and the
    // statistics see it (the read itself was filed as served when its head came).
    const Failure broke{S3Error::ServiceUnavailable, reason, cause};
    m_core->recordCall(m_backend, BackendOperation::Read, &broke, m_sourceStartedUs);
    qCInfo(lcResume, "download from %s broke after %lld of %lld bytes: %s",
           qUtf8Printable(m_core->name(m_backend)), qlonglong(m_delivered), qlonglong(m_range.length()),
           qUtf8Printable(reason));
    dropSource();
    if (m_fetch)
        return; // a resume asked for at a stall is now the only way on
    if (!startResume(reason))
        fail(QStringLiteral("%1; all %2 resume attempts used").arg(reason).arg(m_attempts));
}

void ResumingBody::armStall()
{
    const int stallMs = m_core->options().resume.stallMs;
    if (stallMs <= 0 || m_fetch || m_finished || m_failed || m_stallTimer.isActive())
        return;
    m_stallTimer.start(stallMs);
}

void ResumingBody::onStall()
{
    if (!m_source || m_fetch || m_finished || m_failed || m_source->bytesAvailable() > 0)
        return;
    const QString why = QStringLiteral("no byte from %1 for %2 ms")
                            .arg(m_core->name(m_backend))
                            .arg(m_core->options().resume.stallMs);
    qCInfo(lcResume, "%s after %lld of %lld bytes; asking for a resume", qUtf8Printable(why),
           qlonglong(m_delivered), qlonglong(m_range.length()));
    // Nobody to ask any more: the backend's own stall timeout is what remains.
    startResume(why);
}

bool ResumingBody::startResume(const QString &why)
{
    if (m_attempts >= m_core->options().resume.maxAttempts)
        return false;
    ++m_attempts;
    // The backend in trouble is asked last, on a fresh connection.
    QList<int> order = m_order;
    order.removeAll(m_backend);
    order.append(m_backend);
    m_fetchOffset = m_delivered;
    m_fetchStartedUs = m_core->now();
    m_fetchReason = why;
    const ByteRange rest{m_range.first + m_delivered, m_range.last};
    m_fetch = new ResumeFetch(
        m_core, m_bucket, m_key, m_object, rest, order,
        [this](int backend, QIODevice *body) { onResumed(backend, body); }, this);
    m_fetch->start();
    return true;
}

void ResumingBody::dropResume()
{
    // The stalled backend moved again before a resume was found: it carries on. The resume's
    // request, should it still be answered, is dropped with its body.
    qCInfo(lcResume, "%s delivered again after a stall; the resume is dropped",
           qUtf8Printable(m_core->name(m_backend)));
    delete m_fetch;
    m_fetch = nullptr;
}

void ResumingBody::onResumed(int backend, QIODevice *body)
{
    m_fetch->deleteLater(); // we are inside its callback
    m_fetch = nullptr;
    if (!body) {
        if (m_source) {
            qCInfo(lcResume, "no backend could take over from %s; still waiting on it",
                   qUtf8Printable(m_core->name(m_backend)));
            armStall(); // another attempt after another stall, while attempts last
            return;
        }
        fail(QStringLiteral("no other backend holds the same object"));
        return;
    }
    if (m_finished || m_failed || m_fetchOffset != m_delivered) {
        delete body; // the slow backend delivered meanwhile: it carries on
        return;
    }
    if (m_source) {
        // It stalled for stallMs and more, and lost the race: a failure of that backend.
        const Failure stalled{S3Error::ServiceUnavailable, m_fetchReason, FailureCause::Timeout};
        m_core->recordCall(m_backend, BackendOperation::Read, &stalled, m_sourceStartedUs);
        dropSource();
    }
    ++m_resumes;
    BackendCounters &counters = m_core->stats().backend(backend);
    counters.addResume();
    counters.addBytesOut(m_range.length() - m_delivered);
    qCInfo(lcResume, "resumed at byte %lld of %lld from %s, %lld ms after: %s", qlonglong(m_delivered),
           qlonglong(m_range.length()), qUtf8Printable(m_core->name(backend)),
           qlonglong((m_core->now() - m_fetchStartedUs) / 1000), qUtf8Printable(m_fetchReason));
    attach(body, backend);
}

void ResumingBody::fail(const QString &why)
{
    if (m_finished || m_failed)
        return;
    qCWarning(lcResume,
              "download cut after %lld of %lld bytes, nobody could resume it (%s): the client's connection "
              "is aborted",
              qlonglong(m_delivered), qlonglong(m_range.length()), qUtf8Printable(why));
    dropSource();
    delete m_fetch;
    m_fetch = nullptr;
    m_failed = true;
    m_failPending = true;
    setErrorString(why);
    schedule();
}

} // namespace s3c
