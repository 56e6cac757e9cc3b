#include "AuthVerifier.h"

#include "Crypto.h"
#include "SigV2Verifier.h"
#include "SigV4.h"
#include "SigV4Authorization.h"
#include "SigningKeyCache.h"

#include <QLoggingCategory>
#include <QReadWriteLock>

#include <atomic>

namespace s3c {

Q_LOGGING_CATEGORY(lcAuth, "s3c.auth")

namespace {

// "Authenticating Requests (AWS Signature Version 4)": S3 refuses a request whose time is more
// than 15 minutes away from its own clock.
constexpr qint64 kMaxSkewSeconds = 15 * 60;

// An absolute-form target ("http://host/path", RFC 9112 3.2.2) signs only its path.
QByteArray pathOf(const HttpRequest &request)
{
    QByteArray path = request.rawPath();
    if (!path.startsWith('/')) {
        const qsizetype scheme = path.indexOf("://");
        if (scheme > 0) {
            const qsizetype slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? QByteArrayLiteral("/") : path.sliced(slash);
        }
    }
    return path;
}

std::optional<PayloadMode> payloadModeOf(QByteArrayView value)
{
    if (value == sigv4::kUnsignedPayload)
        return PayloadMode::Unsigned;
    if (value == sigv4::kStreamingSigned)
        return PayloadMode::StreamingSigned;
    if (value == sigv4::kStreamingSignedTrailer)
        return PayloadMode::StreamingSignedTrailer;
    if (value == sigv4::kStreamingUnsignedTrailer)
        return PayloadMode::StreamingUnsignedTrailer;
    if (value.size() != 64)
        return std::nullopt;
    for (const char c : value) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return std::nullopt;
    }
    return PayloadMode::SignedHex;
}

} // namespace

class AuthVerifier::Private
{
public:
    const Clock *clock = nullptr;
    Clock systemClock;
    mutable QReadWriteLock lock;
    QHash<QString, QString> secrets;
    QByteArray region = QByteArrayLiteral("us-east-1");
    mutable SigningKeyCache keys;
    std::atomic<bool> debug{false};
    std::atomic<bool> sigV2{true};

    QDateTime now() const { return (clock ? clock : &systemClock)->nowUtc(); }
    Result<QByteArray> secretFor(const QString &accessKey) const;
    Status checkScope(const SigV4Authorization &auth) const;
    Status checkClaims(const HttpRequest &request, const SigV4Authorization &auth) const;
    Status checkSignature(const HttpRequest &request, const QList<sigv4::QueryParameter> &query,
                          const SigV4Authorization &auth, QByteArrayView timestamp,
                          QByteArrayView payloadHash, const QByteArray &signingKey) const;
    Result<AuthContext> verifyHeader(const HttpRequest &request, const QList<sigv4::QueryParameter> &query,
                                     QByteArrayView authorization) const;
    Result<AuthContext> verifyPresigned(const HttpRequest &request,
                                        const QList<sigv4::QueryParameter> &query) const;
};

Result<QByteArray> AuthVerifier::Private::secretFor(const QString &accessKey) const
{
    QReadLocker locker(&lock);
    const auto it = secrets.constFind(accessKey);
    if (it == secrets.constEnd())
        return Failure{S3Error::InvalidAccessKeyId, {}};
    return it->toUtf8();
}

