// The Authorization header of SigV4 requests (SigV4Authorization::fromHeader): what parses must
// be well-formed, and must read back the same from its canonical spelling.

#include "FuzzCheck.h"
#include "auth/SigV4Authorization.h"

using namespace s3c;

namespace {

void checkParsed(const SigV4Authorization &a)
{
    FUZZ_CHECK(!a.presigned);
    FUZZ_CHECK(a.signature.size() == 64);
    for (const char c : a.signature)
        FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    FUZZ_CHECK(a.date.size() == 8);
    FUZZ_CHECK(!a.accessKey.isEmpty() && !a.region.isEmpty() && !a.service.isEmpty());
    FUZZ_CHECK(!a.region.contains('/') && !a.service.contains('/') && !a.region.contains(','));
    FUZZ_CHECK(!a.signedHeaders.isEmpty());
    for (const QByteArray &name : a.signedHeaders)
        FUZZ_CHECK(!name.isEmpty() && !name.contains(';') && !name.contains(',') && !name.contains(' '));
    FUZZ_CHECK(a.scope() == a.date + '/' + a.region + '/' + a.service + "/aws4_request");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzSilenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView value(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const Result<SigV4Authorization> parsed = SigV4Authorization::fromHeader(value);
    if (!parsed) {
        FUZZ_CHECK(parsed.error() != S3Error::None);
        return 0;
    }
    checkParsed(*parsed);
    // Round trip, where the access key is valid UTF-8 (it is kept as a QString).
    const QByteArray key = parsed->accessKey.toUtf8();
    if (!value.contains(key))
        return 0;
    QByteArray headers;
    for (const QByteArray &name : parsed->signedHeaders)
        headers += (headers.isEmpty() ? "" : ";") + name;
    const QByteArray canonical = "AWS4-HMAC-SHA256 Credential=" + key + '/' + parsed->scope() +
                                 ", SignedHeaders=" + headers + ", Signature=" + parsed->signature;
    const Result<SigV4Authorization> again = SigV4Authorization::fromHeader(canonical);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->accessKey == parsed->accessKey && again->scope() == parsed->scope());
    FUZZ_CHECK(again->signedHeaders == parsed->signedHeaders && again->signature == parsed->signature);
    return 0;
}
