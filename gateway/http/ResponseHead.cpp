#include "ResponseHead.h"

#include "HttpDate.h"
#include "base/S3Error.h"

namespace s3c {

namespace {

void appendHeader(QByteArray &out, const QByteArray &name, const QByteArray &value)
{
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
}

} // namespace

bool ResponseHead::statusHasNoBody(int status)
{
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

QByteArray ResponseHead::build(const HttpResponse &response, const Params &params)
{
    QByteArray out;
    out.reserve(512);
    out += "HTTP/1.1 ";
    out += QByteArray::number(response.status);
    out += ' ';
    out += httpReasonPhrase(response.status);
    out += "\r\n";

    const bool noBody = params.framing == BodyFraming::None;
    // A HEAD or 304 answer may carry the Content-Length the full answer would have (RFC 9110
    // sections 8.6 and 15.4.5): keep the application's value there.
    const bool keepAppLength = noBody && response.status != 204;
    bool hasLength = false;
    bool hasDate = false, hasServer = false, hasRequestId = false, hasHostId = false;
    for (const HttpHeader &h : response.headers) {
        // Framing and connection management belong to the connection (RFC 9112 sections 6, 9).
        if (h.hasName("Connection") || h.hasName("Keep-Alive") || h.hasName("Transfer-Encoding"))
            continue;
        if (h.hasName("Content-Length")) {
            if (!keepAppLength || hasLength)
                continue;
            hasLength = true;
        }
        hasDate |= h.hasName("Date");
        hasServer |= h.hasName("Server");
        hasRequestId |= h.hasName("x-amz-request-id");
        hasHostId |= h.hasName("x-amz-id-2");
        appendHeader(out, h.name, h.value);
    }

    if (!hasDate)
        appendHeader(out, QByteArrayLiteral("Date"), HttpDate::now());
    if (!hasServer && !params.serverHeader.isEmpty())
        appendHeader(out, QByteArrayLiteral("Server"), params.serverHeader);
    if (!hasRequestId && !params.requestId.isEmpty())
        appendHeader(out, QByteArrayLiteral("x-amz-request-id"), params.requestId);
    if (!hasHostId && !params.hostId.isEmpty())
        appendHeader(out, QByteArrayLiteral("x-amz-id-2"), params.hostId);

    switch (params.framing) {
    case BodyFraming::None:
        if (params.headRequest && !hasLength && response.status != 204 && response.status != 304)
            appendHeader(out, QByteArrayLiteral("Content-Length"), QByteArray::number(params.length));
        break;
    case BodyFraming::Length:
        appendHeader(out, QByteArrayLiteral("Content-Length"), QByteArray::number(params.length));
        break;
    case BodyFraming::Chunked:
        appendHeader(out, QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked"));
        break;
    case BodyFraming::UntilClose:
        break;
    }
    if (params.close)
        appendHeader(out, QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
    else if (params.keepAlive10)
        appendHeader(out, QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive"));
    out += "\r\n";
    return out;
}

} // namespace s3c
