#pragma once

#include "HttpHeadScanner.h"
#include "HttpLimits.h"
#include "HttpRequest.h"
#include "base/S3Error.h"

#include <QString>

#include <functional>
#include <memory>

struct http_parser;

namespace s3c {

// Request parsing with Debian's libhttp-parser 2.9 (design-notes.md #1), keeping the request
// target and header list raw. Parsing stops right after a request head and right after a
// complete message, so the connection handles requests strictly one at a time (RFC 9112
// section 9.3.2: pipelined responses go out in request order). Limits from HttpLimits are
// checked as the bytes arrive, not after buffering them.
class HttpParser
{
public:
    enum class Event {
        NeedMore,        // everything fed was consumed, more bytes are needed
        HeadComplete,    // takeRequest() is ready; body bytes (if any) come next
        MessageComplete, // the body ended; the next feed() starts the next request
        Error,           // error()/errorMessage() say why; the parser accepts nothing more
    };
    using BodySink = std::function<void(const char *data, qsizetype size)>;

    explicit HttpParser(const HttpLimits &limits);
    ~HttpParser();
    HttpParser(const HttpParser &) = delete;
    HttpParser &operator=(const HttpParser &) = delete;

    // Parses from data and returns how many bytes were consumed; after HeadComplete or
    // MessageComplete the rest must be fed again once the caller is ready for it.
    qsizetype feed(const char *data, qsizetype size);
    Event event() const { return m_event; }
    // Decoded body bytes (chunked framing removed) go here as they are parsed.
    void setBodySink(BodySink sink) { m_sink = std::move(sink); }

    HttpRequest takeRequest() { return std::move(m_request); }
    // A request has begun (its first byte, after optional leading CRLFs, was seen).
    bool messageStarted() const { return m_started; }
    // The head was delivered and the body has not ended yet.
    bool inBody() const { return m_headDone; }
    S3Error error() const { return m_error; }
    QString errorMessage() const { return m_errorMessage; }

private:
    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t len);
    static int onHeaderField(http_parser *p, const char *at, size_t len);
    static int onHeaderValue(http_parser *p, const char *at, size_t len);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t len);
    static int onMessageComplete(http_parser *p);

    int fail(S3Error error, const QString &message);
    bool addHeaderBytes(qsizetype n);
    int finishHead();
    void classifyParserError();

    std::unique_ptr<http_parser> m_parser;
    HttpLimits m_limits;
    HttpHeadScanner m_scanner; // framing checks libhttp-parser does not make
    HttpRequest m_request;
    BodySink m_sink;
    Event m_event = Event::NeedMore;
    S3Error m_error = S3Error::None;
    QString m_errorMessage;
    qint64 m_headerBytes = 0;
    qint64 m_bodyBytes = 0;  // decoded body bytes of the current request
    qint64 m_bodyLimit = -1; // -1: checked elsewhere (aws-chunked carries its decoded length)
    int m_headerCount = 0;
    bool m_started = false;
    bool m_headDone = false;
    bool m_lastWasValue = false;
    bool m_inHeaders = false; // past the request line
};

} // namespace s3c
