// Request heads (and whatever follows them) through HttpParser, fed in pieces as a socket would
// deliver them. The first input byte picks the piece size, so splits inside a request line, a
// header name, a CRLF or a chunk-size line are all reached.

#include "FuzzCheck.h"
#include "http/HttpParser.h"

#include <cstring>

using namespace s3c;

namespace {

bool isTokenChar(char c) // RFC 9110 section 5.6.2: tchar
{
    const uchar u = uchar(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    return c && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

void checkHead(const HttpRequest &r)
{
    FUZZ_CHECK(!r.method.isEmpty());
    FUZZ_CHECK(!r.rawTarget.isEmpty());
    // A target or a value with a line break in it would let one request smuggle another (RFC
    // 9112 section 11.2) once it is copied into a backend request or a log line.
    FUZZ_CHECK(!r.rawTarget.contains('\r') && !r.rawTarget.contains('\n') && !r.rawTarget.contains(' '));
    for (const HttpHeader &h : r.headers) {
        FUZZ_CHECK(!h.name.isEmpty());
        for (const char c : h.name)
            FUZZ_CHECK(isTokenChar(c));
        FUZZ_CHECK(!h.value.contains('\r') && !h.value.contains('\n'));
        FUZZ_CHECK(h.value == h.value.trimmed());
    }
    FUZZ_CHECK(r.versionMajor == 1);
    FUZZ_CHECK(r.contentLength >= -1);
    FUZZ_CHECK(!(r.chunked && r.contentLength >= 0));
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
    const char *data = reinterpret_cast<const char *>(bytes + 1);
    const qsizetype total = qsizetype(size) - 1;

    HttpLimits limits;
    limits.maxRequestLineBytes = 2048; // small limits, so the fuzzer reaches them
    limits.maxHeaderBytes = 4096;
    limits.maxHeaderCount = 20;
    HttpParser parser(limits);
    qint64 bodyBytes = 0;
    parser.setBodySink([&](const char *, qsizetype n) {
        FUZZ_CHECK(n > 0);
        bodyBytes += n;
    });

    qsizetype pos = 0;
    int heads = 0;
    while (pos < total) {
        const qsizetype given = qMin(piece, total - pos);
        const qsizetype used = parser.feed(data + pos, given);
        FUZZ_CHECK(used >= 0 && used <= given);
        pos += used;
        switch (parser.event()) {
        case HttpParser::Event::NeedMore:
            FUZZ_CHECK(used == given); // NeedMore promises everything fed was consumed
            break;
        case HttpParser::Event::HeadComplete:
            ++heads;
            FUZZ_CHECK(parser.inBody());
            checkHead(parser.takeRequest());
            break;
        case HttpParser::Event::MessageComplete:
            FUZZ_CHECK(!parser.inBody());
            break;
        case HttpParser::Event::Error:
            FUZZ_CHECK(parser.error() != S3Error::None);
            FUZZ_CHECK(parser.feed(data + pos, total - pos) == 0); // nothing more is accepted
            return 0;
        }
        // Decoded body bytes come out of the bytes consumed, never out of thin air.
        FUZZ_CHECK(bodyBytes <= pos);
    }
    return 0;
}
