#include "HttpParser.h"

#include <http_parser.h>

#include <cstring>
#include <mutex>

namespace s3c {

namespace {

HttpParser *self(http_parser *p)
{
    return static_cast<HttpParser *>(p->data);
}

// The library's own head limit (HTTP_MAX_HEADER_SIZE, request line and fields together) is
// process-wide; raise it when our limits need more so that ours decide and answer precisely.
void ensureLibraryHeadLimit(const HttpLimits &limits)
{
    static std::mutex mutex;
    static qint64 current = 80 * 1024;
    const qint64 needed = qint64(limits.maxRequestLineBytes) + limits.maxHeaderBytes + 4 * 1024;
    std::lock_guard lock(mutex);
    if (needed > current) {
        current = needed;
        http_parser_set_max_header_size(static_cast<uint32_t>(qMin<qint64>(needed, 0x7fffffff)));
    }
}

} // namespace

HttpParser::HttpParser(const HttpLimits &limits) : m_parser(std::make_unique<http_parser>()), m_limits(limits)
{
    ensureLibraryHeadLimit(limits);
    http_parser_init(m_parser.get(), HTTP_REQUEST);
    m_parser->data = this;
}

HttpParser::~HttpParser() = default;

qsizetype HttpParser::feed(const char *data, qsizetype size)
{
    if (m_event == Event::Error)
        return 0;
    static const http_parser_settings kSettings = [] {
        http_parser_settings s;
        http_parser_settings_init(&s);
        s.on_message_begin = &HttpParser::onMessageBegin;
        s.on_url = &HttpParser::onUrl;
        s.on_header_field = &HttpParser::onHeaderField;
        s.on_header_value = &HttpParser::onHeaderValue;
        s.on_headers_complete = &HttpParser::onHeadersComplete;
        s.on_body = &HttpParser::onBody;
        s.on_message_complete = &HttpParser::onMessageComplete;
        return s;
    }();
    m_event = Event::NeedMore;
    if (!m_headDone && !m_scanner.scan(QByteArrayView(data, size))) {
        m_event = Event::Error;
        fail(S3Error::BadRequest, QStringLiteral("Malformed request: %1.").arg(m_scanner.error()));
        return 0;
    }
    const size_t n = http_parser_execute(m_parser.get(), &kSettings, data, static_cast<size_t>(size));
    const auto err = HTTP_PARSER_ERRNO(m_parser.get());
    if (err == HPE_PAUSED) {
        // We paused in a callback to hand over a head or a finished message.
        http_parser_pause(m_parser.get(), 0);
    } else if (err != HPE_OK) {
        classifyParserError();
    }
    return static_cast<qsizetype>(n);
}

int HttpParser::fail(S3Error error, const QString &message)
{
    if (m_error == S3Error::None) {
        m_error = error;
        m_errorMessage = message;
    }
    return -1;
}

void HttpParser::classifyParserError()
{
    m_event = Event::Error;
    if (m_error != S3Error::None)
        return; // raised by one of our callbacks, already precise
    const auto err = HTTP_PARSER_ERRNO(m_parser.get());
    const QString what = QString::fromLatin1(http_errno_description(err));
    if (err == HPE_HEADER_OVERFLOW) {
        m_error = m_inHeaders ? S3Error::RequestHeaderSectionTooLarge : S3Error::RequestUriTooLong;
        return;
    }
    m_error = S3Error::BadRequest;
    m_errorMessage = m_headDone ? QStringLiteral("Malformed request body framing: %1").arg(what)
                                : QStringLiteral("Malformed request: %1").arg(what);
}

int HttpParser::onMessageBegin(http_parser *p)
{
    HttpParser *s = self(p);
    s->m_request = HttpRequest();
    s->m_headerBytes = 0;
    s->m_headerCount = 0;
    s->m_started = true;
    s->m_headDone = false;
    s->m_lastWasValue = false;
    s->m_inHeaders = false;
    return 0;
}

int HttpParser::onUrl(http_parser *p, const char *at, size_t len)
{
    HttpParser *s = self(p);
    s->m_request.rawTarget.append(at, static_cast<qsizetype>(len));
    // RFC 9112 section 3: request-line = method SP request-target SP HTTP-version CRLF.
    const qint64 line = qint64(std::strlen(http_method_str(static_cast<http_method>(p->method)))) + 1 +
                        s->m_request.rawTarget.size() + 11;
    if (line > s->m_limits.maxRequestLineBytes)
        return s->fail(S3Error::RequestUriTooLong, {});
    return 0;
}

namespace {

// RFC 9110 section 5.6.2: field-name = token. Debian's libhttp-parser is built non-strict and
// lets blanks and some separators into names ("Transfer-Encoding : chunked"); RFC 9112 section
// 5.1 says a server MUST answer such a field line with 400, since a proxy or backend may read the
// name differently (request smuggling).
bool isFieldName(QByteArrayView name)
{
    static constexpr char kSpecials[] = "!#$%&'*+-.^_`|~";
    for (const char c : name) {
        const uchar u = uchar(c);
        const bool alnum = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
        if (!alnum && (c == 0 || !std::strchr(kSpecials, c)))
            return false;
    }
    return !name.isEmpty();
}

// RFC 9112 sections 6.1 and 6.3: a message whose length a front proxy could read differently
// (request smuggling) gets 400 and the connection closes; a transfer coding we do not know, 501.
int checkFraming(const HttpRequest &r, S3Error *error, QString *message)
{
    int contentLengths = 0;
    QList<QByteArray> codings;
    for (const HttpHeader &h : r.headers) {
        if (h.name.compare("content-length", Qt::CaseInsensitive) == 0) {
            ++contentLengths;
        } else if (h.name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            for (const QByteArray &item : h.value.split(','))
                codings.append(item.trimmed().toLower());
        }
    }
    *error = S3Error::BadRequest;
    if (contentLengths > 1) {
        *message = QStringLiteral("Malformed request: more than one Content-Length.");
        return -1;
    }
    if (codings.isEmpty())
        return 0;
    if (r.versionMinor == 0) {
        *message = QStringLiteral("Malformed request: Transfer-Encoding in an HTTP/1.0 request.");
        return -1;
    }
    if (contentLengths > 0) {
        *message = QStringLiteral("Malformed request: both Transfer-Encoding and Content-Length.");
        return -1;
    }
    if (codings.last() != "chunked" || codings.count("chunked") != 1) {
        *message = QStringLiteral("Malformed request: chunked must be the final transfer coding, once.");
        return -1;
    }
    if (codings.size() > 1) {
        *error = S3Error::NotImplemented;
        *message = QStringLiteral("Transfer codings other than chunked are not supported.");
        return -1;
    }
    return 0;
}

} // namespace

bool HttpParser::addHeaderBytes(qsizetype n)
{
    m_headerBytes += n;
    return m_headerBytes <= m_limits.maxHeaderBytes;
}

int HttpParser::onHeaderField(http_parser *p, const char *at, size_t len)
{
    HttpParser *s = self(p);
    s->m_inHeaders = true;
    if (s->m_headDone)
        return 0; // chunked trailer fields: bounded by the library's head limit, not used
    const bool newField = s->m_request.headers.isEmpty() || s->m_lastWasValue;
    if (newField) {
        if (++s->m_headerCount > s->m_limits.maxHeaderCount)
            return s->fail(S3Error::RequestHeaderSectionTooLarge,
                           QStringLiteral("Your request has more than %1 header fields.")
                               .arg(s->m_limits.maxHeaderCount));
        s->m_request.headers.append(HttpHeader());
        // ": " and CRLF of this field line count toward the section size.
        if (!s->addHeaderBytes(4))
            return s->fail(S3Error::RequestHeaderSectionTooLarge, {});
    }
    s->m_lastWasValue = false;
    s->m_request.headers.last().name.append(at, static_cast<qsizetype>(len));
    if (!s->addHeaderBytes(static_cast<qsizetype>(len)))
        return s->fail(S3Error::RequestHeaderSectionTooLarge, {});
    return 0;
}

int HttpParser::onHeaderValue(http_parser *p, const char *at, size_t len)
{
    HttpParser *s = self(p);
    if (s->m_headDone)
        return 0;
    s->m_lastWasValue = true;
    s->m_request.headers.last().value.append(at, static_cast<qsizetype>(len));
    if (!s->addHeaderBytes(static_cast<qsizetype>(len)))
        return s->fail(S3Error::RequestHeaderSectionTooLarge, {});
    return 0;
}

int HttpParser::onHeadersComplete(http_parser *p)
{
    return self(p)->finishHead();
}

int HttpParser::finishHead()
{
    http_parser *p = m_parser.get();
    m_inHeaders = true;
    HttpRequest &r = m_request;
    for (HttpHeader &h : r.headers) {
        if (!isFieldName(h.name))
            return fail(S3Error::BadRequest, QStringLiteral("Malformed request: invalid header field name."));
        h.value = h.value.trimmed();
    }
    r.method = QByteArray(http_method_str(static_cast<http_method>(p->method)));
    r.versionMajor = p->http_major;
    r.versionMinor = p->http_minor;
    // RFC 9112 section 2.3: any HTTP/1.x is answered as HTTP/1.1; other majors get 505.
    if (r.versionMajor != 1)
        return fail(S3Error::HttpVersionNotSupported, {});
    // CONNECT switches the connection to a tunnel, which an S3 endpoint never offers.
    if (p->method == HTTP_CONNECT)
        return fail(S3Error::MethodNotAllowed, {});
    S3Error framingError = S3Error::None;
    QString framingMessage;
    if (checkFraming(r, &framingError, &framingMessage) != 0)
        return fail(framingError, framingMessage);
    r.chunked = (p->flags & F_CHUNKED) != 0;
    r.contentLength = (!r.chunked && (p->flags & F_CONTENTLENGTH)) ? qint64(p->content_length) : -1;
    // S3's single-request limit is on the object bytes: with aws-chunked framing those are
    // x-amz-decoded-content-length, Content-Length also counts the chunk signatures.
    bool decodedKnown = false;
    const qint64 decoded = r.header("x-amz-decoded-content-length").toLongLong(&decodedKnown);
    m_bodyLimit = decodedKnown ? -1 : m_limits.maxSinglePutBytes;
    if ((decodedKnown ? decoded : r.contentLength) > m_limits.maxSinglePutBytes)
        return fail(S3Error::EntityTooLarge, {});
    m_bodyBytes = 0;
    r.keepAlive = http_should_keep_alive(p) != 0;
    // RFC 9110 section 10.1.1: 100-continue is only for HTTP/1.1 and later clients.
    r.expectContinue =
        r.versionMinor >= 1 && r.header("Expect").compare("100-continue", Qt::CaseInsensitive) == 0;
    m_headDone = true;
    m_event = Event::HeadComplete;
    http_parser_pause(p, 1);
    return 0;
}

int HttpParser::onBody(http_parser *p, const char *at, size_t len)
{
    HttpParser *s = self(p);
    s->m_bodyBytes += qint64(len);
    if (s->m_bodyLimit >= 0 && s->m_bodyBytes > s->m_bodyLimit) // a chunked body has no length up front
        return s->fail(S3Error::EntityTooLarge, {});
    if (s->m_sink)
        s->m_sink(at, static_cast<qsizetype>(len));
    return 0;
}

int HttpParser::onMessageComplete(http_parser *p)
{
    HttpParser *s = self(p);
    // We never switch protocols (RFC 9110 section 7.8 lets a server ignore Upgrade); clearing
    // the flag keeps the library parsing the next request as HTTP.
    p->upgrade = 0;
    s->m_headDone = false;
    s->m_started = false;
    s->m_inHeaders = false;
    s->m_scanner.reset();
    s->m_event = Event::MessageComplete;
    http_parser_pause(p, 1);
    return 0;
}

} // namespace s3c
