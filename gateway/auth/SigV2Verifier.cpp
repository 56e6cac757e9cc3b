#include "SigV2Verifier.h"

#include "Crypto.h"
#include "SigV2.h"

#include <QLoggingCategory>

#include <algorithm>

namespace s3c {

Q_DECLARE_LOGGING_CATEGORY(lcAuth)

namespace {

// The same 15 minutes as SigV4 ("Time stamp requirement").
constexpr qint64 kMaxSkewSeconds = 15 * 60;

QByteArray queryValue(const QList<sigv4::QueryParameter> &query, QByteArrayView name)
{
    for (const sigv4::QueryParameter &p : query) {
        if (p.name == name)
            return p.value;
    }
    return {};
}

bool hasQuery(const QList<sigv4::QueryParameter> &query, QByteArrayView name)
{
    for (const sigv4::QueryParameter &p : query) {
        if (p.name == name)
            return true;
    }
    return false;
}

// x-amz-date is an HTTP date in SigV2 clients (s3cmd), sometimes the ISO 8601 basic form.
std::optional<QDateTime> parseRequestTime(QByteArrayView text)
{
    if (auto t = sigv4::parseHttpDate(text))
        return t;
    return sigv4::parseAmzDate(text);
}

} // namespace

bool SigV2Verifier::isHeader(QByteArrayView authorization)
{
    return authorization.startsWith("AWS ");
}

bool SigV2Verifier::isQuery(const QList<sigv4::QueryParameter> &query)
{
    return hasQuery(query, "AWSAccessKeyId") || hasQuery(query, "Signature");
}

Failure SigV2Verifier::refused()
{
    return Failure{S3Error::InvalidRequest,
                   QStringLiteral("The authorization mechanism you have provided is not supported. Please use "
                                  "AWS4-HMAC-SHA256.")};
}

Result<AuthContext> SigV2Verifier::verifyHeader(const Input &in, QByteArrayView authorization)
{
    // "Authorization: AWS AWSAccessKeyId:Signature"
    const QByteArrayView credential = authorization.sliced(4).trimmed();
    const qsizetype colon = credential.indexOf(':');
    if (colon <= 0 || colon == credential.size() - 1)
        return Failure{S3Error::InvalidArgument,
                       QStringLiteral("AWS authorization header is invalid. Expected AwsAccessKeyId:signature")};
    const HttpRequest &request = *in.request;
    // "When an x-amz-date header is present in a request, the system will ignore any Date header
    // when computing the request signature": its place in the StringToSign is then empty.
    const bool amzDate = request.hasHeader("x-amz-date");
    const QByteArray timeText = amzDate ? request.header("x-amz-date") : request.header("date");
    const std::optional<QDateTime> time = parseRequestTime(timeText);
    if (!time)
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("AWS authentication requires a valid Date or x-amz-date header")};
    if (qAbs(time->secsTo(in.now)) > kMaxSkewSeconds)
        return Failure{S3Error::RequestTimeTooSkewed, {}};
    Result<AuthContext> context =
        verify(in, QString::fromUtf8(credential.first(colon)), credential.sliced(colon + 1),
               amzDate ? QByteArray() : timeText);
    if (context)
        context->requestTime = *time;
    return context;
}

Result<AuthContext> SigV2Verifier::verifyQuery(const Input &in)
{
    const QList<sigv4::QueryParameter> &query = *in.query;
    const QByteArray accessKey = queryValue(query, "AWSAccessKeyId");
    const QByteArray given = queryValue(query, "Signature");
    const QByteArray expiresText = queryValue(query, "Expires");
    if (accessKey.isEmpty() || given.isEmpty() || expiresText.isEmpty())
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("Query-string authentication requires the Signature, Expires and "
                                      "AWSAccessKeyId parameters")};
    bool ok = false;
    const qint64 expires = expiresText.toLongLong(&ok);
    if (!ok || expires < 0)
        return Failure{S3Error::AccessDenied, QStringLiteral("Invalid date (should be seconds since epoch)")};
    if (in.now.toSecsSinceEpoch() > expires)
        return Failure{S3Error::AccessDenied, QStringLiteral("Request has expired")};
    // "Query string request authentication alternative": Expires takes the place of Date.
    Result<AuthContext> context = verify(in, QString::fromUtf8(accessKey), given, expiresText);
    if (context) {
        context->presigned = true;
        context->requestTime = in.now;
    }
    return context;
}

Result<AuthContext> SigV2Verifier::verify(const Input &in, const QString &accessKey, QByteArrayView givenSignature,
                                          QByteArrayView dateOrExpires)
{
    const HttpRequest &request = *in.request;
    Result<QByteArray> secret = in.secretFor(accessKey);
    if (!secret)
        return secret.failure();

    // SigV2 signs no payload hash, but a client may still send x-amz-content-sha256 (it is signed
    // with the other x-amz-* headers): a hex value is verified as the body streams; streaming
    // (aws-chunked) modes need SigV4's chunk signatures.
    PayloadMode mode = PayloadMode::Unsigned;
    const QByteArray contentSha256 = request.header("x-amz-content-sha256");
    if (!contentSha256.isEmpty() && contentSha256 != sigv4::kUnsignedPayload) {
        const bool hex = contentSha256.size() == 64 &&
                         std::all_of(contentSha256.begin(), contentSha256.end(), [](char c) {
                             return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                         });
        if (!hex)
            return Failure{S3Error::InvalidRequest,
                           QStringLiteral("aws-chunked payloads need AWS Signature Version 4.")};
        mode = PayloadMode::SignedHex;
    }

    // A path-style request for a bucket itself ("/bucket") is signed by botocore and s3cmd as
    // "/bucket/", the form the documentation gives for a bucket; either reading names the same
    // request, so both verify.
    QByteArray path = request.rawPath();
    const bool bucketOnly = in.virtualHostBucket.isEmpty() && path.size() > 1 && path.indexOf('/', 1) < 0;
    const QByteArray amzHeaders = sigv2::canonicalAmzHeaders(request.headers);
    bool matched = false;
    for (int reading = 0; reading < (bucketOnly ? 2 : 1) && !matched; ++reading) {
        if (reading == 1)
            path += '/';
        const QByteArray toSign =
            sigv2::stringToSign(request.method, request.header("content-md5"), request.header("content-type"),
                                dateOrExpires, amzHeaders, sigv2::canonicalResource(in.virtualHostBucket, path, *in.query));
        if (in.debug)
            qCDebug(lcAuth).noquote() << "SigV2 string to sign for" << accessKey << ":\n" << toSign;
        matched = Crypto::constantTimeEquals(sigv2::signature(*secret, toSign), givenSignature);
    }
    if (!matched)
        return Failure{S3Error::SignatureDoesNotMatch, {}};

    AuthContext context;
    context.accessKey = accessKey;
    context.contentSha256 = contentSha256;
    context.payloadMode = mode;
    return context;
}

} // namespace s3c
