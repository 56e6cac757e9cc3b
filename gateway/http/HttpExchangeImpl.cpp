#include "HttpExchangeImpl.h"

#include "AccessLog.h"
#include "HttpConnection.h"
#include "RequestBody.h"
#include "RequestIds.h"

#include <QDateTime>

#include <chrono>

namespace s3c {

HttpExchangeImpl::HttpExchangeImpl(HttpConnection *connection, HttpRequest request, RequestBody *body)
    : HttpExchange(connection), m_connection(connection), m_request(std::move(request)), m_body(body),
      m_requestId(newRequestId()), m_hostId(newHostId())
{
    m_body->setParent(this);
}

BodyStream *HttpExchangeImpl::requestBody()
{
    return m_body;
}

void HttpExchangeImpl::sendContinue()
{
    if (m_connection && !m_responded)
        m_connection->sendContinue(this);
}

void HttpExchangeImpl::respond(const HttpResponse &response, QIODevice *body)
{
    if (m_responded || !m_connection) {
        delete body; // ownership passed to us either way
        return;
    }
    m_responded = true;
    m_connection->respond(this, response, body);
}

void HttpExchangeImpl::notifyClientGone()
{
    if (m_goneSignalled)
        return;
    m_goneSignalled = true;
    emit clientGone();
}

namespace {
qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

void HttpExchangeImpl::beginAccessRecord()
{
    m_accessOn = true;
    m_startNs = steadyNs();
    m_access.startMs = QDateTime::currentMSecsSinceEpoch();
    m_access.remote = m_request.peerAddress;
    // Shared copies of the request's bytes: no allocation on the request's path.
    m_access.method = m_request.method;
    m_access.requestId = m_requestId;
    m_access.userAgent = m_request.header("user-agent");
}

void HttpExchangeImpl::noteResponse(const HttpResponse &response)
{
    if (!m_accessOn)
        return;
    m_access.status = response.status;
    m_access.backend = response.header("x-s3cascade-backend");
}

void HttpExchangeImpl::finishAccessRecord(AccessLog &log, bool complete, qint64 bodyBytesOut)
{
    if (!m_accessOn)
        return;
    m_accessOn = false; // one line per request, whichever way it ended
    m_access.durationNs = steadyNs() - m_startNs;
    m_access.bytesIn = m_body ? m_body->received() : 0;
    m_access.bytesOut = bodyBytesOut;
    m_access.complete = complete;
    log.record(std::move(m_access));
}

qint64 HttpExchangeImpl::elapsedMicros() const
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - m_started).count();
}

QByteArray HttpExchangeImpl::newRequestId()
{
    return RequestIds::next();
}

QByteArray HttpExchangeImpl::newHostId()
{
    return RequestIds::hostId();
}

} // namespace s3c
