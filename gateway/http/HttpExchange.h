#pragma once

#include "AccessRecord.h"
#include "BodyStream.h"
#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QObject>

namespace s3c {

// One request/response on a connection, handed to the application by HttpServer::requestReady.
// Owned by its connection, which deletes it (deleteLater) once the response has been written or
// the client went away: keep a QPointer, or watch clientGone()/destroyed().
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual const HttpRequest &request() const = 0;
    // Random id for this request, sent as x-amz-request-id and used in error bodies.
    virtual QByteArray requestId() const = 0;
    // The request body, already stripped of HTTP chunked framing (never null; empty and finished
    // for requests without a body). Reading it does not send "100 Continue": call sendContinue().
    virtual BodyStream *requestBody() = 0;
    // Send "HTTP/1.1 100 Continue" if the client sent Expect: 100-continue and it was not sent
    // yet. Call it once the request is known to be acceptable (after the signature check).
    virtual void sendContinue() = 0;
    // Send the response. With a body device the exchange takes ownership and streams it with
    // back-pressure: exactly response.contentLength bytes if >= 0, else the device's size() if it
    // is not sequential, else chunked until the device ends. If the device fails or ends early the
    // connection is aborted: the client never gets a response that looks complete but is not.
    // The body is never sent for HEAD, 204 and 304. Only the first call counts.
    virtual void respond(const HttpResponse &response, QIODevice *body = nullptr) = 0;
    virtual bool hasResponded() const = 0;

    // This request's access log line, or null when the server keeps no access log (then the
    // application skips whatever it would only have computed for the log). The application adds
    // what only it knows: operation, bucket, key, access key id.
    AccessRecord *accessRecord() { return m_accessOn ? &m_access : nullptr; }
    // What the application made of the request (an S3Operation value), for the gateway's
    // per-operation counters; -1: not told.
    void setOperationTag(int tag) { m_operationTag = tag; }
    int operationTag() const { return m_operationTag; }

signals:
    // The connection closed before the response was complete.
    void clientGone();

protected:
    AccessRecord m_access;
    bool m_accessOn = false;
private:
    int m_operationTag = -1;
};

} // namespace s3c
