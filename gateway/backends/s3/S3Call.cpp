#include "S3Call.h"

#include "http/BodyStream.h"

namespace s3c {

S3Call::S3Call(HttpClientReply *reply, const QString &backend, S3ErrorMapper::NotFound notFound,
               Timeouts timeouts, Handler handler)
    : m_reply(reply), m_backend(backend), m_notFound(notFound), m_timeouts(timeouts),
      m_handler(std::move(handler))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { fail(S3ErrorMapper::timeout(m_phase, m_backend)); });
    connect(reply, &HttpClientReply::socketStartedConnecting, this,
            [this] { arm(m_timeouts.connectMs, QStringLiteral("connecting")); });
    connect(reply, &HttpClientReply::requestSent, this, [this] {
        // An upload in progress is watched by the connection's stall timeout instead; the
        // wait for the answer starts with its last byte (onUploadProgress).
        if (!m_uploading)
            arm(m_timeouts.firstByteMs, QStringLiteral("waiting for the first byte"));
        else if (m_phase == QLatin1String("connecting"))
            m_timer.stop();
    });
    connect(reply, &HttpClientReply::metaDataChanged, this, &S3Call::onMetaData);
    connect(reply, &HttpClientReply::readyRead, this, &S3Call::onReadyRead);
    connect(reply, &HttpClientReply::finished, this, &S3Call::onFinished);
    // The pool (and with it the reply) goes away with its backend: nobody is left to answer.
    connect(reply, &QObject::destroyed, this, [this] {
        if (!m_reported)
            deleteLater();
    });
    // Until a connection is picked (queued behind others, or reused without connecting), the
    // whole budget applies.
    arm(m_timeouts.connectMs + m_timeouts.firstByteMs, QStringLiteral("waiting for a connection"));
}

void S3Call::collect(HttpClientReply *reply, const QString &backend, S3ErrorMapper::NotFound notFound,
                     Timeouts timeouts, Handler handler)
{
    new S3Call(reply, backend, notFound, timeouts, std::move(handler));
}

void S3Call::stream(HttpClientReply *reply, const QString &backend, S3ErrorMapper::NotFound notFound,
                    Timeouts timeouts, Handler handler)
{
    auto *call = new S3Call(reply, backend, notFound, timeouts, std::move(handler));
    call->m_streaming = true;
}

void S3Call::upload(HttpClientReply *reply, BodyStream *body, const QString &backend,
                    S3ErrorMapper::NotFound notFound, Timeouts timeouts, Handler handler)
{
    auto *call = new S3Call(reply, backend, notFound, timeouts, std::move(handler));
    call->m_uploading = true;
    connect(reply, &HttpClientReply::uploadProgress, call, &S3Call::onUploadProgress);
    if (body) {
        connect(body, &BodyStream::failed, call, &S3Call::onBodyFailed);
        if (body->hasFailed())
            QMetaObject::invokeMethod(call, &S3Call::onBodyFailed, Qt::QueuedConnection);
    }
}

void S3Call::arm(int ms, const QString &phase)
{
    m_phase = phase;
    m_timer.start(qMax(1, ms));
}

void S3Call::onUploadProgress(qint64 sent, qint64 total)
{
    if (total >= 0 && sent >= total)
        arm(m_timeouts.firstByteMs, QStringLiteral("waiting for the first byte"));
    else if (sent > 0 && m_timer.isActive() && m_phase != QLatin1String("waiting for the first byte"))
        m_timer.stop();
}

void S3Call::onMetaData()
{
    if (!m_reply || m_reported)
        return;
    m_timer.stop();
    const int status = m_reply->statusCode();
    if (!m_streaming || status < 200 || status >= 300 || status == 0)
        return;
    // Hand the reply over at its head: the reader pulls the body at its own pace (the connection
    // stops reading the socket when setReadBufferSize is reached, so the backend is paused too).
    HttpClientReply *reply = m_reply;
    reply->disconnect(this);
    reply->setParent(nullptr);
    m_reply = nullptr;
    report(Response{status, reply, {}, reply});
}

void S3Call::onReadyRead()
{
    if (!m_reply || m_reported)
        return;
    m_body += m_reply->readAll();
    if (m_body.size() > kMaxBody)
        fail(Failure{S3Error::InternalError,
                     QStringLiteral("Backend %1 sent an oversized answer.").arg(m_backend)});
}

void S3Call::onFinished()
{
    if (!m_reply || m_reported)
        return;
    m_timer.stop();
    m_body += m_reply->readAll();
    // Every HTTP answer is read as one; an error here is below HTTP (connection, TLS, framing).
    const HttpClientReply::Error error = m_reply->error();
    const int status = m_reply->statusCode();
    if (status == 0 || error != QNetworkReply::NoError)
        return report(S3ErrorMapper::transportFailure(error, m_reply->errorString(), m_backend));
    const Failure failure = S3ErrorMapper::classify(status, m_body, m_notFound, m_backend);
    if (failure.error != S3Error::None)
        return report(failure);
    report(Response{status, m_reply, m_body, nullptr});
}

void S3Call::onBodyFailed()
{
    fail(Failure{S3Error::IncompleteBody, QStringLiteral("The request body failed; nothing was stored.")});
}

void S3Call::fail(const Failure &failure)
{
    if (m_reported)
        return;
    if (m_reply) {
        // Aborting closes the connection before the last byte, so the backend discards the
        // partial upload (a Content-Length body that never completed is never stored).
        m_reply->disconnect(this);
        m_reply->abort();
    }
    report(failure);
}

void S3Call::report(Result<Response> result)
{
    if (m_reported)
        return;
    m_reported = true;
    m_timer.stop();
    Handler handler = std::move(m_handler);
    handler(std::move(result));
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
    }
    deleteLater();
}

} // namespace s3c
