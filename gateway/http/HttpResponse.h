#pragma once

#include "HttpRequest.h"

#include <QByteArray>
#include <QList>

namespace s3c {

// A response head plus, for small answers, its body. Streamed bodies are handed to
// HttpExchange::respond() as a QIODevice instead.
class HttpResponse
{
public:
    int status = 200;
    QList<HttpHeader> headers; // the connection adds Date, Server, x-amz-request-id, Connection and framing
    QByteArray body;           // used when no body device is given
    // For a streamed body: its exact length, or -1 to send it chunked (or use the device's size()
    // when it is not sequential).
    qint64 contentLength = -1;

    HttpResponse() = default;
    explicit HttpResponse(int s) : status(s) {}

    void setHeader(const QByteArray &name, const QByteArray &value); // replaces any of that name
    void addHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;
};

} // namespace s3c
