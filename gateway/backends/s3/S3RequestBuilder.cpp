#include "S3RequestBuilder.h"

#include <QCryptographicHash>

#include <algorithm>

namespace s3c {

namespace {

QByteArray encodedQuery(const S3RequestBuilder::Query &query)
{
    QList<QByteArray> parts;
    for (const auto &[name, value] : query) {
        // Sub-resources such as "uploads" travel without '=' as the S3 API reference writes
        // them; SigV4 canonicalises both forms to "uploads=". Callers omit empty parameters.
        if (value.isEmpty())
            parts.append(sigv4::uriEncode(name, true));
        else
            parts.append(sigv4::uriEncode(name, true) + '=' + sigv4::uriEncode(value, true));
    }
    return parts.join('&');
}

} // namespace

S3RequestBuilder::S3RequestBuilder(const S3BackendOptions &options)
    : m_options(options), m_signer(Credentials{options.accessKey, options.secretKey}, options.region.toUtf8())
{
    if (m_options.endpoint.host().isEmpty()) {
        // AWS itself: the regional endpoint ("Regions and endpoints", Amazon S3).
        m_options.endpoint = QUrl(QStringLiteral("https://s3.%1.amazonaws.com").arg(m_options.region));
    }
}

std::optional<QString> S3RequestBuilder::backendBucket(const QString &clientBucket) const
{
    if (!isPinned())
        return clientBucket;
    if (clientBucket == exposedBucket())
        return m_options.pinnedBucket;
    return std::nullopt;
}

QString S3RequestBuilder::clientBucket(const QString &backendBucket) const
{
    return isPinned() && backendBucket == m_options.pinnedBucket ? exposedBucket() : backendBucket;
}

QString S3RequestBuilder::exposedBucket() const
{
    return m_options.exposedBucket.isEmpty() ? m_options.pinnedBucket : m_options.exposedBucket;
}

QUrl S3RequestBuilder::baseUrl(const QString &bucket) const
{
    QUrl url;
    url.setScheme(m_options.endpoint.scheme());
    url.setPort(m_options.endpoint.port());
    const QString host = m_options.endpoint.host();
    // Virtual-hosted style ("Virtual hosting of buckets"): bucket.host; path style: host/bucket.
    url.setHost(!bucket.isEmpty() && !m_options.usePathStyle ? bucket + QLatin1Char('.') + host : host);
    return url;
}

Result<HttpClientRequest> S3RequestBuilder::build(const QByteArray &method, const QString &bucket,
                                                  const QString &key, const Query &query,
                                                  const QList<HttpHeader> &headers,
                                                  const QByteArray &payloadHash) const
{
    // The target goes on the wire exactly as signed: "." and ".." segments, "//" and every
    // escape stay as the client sent them (S3 keys are opaque byte strings, not paths).
    QByteArray target = "/";
    if (!bucket.isEmpty() && m_options.usePathStyle)
        target += sigv4::uriEncode(bucket.toUtf8(), true) + (key.isEmpty() ? "" : "/");
    target += sigv4::uriEncode(key.toUtf8(), false);
    const QByteArray q = encodedQuery(query);
    if (!q.isEmpty())
        target += '?' + q;

    const QUrl origin = baseUrl(bucket);
    if (!origin.isValid() || origin.host().isEmpty())
        return Failure{S3Error::InvalidArgument,
                       QStringLiteral("The name cannot be addressed on backend %1.").arg(m_options.name)};

    SigV4Signer::Request toSign;
    toSign.method = method;
    toSign.rawTarget = target;
    toSign.headers = headers;
    toSign.headers.append({QByteArrayLiteral("Host"), SigV4Signer::hostHeader(origin)});
    toSign.payloadHash = payloadHash.isEmpty() ? payloadHashFor({}) : payloadHash;
    const SigV4Signer::Signed signedRequest = m_signer.sign(toSign, QDateTime::currentDateTimeUtc());

    HttpClientRequest request;
    request.method = method;
    request.origin = origin;
    request.target = target;
    request.headers = toSign.headers;
    // The signer's headers replace a caller's of the same name (x-amz-date, x-amz-content-sha256).
    request.headers.removeIf([&](const HttpHeader &h) {
        return std::any_of(signedRequest.headers.begin(), signedRequest.headers.end(),
                           [&](const HttpHeader &s) { return s.hasName(h.name); });
    });
    request.headers += signedRequest.headers;
    // Objects stored with Content-Encoding: gzip must come back byte for byte; say so, since
    // some servers compress on their own when a client does not.
    request.headers.append({QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("identity")});
    request.sslSkipVerify = m_options.sslSkipVerify && origin.scheme() == QLatin1String("https");
    request.stallTimeoutMs = m_options.stallTimeoutMs;
    return request;
}

QByteArray S3RequestBuilder::payloadHashFor(const QByteArray &body) const
{
    if (m_options.disableChecksum)
        return sigv4::kUnsignedPayload.toByteArray();
    return QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
}

QByteArray S3RequestBuilder::copySource(const QString &bucket, const QString &key)
{
    // "x-amz-copy-source: /bucket/key", the key URL-encoded (CopyObject, Request syntax).
    return '/' + sigv4::uriEncode(bucket.toUtf8(), true) + '/' + sigv4::uriEncode(key.toUtf8(), false);
}

} // namespace s3c
