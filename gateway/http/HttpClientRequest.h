#pragma once

#include "HttpRequest.h"

#include <QByteArray>
#include <QList>
#include <QUrl>

namespace s3c {

// One request toward an upstream HTTP/1.1 server (an S3 backend), sent exactly as built: the
// target goes on the wire byte for byte as it was signed, nothing is normalised or added but
// the framing (Content-Length) and "Connection"-free keep-alive.
struct HttpClientRequest
{
    QByteArray method;         // "GET", "PUT", ...
    QUrl origin;               // scheme, host and port that the connection goes to
    QByteArray target;         // raw request target, "/bucket/a%20b?uploads="
    QList<HttpHeader> headers; // including Host, as signed
    bool sslSkipVerify = false;
    int stallTimeoutMs = 120000; // no byte moved either way for this long: TimeoutError

    // First header of that name (case-insensitive), empty if absent.
    QByteArray rawHeader(QByteArrayView name) const;
    QByteArray url() const; // origin + target, for messages and tests
};

} // namespace s3c
