#pragma once

#include "SigV4.h"
#include "base/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace s3c {

// What a request claims about its SigV4 signature, parsed from the Authorization header or from
// the X-Amz-* query parameters of a presigned URL. Parsing checks the syntax only; AuthVerifier
// checks the claims. Malformed input is AccessDenied with S3's own explanation (S3 answers
// AuthorizationHeaderMalformed / AuthorizationQueryParametersError, which our table maps onto
// AccessDenied as AuthVerifier.h specifies).
struct SigV4Authorization
{
    QString accessKey;
    QByteArray date;    // credential scope date, "20130524"
    QByteArray region;  // "us-east-1"
    QByteArray service; // "s3"
    QList<QByteArray> signedHeaders;
    QByteArray signature; // lower-case hex
    bool presigned = false;
    QByteArray amzDate; // presigned: X-Amz-Date (header auth takes it from the headers)
    qint64 expires = 0; // presigned: X-Amz-Expires, seconds

    QByteArray scope() const { return sigv4::credentialScope(date, region, service); }

    // "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date,
    // Signature=<64 hex>": components in any order, blanks after the commas optional.
    static Result<SigV4Authorization> fromHeader(QByteArrayView value);
    static Result<SigV4Authorization> fromQuery(const QList<sigv4::QueryParameter> &query);
    // True if the query carries any presigned-URL parameter.
    static bool isPresignedQuery(const QList<sigv4::QueryParameter> &query);

    static constexpr qint64 kMaxExpires = 7 * 24 * 3600; // SigV4 presigned URLs live at most a week

private:
    Status setCredential(QByteArrayView credential, bool inQuery);
    Status setSignedHeaders(QByteArrayView list);
    Status setSignature(QByteArrayView hex);
};

} // namespace s3c
