#pragma once

#include "HttpExchange.h"

#include <QPointer>

#include <chrono>

namespace s3c {

class AccessLog;
class HttpConnection;
class RequestBody;

// The exchange the application sees; every action is forwarded to its connection, which may be
// gone already (then the calls do nothing and a given body device is deleted).
class HttpExchangeImpl : public HttpExchange
{
    Q_OBJECT
public:
    HttpExchangeImpl(HttpConnection *connection, HttpRequest request, RequestBody *body);

    const HttpRequest &request() const override { return m_request; }
    QByteArray requestId() const override { return m_requestId; }
    BodyStream *requestBody() override;
    void sendContinue() override;
    void respond(const HttpResponse &response, QIODevice *body = nullptr) override;
    bool hasResponded() const override { return m_responded; }

    QByteArray hostId() const { return m_hostId; }
    RequestBody *body() const { return m_body; }
    void notifyClientGone();
    // Since the request head was complete, for the duration histogram.
    qint64 elapsedMicros() const;

    // Access log, called by the connection only when its server has one: the request head
    // arrived; the response head is about to go out; the exchange is over (complete: the whole
    // response was handed to the socket). The line is queued once, at the first finish.
    void beginAccessRecord();
    void noteResponse(const HttpResponse &response);
    void finishAccessRecord(AccessLog &log, bool complete, qint64 bodyBytesOut);

    // x-amz-request-id: 16 upper-case hex digits, as S3 sends them.
    static QByteArray newRequestId();
    // x-amz-id-2: an opaque base64 token, as S3 sends it.
    static QByteArray newHostId();

private:
    QPointer<HttpConnection> m_connection;
    HttpRequest m_request;
    RequestBody *m_body;
    QByteArray m_requestId;
    QByteArray m_hostId;
    bool m_responded = false;
    bool m_goneSignalled = false;
    qint64 m_startNs = 0; // steady clock, for the duration
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

} // namespace s3c