Status AuthVerifier::Private::checkScope(const SigV4Authorization &auth) const
{
    // The credential scope binds a signature to one region and one service ("Authenticating
    // Requests (AWS Signature Version 4)", credential scope). S3 answers a scope for another
    // region with 400 AuthorizationHeaderMalformed (header) or AuthorizationQueryParametersError
    // (presigned URL), naming the region it expects, so that SDKs can re-sign for it; another
    // service gets the same codes with S3's "incorrect service" wording.
    const S3Error error =
        auth.presigned ? S3Error::AuthorizationQueryParametersError : S3Error::AuthorizationHeaderMalformed;
    const QString prefix = auth.presigned ? QStringLiteral("Error parsing the X-Amz-Credential parameter; ")
                                          : QStringLiteral("The authorization header is malformed; ");
    QReadLocker locker(&lock);
    if (auth.region != region)
        return Failure{error, prefix + QStringLiteral("the region '%1' is wrong; expecting '%2'")
                                           .arg(QString::fromUtf8(auth.region), QString::fromUtf8(region))};
    if (auth.service != "s3")
        return Failure{error,
                       prefix + QStringLiteral("incorrect service \"%1\". This endpoint belongs to \"s3\".")
                                    .arg(QString::fromUtf8(auth.service))};
    return Done{};
}

Status AuthVerifier::Private::checkClaims(const HttpRequest &request, const SigV4Authorization &auth) const
{
    // The Host header must be signed ("Authenticating Requests: Using the Authorization Header",
    // SignedHeaders): otherwise a signature made for one endpoint would be good for any.
    if (!auth.signedHeaders.contains(QByteArrayLiteral("host")))
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("The Host header must be signed (SignedHeaders).")};
    // Every x-amz-* header must be signed: an unsigned x-amz-copy-source or x-amz-acl added to a
    // presigned PUT would change what the signer allowed. S3 answers this with AccessDenied.
    QList<QByteArray> unsigned_;
    for (const HttpHeader &h : request.headers) {
        const QByteArray name = h.name.toLower();
        if (name.startsWith("x-amz-") && !auth.signedHeaders.contains(name) && !unsigned_.contains(name))
            unsigned_.append(name);
    }
    if (!unsigned_.isEmpty())
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("There were headers present in the request which were not signed: %1")
                           .arg(QString::fromLatin1(unsigned_.join(", ")))};
    return Done{};
}

Status AuthVerifier::Private::checkSignature(const HttpRequest &request,
                                             const QList<sigv4::QueryParameter> &query,
                                             const SigV4Authorization &auth, QByteArrayView timestamp,
                                             QByteArrayView payloadHash, const QByteArray &signingKey) const
{
    const QByteArray uri = sigv4::canonicalUri(pathOf(request), sigv4::PathMode::S3Raw);
    const QByteArray headers = sigv4::canonicalHeaders(request.headers, auth.signedHeaders);
    const QByteArray signedList = sigv4::signedHeadersList(auth.signedHeaders);
    const QByteArrayView exclude = auth.presigned ? QByteArrayView("X-Amz-Signature") : QByteArrayView();
    // One reading of the query, the handler's (sigv4::parseQuery: '+' is a space): a second,
    // "literal '+'" reading tried here once let '+' and %2B be swapped in a signed URL while the
    // handler saw another value than the one signed.
    const QByteArray canonicalQuery = sigv4::canonicalQuery(query, exclude);
    const QByteArray canonical =
        sigv4::canonicalRequest(request.method, uri, canonicalQuery, headers, signedList, payloadHash);
    const QByteArray toSign = sigv4::stringToSign(timestamp, auth.scope(), canonical);
    const QByteArray expected = sigv4::signature(signingKey, toSign);
    if (debug) {
        qCDebug(lcAuth).noquote() << "SigV4 canonical request for" << auth.accessKey << ":\n" << canonical;
        qCDebug(lcAuth).noquote() << "SigV4 string to sign:\n" << toSign;
    }
    if (Crypto::constantTimeEquals(expected, auth.signature))
        return Done{};
    if (debug)
        qCDebug(lcAuth) << "SigV4 signature mismatch for" << auth.accessKey;
    return Failure{S3Error::SignatureDoesNotMatch, {}};
}

