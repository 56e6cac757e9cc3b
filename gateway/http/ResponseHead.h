#pragma once

#include "HttpResponse.h"

#include <QByteArray>

namespace s3c {

// How a response body is delimited on the wire (RFC 9112 section 6).
enum class BodyFraming {
    None,       // no body: HEAD, 204, 304, 1xx
    Length,     // Content-Length
    Chunked,    // Transfer-Encoding: chunked (HTTP/1.1 clients)
    UntilClose, // HTTP/1.0 client and unknown length: the close ends the body
};

// Builds the status line and header section of a response: the application's headers plus the
// ones the connection owns (framing, Connection, Date, Server, x-amz-request-id, x-amz-id-2).
// An application header whose name is not a token or whose value holds CR, LF or NUL is never
// written: it is left out with a warning (response splitting, RFC 9112 section 11.1).
class ResponseHead
{
public:
    struct Params
    {
        BodyFraming framing = BodyFraming::Length;
        qint64 length = 0;        // for Length, and the Content-Length a HEAD announces
        bool headRequest = false; // announce length but send no body
        bool close = false;       // Connection: close
        bool keepAlive10 = false; // HTTP/1.0 client keeping the connection: Connection: keep-alive
        QByteArray requestId;
        QByteArray hostId;
        QByteArray serverHeader;
    };

    // True if the status never carries a body (RFC 9110 sections 15.2, 15.3.5, 15.4.5).
    static bool statusHasNoBody(int status);
    static QByteArray build(const HttpResponse &response, const Params &params);
};

} // namespace s3c
