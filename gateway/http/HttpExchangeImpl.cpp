#include "HttpExchangeImpl.h"

#include "HttpConnection.h"
#include "RequestBody.h"
#include "RequestIds.h"

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

QByteArray HttpExchangeImpl::newRequestId()
{
    return RequestIds::next();
}

QByteArray HttpExchangeImpl::newHostId()
{
    return RequestIds::hostId();
}

} // namespace s3c