Result<AuthContext> AuthVerifier::Private::verifyHeader(const HttpRequest &request,
                                                        const QList<sigv4::QueryParameter> &query,
                                                        QByteArrayView authorization) const
{
    Result<SigV4Authorization> parsed = SigV4Authorization::fromHeader(authorization);
    if (!parsed)
        return parsed.failure();
    const SigV4Authorization &auth = *parsed;
    if (Status s = checkScope(auth); !s)
        return s.failure();
    Result<QByteArray> secret = secretFor(auth.accessKey);
    if (!secret)
        return secret.failure();
    if (Status s = checkClaims(request, auth); !s)
        return s.failure();

    // The request time: x-amz-date, else the Date header; whichever is used must be signed.
    QByteArray timestamp = request.header("x-amz-date");
    std::optional<QDateTime> time;
    if (!timestamp.isEmpty()) {
        time = sigv4::parseAmzDate(timestamp);
    } else if (request.hasHeader("date") && auth.signedHeaders.contains(QByteArrayLiteral("date"))) {
        time = sigv4::parseHttpDate(request.header("date"));
        if (time)
            timestamp = sigv4::amzDate(*time);
    }
    if (!time)
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("AWS authentication requires a valid Date or x-amz-date header")};
    if (sigv4::scopeDate(*time) != auth.date)
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("The authorization header is malformed; Invalid "
                                      "credential date. Date is not the same as X-Amz-Date.")};
    if (qAbs(time->secsTo(now())) > kMaxSkewSeconds)
        return Failure{S3Error::RequestTimeTooSkewed, {}};

    // S3 requires x-amz-content-sha256 with header authentication ("Common Request Headers").
    const QByteArray contentSha256 = request.header("x-amz-content-sha256");
    if (contentSha256.isEmpty())
        return Failure{S3Error::InvalidRequest,
                       QStringLiteral("Missing required header for this request: x-amz-content-sha256")};
    const std::optional<PayloadMode> mode = payloadModeOf(contentSha256);
    if (!mode)
        return Failure{
            S3Error::InvalidArgument,
            QStringLiteral("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                           "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                           "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.")};

    const QByteArray key = keys.signingKey(*secret, auth.date, auth.region, auth.service);
    if (Status s = checkSignature(request, query, auth, timestamp, contentSha256, key); !s)
        return s.failure();

    AuthContext context;
    context.accessKey = auth.accessKey;
    context.region = auth.region;
    context.service = auth.service;
    context.requestTime = *time;
    context.scope = auth.scope();
    context.signingKey = key;
    context.seedSignature = auth.signature;
    context.contentSha256 = contentSha256;
    context.payloadMode = *mode;
    return context;
}

Result<AuthContext> AuthVerifier::Private::verifyPresigned(const HttpRequest &request,
                                                           const QList<sigv4::QueryParameter> &query) const
{
    Result<SigV4Authorization> parsed = SigV4Authorization::fromQuery(query);
    if (!parsed)
        return parsed.failure();
    const SigV4Authorization &auth = *parsed;
    if (Status s = checkScope(auth); !s)
        return s.failure();
    Result<QByteArray> secret = secretFor(auth.accessKey);
    if (!secret)
        return secret.failure();
    if (Status s = checkClaims(request, auth); !s)
        return s.failure();

    const QDateTime time = *sigv4::parseAmzDate(auth.amzDate);
    // X-Amz-Date is "yyyyMMddTHHmmssZ" (checked by fromQuery): its first 8 bytes are its day.
    if (QByteArrayView(auth.amzDate).first(8) != QByteArrayView(auth.date))
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("Invalid credential date. Date is not the same as X-Amz-Date.")};
    // "Authenticating Requests: Using Query Parameters": valid from X-Amz-Date for X-Amz-Expires
    // seconds; a URL dated in the future is refused beyond the usual clock skew.
    const qint64 age = time.secsTo(now());
    if (age > auth.expires)
        return Failure{S3Error::AccessDenied, QStringLiteral("Request has expired")};
    if (age < -kMaxSkewSeconds)
        return Failure{S3Error::AccessDenied, QStringLiteral("Request is not yet valid")};

    // Presigned URLs sign the constant UNSIGNED-PAYLOAD, unless the signer put a payload hash
    // into the query itself.
    QByteArray payloadHash = sigv4::kUnsignedPayload.toByteArray();
    for (const sigv4::QueryParameter &p : query) {
        if (p.name == "X-Amz-Content-Sha256")
            payloadHash = p.value;
    }
    const std::optional<PayloadMode> mode = payloadModeOf(payloadHash);
    if (mode != PayloadMode::Unsigned && mode != PayloadMode::SignedHex)
        return Failure{S3Error::InvalidRequest,
                       QStringLiteral("A presigned URL cannot carry an aws-chunked streaming payload.")};

    const QByteArray key = keys.signingKey(*secret, auth.date, auth.region, auth.service);
    if (Status s = checkSignature(request, query, auth, auth.amzDate, payloadHash, key); !s)
        return s.failure();

    AuthContext context;
    context.accessKey = auth.accessKey;
    context.region = auth.region;
    context.service = auth.service;
    context.requestTime = time;
    context.scope = auth.scope();
    context.signingKey = key;
    context.seedSignature = auth.signature;
    context.contentSha256 = payloadHash;
    context.payloadMode = *mode;
    context.presigned = true;
    return context;
}

