#include "S3Request.h"

#include "auth/SigV4.h"

namespace s3c {

namespace {

int hexValue(uint c)
{
    if (c >= '0' && c <= '9')
        return int(c - '0');
    if (c >= 'a' && c <= 'f')
        return int(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return int(c - 'A' + 10);
    return -1;
}

bool hasValidEscapes(QByteArrayView raw)
{
    for (qsizetype i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 3)) {
        if (i + 2 >= raw.size() || hexValue(uint(uchar(raw[i + 1]))) < 0 ||
            hexValue(uint(uchar(raw[i + 2]))) < 0)
            return false;
    }
    return true;
}

// Percent-decodes a raw URL component. Malformed escapes ("%G1", a lone '%') are an error
// rather than passed through: a key must have exactly one meaning. With every escape valid,
// SigV4's lenient decoder gives exactly that meaning.
std::optional<QByteArray> percentDecode(QByteArrayView raw, bool plusIsSpace)
{
    if (!hasValidEscapes(raw))
        return std::nullopt;
    return sigv4::percentDecode(raw, plusIsSpace);
}

bool isAscii(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (uchar(c) >= 0x80)
            return false;
    }
    return true;
}

// Decoded bytes as text: no NUL, valid UTF-8.
std::optional<QString> utf8Text(const QByteArray &bytes)
{
    if (bytes.contains('\0'))
        return std::nullopt;
    // Most names are ASCII: nothing to validate.
    if (isAscii(bytes))
        return QString::fromLatin1(bytes);
    const QString text = QString::fromUtf8(bytes);
    // Reject invalid UTF-8 instead of storing U+FFFD in place of the client's bytes.
    if (text.toUtf8() != bytes)
        return std::nullopt;
    return text;
}

// byteSize, when given, receives the size of the decoded bytes (S3 limits keys in UTF-8 bytes).
std::optional<QString> decodeUtf8(QByteArrayView raw, bool plusIsSpace, qsizetype *byteSize = nullptr)
{
    const auto bytes = percentDecode(raw, plusIsSpace);
    if (!bytes)
        return std::nullopt;
    if (byteSize)
        *byteSize = bytes->size();
    return utf8Text(*bytes);
}

bool hasLineBreak(QByteArrayView bytes)
{
    return bytes.contains('\r') || bytes.contains('\n');
}

QString hostWithoutPort(const QByteArray &host)
{
    QByteArray h = host.trimmed().toLower();
    if (h.startsWith('[')) // IPv6 literal
        return QString::fromLatin1(h);
    const qsizetype colon = h.lastIndexOf(':');
    if (colon >= 0)
        h.truncate(colon);
    return QString::fromLatin1(h);
}

} // namespace

Result<S3Request> S3Request::parse(const HttpRequest &request, const QString &virtualDomain)
{
    S3Request out;
    const QByteArray rawPath = request.rawPath();
    if (!rawPath.startsWith('/'))
        return Failure{S3Error::InvalidRequest, QStringLiteral("The request target must be an absolute path.")};

    QByteArray keyPart;
    // The Host header matters only with a virtual domain: without one it is not even decoded.
    const QString host = virtualDomain.isEmpty() ? QString() : hostWithoutPort(request.header("host"));
    const QString domain = virtualDomain.isEmpty() ? QString() : virtualDomain.toLower();
    if (!domain.isEmpty() && host.size() > domain.size() && host.endsWith(QLatin1Char('.') + domain)) {
        out.bucket = host.left(host.size() - domain.size() - 1);
        out.virtualHosted = true;
        // A DNS label is all a Host header can hold as a bucket: no NUL, blank or control
        // (fuzz_s3_request found a NUL from the Host value reaching the bucket name).
        for (const QChar c : std::as_const(out.bucket)) {
            const char16_t u = c.unicode();
            if (!((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '.' || u == '-' || u == '_'))
                return Failure{S3Error::InvalidBucketName, {}};
        }
        keyPart = rawPath.mid(1);
    } else {
        const QByteArray rest = rawPath.mid(1);
        const qsizetype slash = rest.indexOf('/');
        const QByteArray rawBucket = slash < 0 ? rest : rest.left(slash);
        const auto bucket = decodeUtf8(rawBucket, false);
        // A bucket name is echoed in response heads (CreateBucket's Location): never a CR or LF.
        if (!bucket || hasLineBreak(bucket->toUtf8()))
            return Failure{S3Error::InvalidBucketName, {}};
        out.bucket = *bucket;
        keyPart = slash < 0 ? QByteArray() : rest.mid(slash + 1);
    }
    qsizetype keyBytes = 0;
    const auto key = decodeUtf8(keyPart, false, &keyBytes);
    if (!key)
        return Failure{S3Error::InvalidArgument, QStringLiteral("The object key is not valid UTF-8 or has a bad escape.")};
    out.key = *key;
    if (keyBytes > 1024)
        return Failure{S3Error::KeyTooLongError, {}};

    // The query is decoded once, here, by sigv4::parseQuery: the signature check gets this very
    // list (S3Dispatcher), so the handler reads exactly the values that were signed.
    const QByteArray rawQuery = request.rawQuery();
    if (!hasValidEscapes(rawQuery))
        return Failure{S3Error::InvalidArgument, QStringLiteral("A query parameter has a bad escape.")};
    out.decodedQuery = sigv4::parseQuery(rawQuery);
    for (const sigv4::QueryParameter &p : std::as_const(out.decodedQuery)) {
        // The X-Amz-* parameters of a presigned URL belong to the signature (AuthVerifier).
        if (p.name.startsWith("X-Amz-"))
            continue;
        const auto name = utf8Text(p.name);
        const auto value = utf8Text(p.value);
        if (!name || !value)
            return Failure{S3Error::InvalidArgument,
                           QStringLiteral("A query parameter is not valid UTF-8 or contains a NUL byte.")};
        // response-content-disposition & co. become response headers (GetObject "Overriding
        // response header values"): a CR or LF would end the header and start another one.
        if (name->startsWith(QLatin1String("response-")) && hasLineBreak(p.value))
            return Failure{S3Error::InvalidArgument,
                           QStringLiteral("The value of %1 must not contain CR or LF.").arg(*name)};
        out.query.append(qMakePair(*name, *value));
    }
    return out;
}

bool S3Request::hasQuery(const QString &name) const
{
    for (const auto &p : query) {
        if (p.first == name)
            return true;
    }
    return false;
}

QString S3Request::queryValue(const QString &name) const
{
    for (const auto &p : query) {
        if (p.first == name)
            return p.second;
    }
    return {};
}

QString S3Request::resource() const
{
    if (bucket.isEmpty())
        return QStringLiteral("/");
    if (key.isEmpty())
        return QLatin1Char('/') + bucket;
    return QLatin1Char('/') + bucket + QLatin1Char('/') + key;
}

} // namespace s3c
