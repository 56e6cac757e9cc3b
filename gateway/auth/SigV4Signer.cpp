#include "SigV4Signer.h"

#include "Crypto.h"

namespace s3c {

namespace {

QByteArray pathOf(const QByteArray &target)
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.first(q);
}

QByteArray queryOf(const QByteArray &target)
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.sliced(q + 1);
}

} // namespace

SigV4Signer::SigV4Signer(const Credentials &credentials, const QByteArray &region, const QByteArray &service)
    : m_credentials(credentials), m_region(region), m_service(service),
      m_pathMode(service == "s3" ? sigv4::PathMode::S3Raw : sigv4::PathMode::Normalized),
      m_addContentSha256(service == "s3")
{
}

void SigV4Signer::setSessionToken(const QByteArray &token, bool signToken)
{
    m_sessionToken = token;
    m_signToken = signToken;
}

void SigV4Signer::setPathMode(sigv4::PathMode mode)
{
    m_pathMode = mode;
}

void SigV4Signer::setAddContentSha256Header(bool on)
{
    m_addContentSha256 = on;
}

SigV4Signer::Signed SigV4Signer::finish(const Request &request, const QList<HttpHeader> &headers,
                                        const QByteArray &query, const QByteArray &payloadHash,
                                        const QDateTime &time) const
{
    Signed out;
    out.timestamp = sigv4::amzDate(time);
    const QByteArray date = sigv4::scopeDate(time);
    out.scope = sigv4::credentialScope(date, m_region, m_service);
    const QList<QByteArray> names = sigv4::sortedHeaderNames(headers);
    out.canonicalRequest =
        sigv4::canonicalRequest(request.method, sigv4::canonicalUri(pathOf(request.rawTarget), m_pathMode),
                                sigv4::canonicalQuery(query), sigv4::canonicalHeaders(headers, names),
                                sigv4::signedHeadersList(names), payloadHash);
    out.stringToSign = sigv4::stringToSign(out.timestamp, out.scope, out.canonicalRequest);
    out.signingKey = m_keys->signingKey(m_credentials.secretKey.toUtf8(), date, m_region, m_service);
    out.signature = sigv4::signature(out.signingKey, out.stringToSign);
    return out;
}

SigV4Signer::Signed SigV4Signer::sign(const Request &original, const QDateTime &time) const
{
    // Headers the signer sets itself replace any the caller passed: two x-amz-date headers
    // would be signed as "a,b" and no server would agree.
    Request request = original;
    request.headers.removeIf([this](const HttpHeader &h) {
        return h.hasName("x-amz-date") || h.hasName("authorization") ||
               (m_addContentSha256 && h.hasName("x-amz-content-sha256")) ||
               (!m_sessionToken.isEmpty() && h.hasName("x-amz-security-token"));
    });
    const QByteArray payloadHash =
        request.payloadHash.isEmpty() ? Crypto::emptySha256Hex() : request.payloadHash;
    QList<HttpHeader> added{{QByteArrayLiteral("X-Amz-Date"), sigv4::amzDate(time)}};
    if (m_addContentSha256)
        added.append({QByteArrayLiteral("x-amz-content-sha256"), payloadHash});
    if (!m_sessionToken.isEmpty() && m_signToken)
        added.append({QByteArrayLiteral("X-Amz-Security-Token"), m_sessionToken});

    Signed out = finish(request, request.headers + added, queryOf(request.rawTarget), payloadHash, time);
    const QList<QByteArray> names = sigv4::sortedHeaderNames(request.headers + added);
    out.authorization = sigv4::kAlgorithm.toByteArray() + " Credential=" + m_credentials.accessKey.toUtf8() +
                        '/' + out.scope + ", SignedHeaders=" + sigv4::signedHeadersList(names) +
                        ", Signature=" + out.signature;
    if (!m_sessionToken.isEmpty() && !m_signToken)
        added.append({QByteArrayLiteral("X-Amz-Security-Token"), m_sessionToken});
    added.append({QByteArrayLiteral("Authorization"), out.authorization});
    out.headers = added;
    out.rawTarget = request.rawTarget;
    return out;
}

SigV4Signer::Signed SigV4Signer::presign(const Request &request, const QDateTime &time,
                                         qint64 expiresSeconds) const
{
    QByteArray payloadHash = request.payloadHash;
    if (payloadHash.isEmpty())
        payloadHash = m_service == "s3" ? sigv4::kUnsignedPayload.toByteArray() : Crypto::emptySha256Hex();
    const QByteArray scope = sigv4::credentialScope(sigv4::scopeDate(time), m_region, m_service);
    const auto param = [](QByteArrayView name, QByteArrayView value) -> QByteArray {
        return name.toByteArray() + '=' + sigv4::uriEncode(value, true);
    };
    // "Authenticating Requests: Using Query Parameters": the X-Amz-* parameters join the query
    // and are signed with it; only X-Amz-Signature is added afterwards.
    QList<QByteArray> params{
        param("X-Amz-Algorithm", sigv4::kAlgorithm),
        param("X-Amz-Credential", QByteArray(m_credentials.accessKey.toUtf8() + '/' + scope)),
        param("X-Amz-Date", sigv4::amzDate(time)),
        param("X-Amz-SignedHeaders", sigv4::signedHeadersList(sigv4::sortedHeaderNames(request.headers))),
        param("X-Amz-Expires", QByteArray::number(expiresSeconds)),
    };
    if (!m_sessionToken.isEmpty() && m_signToken)
        params.append(param("X-Amz-Security-Token", m_sessionToken));

    QByteArray query = queryOf(request.rawTarget);
    if (!query.isEmpty())
        query += '&';
    query += params.join('&');

    Signed out = finish(request, request.headers, query, payloadHash, time);
    if (!m_sessionToken.isEmpty() && !m_signToken)
        query += '&' + param("X-Amz-Security-Token", m_sessionToken);
    query += '&' + param("X-Amz-Signature", out.signature);
    out.rawTarget = pathOf(request.rawTarget) + '?' + query;
    return out;
}

QByteArray SigV4Signer::hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':'))
        host = '[' + host + ']'; // IPv6 literal
    const int port = url.port();
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    if (port != -1 && port != defaultPort)
        host += ':' + QByteArray::number(port);
    return host;
}

QUrl SigV4Signer::presignUrl(const QByteArray &method, const QUrl &url, const QDateTime &time,
                             qint64 expiresSeconds, const QList<HttpHeader> &extraSignedHeaders) const
{
    // The path is re-encoded the way SDKs encode S3 keys (every byte but unreserved and '/'),
    // so what goes on the wire is exactly what was signed.
    QByteArray target = sigv4::uriEncode(url.path(QUrl::FullyDecoded).toUtf8(), false);
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery()) {
        QList<QByteArray> pieces;
        for (const sigv4::QueryParameter &p : sigv4::parseQuery(url.query(QUrl::FullyEncoded).toUtf8()))
            pieces.append(sigv4::uriEncode(p.name, true) + '=' + sigv4::uriEncode(p.value, true));
        target += '?' + pieces.join('&');
    }
    Request request{method, target, {{QByteArrayLiteral("host"), hostHeader(url)}}, {}};
    request.headers += extraSignedHeaders;
    const Signed signedRequest = presign(request, time, expiresSeconds);
    QByteArray full =
        url.scheme().toUtf8() + "://" + url.authority(QUrl::FullyEncoded).toUtf8() + signedRequest.rawTarget;
    return QUrl::fromEncoded(full, QUrl::StrictMode);
}

} // namespace s3c
