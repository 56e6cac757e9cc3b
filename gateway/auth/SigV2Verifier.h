#pragma once

#include "AuthContext.h"
#include "SigV4.h"
#include "base/Result.h"
#include "http/HttpRequest.h"

#include <QDateTime>

#include <functional>

namespace s3c {

// Verifies AWS Signature Version 2 (SigV2.h): the header form "Authorization: AWS KEY:SIG" and
// the query form "?AWSAccessKeyId=KEY&Expires=EPOCH&Signature=SIG". AuthVerifier chooses it;
// it answers as S3 does:
//   - unknown key -> InvalidAccessKeyId, wrong signature -> SignatureDoesNotMatch
//   - header form: Date/x-amz-date more than 15 min off -> RequestTimeTooSkewed
//   - query form: past Expires -> AccessDenied "Request has expired"
// Signatures are compared in constant time. There is no chunk signing in SigV2: a streaming
// x-amz-content-sha256 is refused, a hex one is verified as the body streams.
class SigV2Verifier
{
public:
    using SecretLookup = std::function<Result<QByteArray>(const QString &accessKey)>;

    struct Input
    {
        const HttpRequest *request = nullptr;
        const QList<sigv4::QueryParameter> *query = nullptr; // decoded, the one decoding of the query
        QByteArrayView virtualHostBucket; // the bucket named by the Host header, if any
        SecretLookup secretFor;
        QDateTime now;
        bool debug = false;
    };

    static bool isHeader(QByteArrayView authorization);
    static bool isQuery(const QList<sigv4::QueryParameter> &query);
    static Result<AuthContext> verifyHeader(const Input &in, QByteArrayView authorization);
    static Result<AuthContext> verifyQuery(const Input &in);
    // The answer when SigV2 is switched off (--no-sigv2), as AWS gives it in SigV4-only regions.
    static Failure refused();

private:
    static Result<AuthContext> verify(const Input &in, const QString &accessKey, QByteArrayView givenSignature,
                                      QByteArrayView dateOrExpires);
};

} // namespace s3c
