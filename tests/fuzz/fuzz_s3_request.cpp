// The S3 view of a request target (S3Request::parse): path-style and virtual-hosted. Input:
// [flags][Host header value]\n[request target].

#include "FuzzCheck.h"
#include "auth/SigV4.h"
#include "s3/S3Request.h"

using namespace s3c;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzSilenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(bytes + 1), qsizetype(size) - 1);
    const qsizetype newline = rest.indexOf('\n');
    HttpRequest request;
    request.method = "GET";
    request.rawTarget = newline < 0 ? rest : rest.mid(newline + 1);
    if (newline >= 0)
        request.headers.append({"Host", rest.first(newline)});
    const QString domain = (bytes[0] & 1) ? QStringLiteral("s3.example.com") : QString();

    const Result<S3Request> parsed = S3Request::parse(request, domain);
    if (!parsed) {
        FUZZ_CHECK(parsed.error() != S3Error::None);
        return 0;
    }
    // Keys and names reach file names and backend requests: no NUL, at most 1024 UTF-8 bytes.
    FUZZ_CHECK(!parsed->key.contains(QChar(0)) && !parsed->bucket.contains(QChar(0)));
    FUZZ_CHECK(parsed->key.toUtf8().size() <= 1024);
    for (const auto &[name, value] : parsed->query) {
        FUZZ_CHECK(parsed->hasQuery(name));
    }
    // Decoding is one-to-one: the key re-encoded reads back as the same key (a key must have
    // exactly one meaning, S3Request.cpp).
    if (domain.isEmpty() && !parsed->bucket.isEmpty() && !parsed->bucket.contains(QLatin1Char('/'))) {
        HttpRequest again = request;
        again.rawTarget = '/' + sigv4::uriEncode(parsed->bucket.toUtf8(), true) + '/' +
                          sigv4::uriEncode(parsed->key.toUtf8(), false);
        const Result<S3Request> reparsed = S3Request::parse(again, domain);
        FUZZ_CHECK(reparsed.ok() && reparsed->bucket == parsed->bucket && reparsed->key == parsed->key);
    }
    FUZZ_CHECK(parsed->resource().startsWith(QLatin1Char('/')));
    return 0;
}
