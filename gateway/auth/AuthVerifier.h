#pragma once

#include "AuthContext.h"
#include "Clock.h"
#include "Credentials.h"
#include "SigV4.h"
#include "http/HttpRequest.h"
#include "base/Result.h"

#include <QHash>

namespace s3c {

// Checks a request's AWS Signature Version 4 (or 2, SigV2Verifier), from the Authorization header or a presigned
// query, before any body byte is read (style.md #6).
//   - missing/malformed auth, anonymous request -> AccessDenied
//   - unknown access key -> InvalidAccessKeyId; wrong signature -> SignatureDoesNotMatch
//   - x-amz-date more than 15 min off -> RequestTimeTooSkewed
//   - presigned: X-Amz-Expires outside 1..604800 -> AuthorizationQueryParametersError (as
//     AccessDenied/InvalidArgument), expired -> AccessDenied "Request has expired"
//   - credential scope of another region or service -> AuthorizationHeaderMalformed (header) or
//     AuthorizationQueryParametersError (presigned), both 400, as S3 answers
// The query is decoded once, by the caller (S3Request) or by verify(request): the canonical query
// is built from that one decoded list, so the signature covers exactly what the handler reads.
// Signatures are compared in constant time; signing keys are cached per day/region/service.
class AuthVerifier
{
public:
    explicit AuthVerifier(const Clock *clock = nullptr);

    void setCredentials(const QList<Credentials> &credentials);
    // --debug: log each SigV4 stage (canonical request, string to sign), never a secret or key.
    void setDebugLogging(bool on);
    // The gateway's region (--region): the only one a credential scope may name.
    void setRegion(const QByteArray &region);

    // Signature Version 2 (SigV2Verifier) is verified unless switched off (--no-sigv2), then
    // answered with InvalidRequest "Please use AWS4-HMAC-SHA256" as AWS does.
    void setSigV2Allowed(bool allowed);

    // `query` is sigv4::parseQuery(request.rawQuery()), the decoding the handler also uses.
    // virtualHostBucket: the bucket a virtual-hosted request names in its Host header (SigV2's
    // canonical resource starts with it); empty for path-style requests.
    Result<AuthContext> verify(const HttpRequest &request, const QList<sigv4::QueryParameter> &query,
                               QByteArrayView virtualHostBucket = {}) const;
    // Decodes the query itself (tests, callers without an S3Request).
    Result<AuthContext> verify(const HttpRequest &request, QByteArrayView virtualHostBucket = {}) const;

private:
    class Private;
    std::shared_ptr<Private> d;
};

} // namespace s3c
