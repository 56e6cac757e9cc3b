#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>

namespace s3c {

struct HttpHeader
{
    QByteArray name;  // as sent (case preserved)
    QByteArray value; // as sent, leading/trailing blanks trimmed

    // Names compare case-insensitively (RFC 9110 section 5.1); the sizes first, since most names
    // a lookup meets differ in length.
    static bool sameName(QByteArrayView a, QByteArrayView b)
    {
        return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
    }
    bool hasName(QByteArrayView other) const { return sameName(name, other); }
};

// One parsed request head. The target and the header list are kept raw, exactly as the
// client sent them: SigV4 signs the raw target and the raw header values, so nothing here is
// normalised or decoded (design-notes.md #1).
class HttpRequest
{
public:
    QByteArray method;    // "GET", "PUT", ...
    QByteArray rawTarget; // "/bucket/a%20b?list-type=2", never decoded
    int versionMajor = 1;
    int versionMinor = 1;
    QList<HttpHeader> headers;

    qint64 contentLength = -1; // -1: no Content-Length header
    bool chunked = false;      // Transfer-Encoding: chunked
    bool keepAlive = true;     // after HTTP/1.0 / Connection rules
    bool expectContinue = false;
    bool secure = false; // arrived over TLS
    QHostAddress peerAddress;
    quint16 localPort = 0;

    // Value of the first header with that name (case-insensitive); several headers of one name
    // are joined with "," as RFC 9110 allows. Empty if absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    QByteArray rawPath() const;  // rawTarget before '?'
    QByteArray rawQuery() const; // rawTarget after the first '?', without it
    bool hasBody() const { return chunked || contentLength > 0; }
};

} // namespace s3c
