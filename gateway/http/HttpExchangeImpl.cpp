#include "HttpExchangeImpl.h"

#include "HttpConnection.h"
#include "RequestBody.h"

#include <QRandomGenerator>

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

qint64 HttpExchangeImpl::elapsedMicros() const
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - m_started).count();
}

QByteArray HttpExchangeImpl::newRequestId()
{
    const quint64 v = QRandomGenerator::global()->generate64();
    return QByteArray::number(v, 16).rightJustified(16, '0').toUpper();
}

QByteArray HttpExchangeImpl::newHostId()
{
    quint32 words[6];
    QRandomGenerator::global()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toBase64();
}

} // namespace s3c
