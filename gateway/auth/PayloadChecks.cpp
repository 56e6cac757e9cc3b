#include "PayloadChecks.h"

#include "Crypto.h"

namespace s3c {

namespace {

std::optional<QByteArray> strictBase64(QByteArrayView text)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || text.isEmpty())
        return std::nullopt;
    return *decoded;
}

// x-amz-checksum-* headers that name settings, not values (CreateMultipartUpload, GetObject).
bool isChecksumSetting(QByteArrayView lowerName)
{
    return lowerName == "x-amz-checksum-algorithm" || lowerName == "x-amz-checksum-type" ||
           lowerName == "x-amz-checksum-mode";
}

const QString kSingleChecksum =
    QStringLiteral("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");

} // namespace

Result<std::unique_ptr<PayloadChecks>> PayloadChecks::fromRequest(const HttpRequest &request,
                                                                  const AuthContext &auth)
{
    std::unique_ptr<PayloadChecks> checks(new PayloadChecks);
    if (auth.payloadMode == PayloadMode::SignedHex) {
        checks->m_sha256.emplace(Hasher::Algorithm::Sha256);
        checks->m_expectedSha256 = QByteArray::fromHex(auth.contentSha256);
    }
    if (request.hasHeader("content-md5")) {
        const std::optional<QByteArray> md5 = strictBase64(request.header("content-md5"));
        if (!md5 || md5->size() != 16)
            return Failure{S3Error::InvalidDigest,
                           QStringLiteral("The Content-MD5 you specified was invalid.")};
        checks->m_md5 = std::make_unique<Checksum>(Checksum::Algorithm::Md5);
        checks->m_expectedMd5 = *md5;
    }
    if (Status s = checks->addHeaderChecksums(request); !s)
        return s.failure();
    if (Status s = checks->addTrailerDeclarations(request, auth); !s)
        return s.failure();
    return checks;
}

Status PayloadChecks::addHeaderChecksums(const HttpRequest &request)
{
    for (const HttpHeader &h : request.headers) {
        const QByteArray name = h.name.toLower();
        if (!name.startsWith("x-amz-checksum-") || isChecksumSetting(name))
            continue;
        const std::optional<Checksum::Algorithm> algorithm = Checksum::fromHeaderName(name);
        if (!algorithm)
            return Failure{
                S3Error::InvalidRequest,
                QStringLiteral("Unsupported checksum algorithm in %1.").arg(QString::fromLatin1(name))};
        if (!m_checksums.empty())
            return Failure{S3Error::InvalidRequest, kSingleChecksum};
        const std::optional<QByteArray> value = strictBase64(h.value);
        if (!value || value->size() != Checksum::digestSize(*algorithm))
            return Failure{S3Error::InvalidRequest,
                           QStringLiteral("Value for %1 header is invalid.").arg(QString::fromLatin1(name))};
        m_checksums.push_back({std::make_unique<Checksum>(*algorithm), *value, false, false});
    }
    return Done{};
}

Status PayloadChecks::addTrailerDeclarations(const HttpRequest &request, const AuthContext &auth)
{
    const QByteArray declared = request.header("x-amz-trailer");
    if (declared.trimmed().isEmpty())
        return Done{};
    if (auth.payloadMode != PayloadMode::StreamingSignedTrailer &&
        auth.payloadMode != PayloadMode::StreamingUnsignedTrailer)
        return Failure{
            S3Error::InvalidRequest,
            QStringLiteral("x-amz-trailer needs x-amz-content-sha256 STREAMING-UNSIGNED-PAYLOAD-TRAILER "
                           "or STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER.")};
    for (const QByteArray &raw : declared.split(',')) {
        const QByteArray name = raw.trimmed().toLower();
        const std::optional<Checksum::Algorithm> algorithm = Checksum::fromHeaderName(name);
        if (!algorithm)
            return Failure{
                S3Error::InvalidRequest,
                QStringLiteral("Unsupported trailer in x-amz-trailer: %1.").arg(QString::fromLatin1(name))};
        if (!m_checksums.empty())
            return Failure{S3Error::InvalidRequest, kSingleChecksum};
        m_checksums.push_back({std::make_unique<Checksum>(*algorithm), {}, true, false});
    }
    return Done{};
}

void PayloadChecks::addData(QByteArrayView data)
{
    if (m_sha256)
        m_sha256->addData(data);
    if (m_md5)
        m_md5->addData(data);
    for (Expected &e : m_checksums)
        e.running->addData(data);
}

Status PayloadChecks::trailer(QByteArrayView name, QByteArrayView value)
{
    // "Uploading objects with trailing checksums": x-amz-trailer names the trailers the body
    // ends with. Anything else (another header, an undeclared checksum, one sent twice) would be
    // data nobody signed up for - in STREAMING-UNSIGNED-PAYLOAD-TRAILER not even a signature
    // covers it - so it is refused as S3 does, with MalformedTrailerError.
    const std::optional<Checksum::Algorithm> algorithm = Checksum::fromHeaderName(name);
    for (Expected &e : m_checksums) {
        if (!algorithm || !e.fromTrailer || e.running->algorithm() != *algorithm)
            continue;
        if (e.received)
            return Failure{
                S3Error::MalformedTrailerError,
                QStringLiteral("The trailer %1 was sent more than once.").arg(QString::fromLatin1(name))};
        e.received = true;
        const std::optional<QByteArray> decoded = strictBase64(value);
        if (!decoded || decoded->size() != Checksum::digestSize(*algorithm))
            return Failure{
                S3Error::InvalidRequest,
                QStringLiteral("Value for %1 trailing header is invalid.").arg(QString::fromLatin1(name))};
        e.value = *decoded;
        return Done{};
    }
    return Failure{
        S3Error::MalformedTrailerError,
        QStringLiteral("The trailer %1 was not declared in x-amz-trailer.").arg(QString::fromLatin1(name))};
}

Status PayloadChecks::trailersComplete() const
{
    for (const Expected &e : m_checksums) {
        if (e.fromTrailer && !e.received)
            return Failure{S3Error::MalformedTrailerError,
                           QStringLiteral("The trailer %1 declared in x-amz-trailer was not sent.")
                               .arg(QString::fromLatin1(Checksum::headerName(e.running->algorithm())))};
    }
    return Done{};
}

Status PayloadChecks::verify()
{
    if (m_sha256 && !Crypto::constantTimeEquals(m_sha256->result(), m_expectedSha256))
        return Failure{S3Error::XAmzContentSHA256Mismatch, {}};
    if (m_md5) {
        m_md5Result = m_md5->result();
        if (m_md5Result != m_expectedMd5)
            return Failure{S3Error::BadDigest,
                           QStringLiteral("The Content-MD5 you specified did not match what we "
                                          "received.")};
    }
    if (Status s = trailersComplete(); !s)
        return s;
    QMap<QByteArray, QByteArray> verified;
    for (const Expected &e : m_checksums) {
        const QByteArray name = Checksum::name(e.running->algorithm());
        const QByteArray computed = e.running->result();
        if (computed != e.value)
            return Failure{
                S3Error::BadDigest,
                QStringLiteral("The %1 you specified did not match the calculated checksum (%2 sent, %3 "
                               "computed).")
                    .arg(QString::fromLatin1(name), QString::fromLatin1(e.value.toBase64()),
                         QString::fromLatin1(computed.toBase64()))};
        verified.insert(name, computed.toBase64());
    }
    m_verified = verified;
    return Done{};
}

} // namespace s3c
