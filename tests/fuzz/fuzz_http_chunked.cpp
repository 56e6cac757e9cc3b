// Chunked transfer coding (RFC 9112 section 7.1) through HttpParser: a fixed request head, the
// fuzzed bytes as its body. Where a strict reference decoder also accepts the body, both must
// give the same bytes: a disagreement is a framing confusion (request smuggling material).

#include "FuzzCheck.h"
#include "http/HttpParser.h"

#include <cctype>
#include <cstring>
#include <optional>

using namespace s3c;

namespace {

bool isTokenChar(char c) // RFC 9110 section 5.6.2: tchar
{
    const uchar u = uchar(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    return c && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool allTokenChars(QByteArrayView text)
{
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return !text.isEmpty();
}

// chunked-body = *chunk last-chunk trailer-section CRLF, chunk = chunk-size [ chunk-ext ] CRLF
// chunk-data CRLF. Strict: CRLF only, no blanks, at most 15 hex digits. Returns the decoded body
// and how many input bytes the message took, or nothing if it is not strictly valid.
std::optional<std::pair<QByteArray, qsizetype>> referenceDecode(QByteArrayView in)
{
    QByteArray out;
    qsizetype i = 0;
    const auto line = [&](QByteArrayView &text) {
        const qsizetype crlf = in.indexOf("\r\n", i);
        if (crlf < 0)
            return false;
        text = in.sliced(i, crlf - i);
        i = crlf + 2;
        return !text.contains('\r') && !text.contains('\n');
    };
    for (;;) {
        QByteArrayView head;
        if (!line(head))
            return std::nullopt;
        qsizetype digits = 0;
        qint64 chunk = 0;
        while (digits < head.size() && std::isxdigit(uchar(head[digits]))) {
            if (++digits > 15) // checked before the multiply: 16 hex digits overflow qint64
                return std::nullopt;
            chunk = chunk * 16 + QByteArray(1, head[digits - 1]).toInt(nullptr, 16);
        }
        if (digits == 0 || (digits < head.size() && head[digits] != ';'))
            return std::nullopt;
        if (digits < head.size()) { // chunk-ext = *( ";" token [ "=" token ] ), quoted-string left out
            for (const QByteArray &ext : head.sliced(digits + 1).toByteArray().split(';')) {
                const qsizetype eq = ext.indexOf('=');
                if (!allTokenChars(eq < 0 ? ext : ext.first(eq)) || (eq >= 0 && !allTokenChars(ext.sliced(eq + 1))))
                    return std::nullopt;
            }
        }
        if (chunk == 0)
            break;
        if (in.size() - i < chunk + 2 || in.sliced(i + chunk, 2) != "\r\n")
            return std::nullopt;
        out.append(in.sliced(i, chunk));
        i += chunk + 2;
    }
    for (;;) { // trailer-section = *( field-line CRLF ), then CRLF
        QByteArrayView field;
        if (!line(field))
            return std::nullopt;
        if (field.isEmpty())
            return std::make_pair(out, i);
        const qsizetype colon = field.indexOf(':');
        if (colon <= 0 || !allTokenChars(field.first(colon)))
            return std::nullopt;
        // Framing fields are not allowed as trailers (RFC 9110 section 6.5.1); libhttp-parser
        // checks a Content-Length there like one in the head, and refusing it is right.
        const QByteArray name = field.first(colon).toByteArray().toLower();
        if (name == "content-length" || name == "transfer-encoding")
            return std::nullopt;
        for (const char c : field.sliced(colon + 1)) { // field-value: VCHAR, obs-text, SP, HTAB
            if (uchar(c) < 0x20 && c != '\t')
                return std::nullopt;
            if (uchar(c) == 0x7f)
                return std::nullopt;
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzSilenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype piece = bytes[0] == 0 ? qsizetype(size) : qsizetype(bytes[0]);
    const QByteArray body(reinterpret_cast<const char *>(bytes + 1), qsizetype(size) - 1);
    const QByteArray input =
        QByteArrayLiteral("PUT /bucket/key HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n") + body;

    HttpParser parser(HttpLimits{});
    QByteArray decoded;
    parser.setBodySink([&](const char *data, qsizetype n) { decoded.append(data, n); });
    qsizetype pos = 0;
    bool head = false, complete = false;
    qsizetype bodyEnd = -1;
    while (pos < input.size() && !complete) {
        const qsizetype given = qMin(piece, input.size() - pos);
        const qsizetype used = parser.feed(input.constData() + pos, given);
        FUZZ_CHECK(used >= 0 && used <= given);
        pos += used;
        const HttpParser::Event e = parser.event();
        if (e == HttpParser::Event::Error)
            break;
        if (e == HttpParser::Event::NeedMore)
            FUZZ_CHECK(used == given);
        if (e == HttpParser::Event::HeadComplete) {
            FUZZ_CHECK(!head);
            head = true;
            const HttpRequest r = parser.takeRequest();
            FUZZ_CHECK(r.chunked && r.contentLength == -1);
        }
        if (e == HttpParser::Event::MessageComplete) {
            complete = true;
            bodyEnd = pos - (input.size() - body.size());
        }
        FUZZ_CHECK(decoded.size() <= pos);
    }
    FUZZ_CHECK(head); // the fixed head is valid whatever follows
    const auto reference = referenceDecode(body);
    if (reference && complete) {
        FUZZ_CHECK(reference->first == decoded);
        FUZZ_CHECK(reference->second == bodyEnd); // both end the message at the same byte
    }
    if (reference && !complete) {
        // A strictly valid body must not be refused (split points must not matter either).
        FUZZ_CHECK(parser.event() != HttpParser::Event::Error);
    }
    return 0;
}
