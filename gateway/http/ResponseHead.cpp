#include "ResponseHead.h"

#include "HttpDate.h"
#include "base/S3Error.h"

#include <QLoggingCategory>

namespace s3c {

Q_LOGGING_CATEGORY(lcResponseHead, "s3c.http.response")

namespace {

// RFC 9110 section 5.6.2: a field name is a token. A table, since every header of every
// answer passes here (issue #12).
struct TokenTable
{
    bool token[256] = {};
    constexpr TokenTable()
    {
        for (int c = 'a'; c <= 'z'; ++c)
            token[c] = true;
        for (int c = 'A'; c <= 'Z'; ++c)
            token[c] = true;
        for (int c = '0'; c <= '9'; ++c)
            token[c] = true;
        for (const char c : "!#$%&'*+-.^_`|~")
            if (c)
                token[uchar(c)] = true;
    }
};
constexpr TokenTable kTokens;

bool isTokenChar(uchar c)
{
    return kTokens.token[c];
}

// The last line of defence against response splitting (RFC 9112 section 11.1): the S3 layer
// refuses CR, LF and NUL where they come in (response-* parameters, stored metadata), but a
// value from a backend or from older stored metadata can still carry one. Such a header is left
// out and a warning logged, rather than failing the whole response with 500: the status and the
// body are already decided and correct, one unsafe header (typically user metadata) is what is
// wrong, and leaving it out can neither split the response nor hide the object.
bool isSafeHeader(const QByteArray &name, const QByteArray &value)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        if (!isTokenChar(uchar(c)))
            return false;
    }
    for (const char c : value) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

void appendHeader(QByteArray &out, QByteArrayView name, QByteArrayView value)
{
    out.append(name).append(": ", 2).append(value).append("\r\n", 2);
}

// Content-Length without a QByteArray::number allocation.
void appendLength(QByteArray &out, qint64 length)
{
    char digits[24];
    char *end = digits + sizeof digits;
    char *p = end;
    quint64 v = quint64(qMax<qint64>(0, length));
    do {
        *--p = char('0' + v % 10);
        v /= 10;
    } while (v);
    out.append("Content-Length: ", 16).append(p, end - p).append("\r\n", 2);
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
    if (response.status >= 100 && response.status <= 999) {
        const char digits[3] = {char('0' + response.status / 100), char('0' + response.status / 10 % 10),
                                char('0' + response.status % 10)};
        out.append(digits, 3);
    } else {
        out += QByteArray::number(response.status);
    }
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
        if (!isSafeHeader(h.name, h.value)) {
            qCWarning(lcResponseHead).noquote()
                << "Response header left out: its name or value contains a byte that would break the "
                   "response head (CR, LF, NUL):"
                << QString::fromLatin1(h.name.left(64).toPercentEncoding());
            continue;
        }
        hasDate |= h.hasName("Date");
        hasServer |= h.hasName("Server");
        hasRequestId |= h.hasName("x-amz-request-id");
        hasHostId |= h.hasName("x-amz-id-2");
        appendHeader(out, h.name, h.value);
    }

    if (!hasDate)
        appendHeader(out, QByteArrayView("Date"), HttpDate::now());
    if (!hasServer && !params.serverHeader.isEmpty())
        appendHeader(out, QByteArrayView("Server"), params.serverHeader);
    if (!hasRequestId && !params.requestId.isEmpty())
        appendHeader(out, QByteArrayView("x-amz-request-id"), params.requestId);
    if (!hasHostId && !params.hostId.isEmpty())
        appendHeader(out, QByteArrayView("x-amz-id-2"), params.hostId);

    switch (params.framing) {
    case BodyFraming::None:
        if (params.headRequest && !hasLength && response.status != 204 && response.status != 304)
            appendLength(out, params.length);
        break;
    case BodyFraming::Length:
        appendLength(out, params.length);
        break;
    case BodyFraming::Chunked:
        appendHeader(out, QByteArrayView("Transfer-Encoding"), QByteArrayView("chunked"));
        break;
    case BodyFraming::UntilClose:
        break;
    }
    if (params.close)
        appendHeader(out, QByteArrayView("Connection"), QByteArrayView("close"));
    else if (params.keepAlive10)
        appendHeader(out, QByteArrayView("Connection"), QByteArrayView("keep-alive"));
    out += "\r\n";
    return out;
}

} // namespace s3c
