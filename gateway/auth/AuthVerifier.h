#pragma once

#include "AuthContext.h"
#include "Clock.h"
#include "Credentials.h"
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
// Signatures are compared in constant time; signing keys are cached per day/region/service.
class AuthVerifier
{
public:
    explicit AuthVerifier(const Clock *clock = nullptr);

    void setCredentials(const QList<Credentials> &credentials);
    // --debug: log each SigV4 stage (canonical request, string to sign), never a secret or key.
    void setDebugLogging(bool on);

    // Signature Version 2 (SigV2Verifier) is verified unless switched off (--no-sigv2), then
    // answered with InvalidRequest "Please use AWS4-HMAC-SHA256" as AWS does.
    void setSigV2Allowed(bool allowed);

    // virtualHostBucket: the bucket a virtual-hosted request names in its Host header (SigV2's
    // canonical resource starts with it); empty for path-style requests.
    Result<AuthContext> verify(const HttpRequest &request, QByteArrayView virtualHostBucket = {}) const;

private:
    class Private;
    std::shared_ptr<Private> d;
};

} // namespace s3c
