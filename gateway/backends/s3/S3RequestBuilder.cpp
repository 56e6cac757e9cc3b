#include "S3RequestBuilder.h"

#include <QCryptographicHash>
#include <QSslConfiguration>

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

// What QHttpNetworkRequest puts on the request line for `url` (qhttpnetworkrequest.cpp, uri()):
// the fully encoded path with dot segments resolved, then the query. We sign exactly this.
QByteArray wireTarget(const QUrl &url)
{
    QUrl::FormattingOptions format = QUrl::RemoveFragment | QUrl::RemoveUserInfo | QUrl::FullyEncoded |
                                     QUrl::RemoveScheme | QUrl::RemoveAuthority;
    QUrl copy = url;
    if (copy.path().isEmpty())
        copy.setPath(QStringLiteral("/"));
    else
        format |= QUrl::NormalizePathSegments;
    return copy.toEncoded(format);
}

bool hasDotSegment(const QString &key)
{
    const QStringList segments = key.split(QLatin1Char('/'));
    for (const QString &segment : segments) {
        if (segment == QLatin1String(".") || segment == QLatin1String(".."))
            return true;
    }
    return false;
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

Result<QNetworkRequest> S3RequestBuilder::build(const QByteArray &method, const QString &bucket,
                                                const QString &key, const Query &query,
                                                const QList<HttpHeader> &headers,
                                                const QByteArray &payloadHash) const
{
    // QNAM resolves "." and ".." segments before sending (NormalizePathSegments); such a key
    // would silently land elsewhere, so it is refused rather than misplaced.
    if (hasDotSegment(key))
        return Failure{
            S3Error::NotImplemented,
            QStringLiteral("Keys with '.' or '..' path segments cannot be forwarded to backend %1.")
                .arg(m_options.name)};

    QByteArray path = "/";
    if (!bucket.isEmpty() && m_options.usePathStyle)
        path += sigv4::uriEncode(bucket.toUtf8(), true) + (key.isEmpty() ? "" : "/");
    path += sigv4::uriEncode(key.toUtf8(), false);
    const QByteArray q = encodedQuery(query);

    QUrl url = baseUrl(bucket);
    const QByteArray base = url.toEncoded(QUrl::FullyEncoded);
    url = QUrl::fromEncoded(base + path + (q.isEmpty() ? QByteArray() : '?' + q), QUrl::StrictMode);
    if (!url.isValid())
        return Failure{S3Error::InvalidArgument,
                       QStringLiteral("The name cannot be addressed on backend %1.").arg(m_options.name)};

    SigV4Signer::Request toSign;
    toSign.method = method;
    toSign.rawTarget = wireTarget(url);
    toSign.headers = headers;
    toSign.headers.append({QByteArrayLiteral("Host"), SigV4Signer::hostHeader(url)});
    toSign.payloadHash = payloadHash.isEmpty() ? payloadHashFor({}) : payloadHash;
    const SigV4Signer::Signed signedRequest = m_signer.sign(toSign, QDateTime::currentDateTimeUtc());

    QNetworkRequest request(url);
    for (const HttpHeader &h : std::as_const(toSign.headers))
        request.setRawHeader(h.name, h.value);
    for (const HttpHeader &h : signedRequest.headers)
        request.setRawHeader(h.name, h.value);
    // Without this QNAM asks for gzip and silently inflates the body, so an object stored with
    // Content-Encoding: gzip would come back with other bytes than its Content-Length says.
    request.setRawHeader(QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("identity"));
    // A 3xx from S3 (PermanentRedirect: wrong region) must not be followed with a signature
    // made for another host; it is reported instead.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // setReadBufferSize is what bounds memory and carries back-pressure; Qt's HTTP/2 path does
    // not honour it, so stay on HTTP/1.1 (design-notes.md #1).
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setTransferTimeout(m_options.stallTimeoutMs);
    if (m_options.sslSkipVerify && url.scheme() == QLatin1String("https")) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(ssl);
    }
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