AuthVerifier::AuthVerifier(const Clock *clock) : d(std::make_shared<Private>())
{
    d->clock = clock;
}

void AuthVerifier::setCredentials(const QList<Credentials> &credentials)
{
    QHash<QString, QString> secrets;
    for (const Credentials &c : credentials) {
        if (c.isValid())
            secrets.insert(c.accessKey, c.secretKey);
    }
    QWriteLocker locker(&d->lock);
    d->secrets = std::move(secrets);
    d->keys.clear(); // a removed or changed secret must stop verifying at once
}

void AuthVerifier::setDebugLogging(bool on)
{
    d->debug = on;
}

void AuthVerifier::setSigV2Allowed(bool allowed)
{
    d->sigV2 = allowed;
}

void AuthVerifier::setRegion(const QByteArray &region)
{
    QWriteLocker locker(&d->lock);
    d->region = region;
}

Result<AuthContext> AuthVerifier::verify(const HttpRequest &request, QByteArrayView virtualHostBucket) const
{
    return verify(request, sigv4::parseQuery(request.rawQuery()), virtualHostBucket);
}

Result<AuthContext> AuthVerifier::verify(const HttpRequest &request, const QList<sigv4::QueryParameter> &query,
                                         QByteArrayView virtualHostBucket) const
{
    const bool hasAuthorization = request.hasHeader("authorization");
    const bool presigned = SigV4Authorization::isPresignedQuery(query);
    const bool presignedV2 = !presigned && SigV2Verifier::isQuery(query);
    if (hasAuthorization && (presigned || presignedV2))
        return Failure{
            S3Error::InvalidArgument,
            QStringLiteral("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
                           "Signature query string parameter or the Authorization header should be "
                           "specified")};
    const QByteArray authorization = request.header("authorization");
    if ((hasAuthorization && SigV2Verifier::isHeader(authorization)) || presignedV2) {
        if (!d->sigV2)
            return SigV2Verifier::refused();
        SigV2Verifier::Input in;
        in.request = &request;
        in.query = &query;
        in.virtualHostBucket = virtualHostBucket;
        in.secretFor = [this](const QString &accessKey) { return d->secretFor(accessKey); };
        in.now = d->now();
        in.debug = d->debug;
        return presignedV2 ? SigV2Verifier::verifyQuery(in) : SigV2Verifier::verifyHeader(in, authorization);
    }
    if (hasAuthorization)
        return d->verifyHeader(request, query, authorization);
    if (presigned)
        return d->verifyPresigned(request, query);
    return Failure{S3Error::AccessDenied,
                   QStringLiteral("Anonymous requests are not accepted: sign the request with AWS Signature "
                                  "Version 4 (access key and secret key).")};
}

} // namespace s3c
