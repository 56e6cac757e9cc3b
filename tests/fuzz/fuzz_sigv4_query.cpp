// Raw query strings as SigV4 and presigned URLs meet them (auth/SigV4.cpp parseQuery,
// canonicalQuery; SigV4Authorization::fromQuery for the X-Amz-* parameters). Input:
// [flags][raw query] ('+' is a space, one decoding for auth and handlers). The fast canonicalQuery(raw) promises the same result as canonicalising
// the parsed parameters: the fuzzer compares the two.

#include "FuzzCheck.h"
#include "auth/SigV4.h"
#include "auth/SigV4Authorization.h"

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
    const QByteArrayView exclude = (bytes[0] & 2) ? QByteArrayView("X-Amz-Signature") : QByteArrayView();
    const QByteArrayView raw(reinterpret_cast<const char *>(bytes + 1), qsizetype(size) - 1);

    const QList<sigv4::QueryParameter> query = sigv4::parseQuery(raw);
    const QByteArray fast = sigv4::canonicalQuery(raw, exclude);
    FUZZ_CHECK(fast == sigv4::canonicalQuery(query, exclude));
    // Canonical form is a fixed point: parsing and canonicalising it again changes nothing.
    FUZZ_CHECK(sigv4::canonicalQuery(fast) == fast);
    for (const sigv4::QueryParameter &p : query) {
        FUZZ_CHECK(sigv4::percentDecode(sigv4::uriEncode(p.name, true)) == p.name);
        FUZZ_CHECK(sigv4::percentDecode(sigv4::uriEncode(p.value, false)) == p.value);
    }

    const bool presigned = SigV4Authorization::isPresignedQuery(query);
    const Result<SigV4Authorization> auth = SigV4Authorization::fromQuery(query);
    if (!auth)
        return 0;
    FUZZ_CHECK(presigned && auth->presigned);
    FUZZ_CHECK(auth->expires >= 1 && auth->expires <= SigV4Authorization::kMaxExpires);
    FUZZ_CHECK(sigv4::parseAmzDate(auth->amzDate).has_value());
    FUZZ_CHECK(auth->signature.size() == 64 && auth->date.size() == 8 && !auth->signedHeaders.isEmpty());
    return 0;
}
