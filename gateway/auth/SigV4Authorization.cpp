#include "SigV4Authorization.h"

namespace s3c {

namespace {

Failure headerMalformed(const QString &detail)
{
    return Failure{S3Error::AccessDenied, QStringLiteral("The authorization header is malformed; ") + detail};
}

const QString kQueryRequirements = QStringLiteral(
    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
    "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");

bool allDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

Status SigV4Authorization::setCredential(QByteArrayView credential, bool inQuery)
{
    // Credential = <access key>/<date>/<region>/<service>/aws4_request ("Authorization header"
    // table in "Authenticating Requests: Using the Authorization Header").
    QByteArrayView parts[5];
    qsizetype count = 0;
    qsizetype start = 0;
    while (count < 5) {
        const qsizetype slash = credential.indexOf('/', start);
        parts[count++] = credential.sliced(start, (slash < 0 ? credential.size() : slash) - start);
        if (slash < 0)
            break;
        start = slash + 1;
    }
    // More than five parts: the fifth stopped at a '/' before the end.
    const bool extra =
        count == 5 && parts[4].data() + parts[4].size() != credential.data() + credential.size();
    if (count != 5 || extra || parts[0].isEmpty() || parts[1].size() != 8 || !allDigits(parts[1]) ||
        parts[2].isEmpty() || parts[3].isEmpty() || parts[4] != sigv4::kTerminator) {
        const QString detail = QStringLiteral(
            "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        if (inQuery)
            return Failure{S3Error::AccessDenied,
                           QStringLiteral("Error parsing the X-Amz-Credential parameter; ") + detail};
        return headerMalformed(detail);
    }
    accessKey = QString::fromUtf8(parts[0]);
    date = parts[1].toByteArray();
    region = parts[2].toByteArray();
    service = parts[3].toByteArray();
    return Done{};
}

Status SigV4Authorization::setSignedHeaders(QByteArrayView list)
{
    signedHeaders.clear();
    for (const QByteArray &name : list.toByteArray().split(';')) {
        if (name.isEmpty() || name.contains(' ') || name.contains(','))
            return headerMalformed(
                QStringLiteral("SignedHeaders is not a ';'-separated list of header names."));
        signedHeaders.append(name);
    }
    return Done{};
}

Status SigV4Authorization::setSignature(QByteArrayView hex)
{
    if (hex.size() != 64)
        return Failure{S3Error::SignatureDoesNotMatch,
                       QStringLiteral("The signature must be 64 hex digits.")};
    for (const char c : hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return Failure{S3Error::SignatureDoesNotMatch,
                           QStringLiteral("The signature must be 64 hex digits.")};
    }
    signature = hex.toByteArray().toLower();
    return Done{};
}

Result<SigV4Authorization> SigV4Authorization::fromHeader(QByteArrayView value)
{
    const QByteArrayView v = value.trimmed();
    if (v.startsWith("AWS ") || v.startsWith("AWS4-ECDSA-P256-SHA256")) {
        // Signature Version 2 and SigV4a (asymmetric) are not offered, as in S3 regions opened
        // since 2014: the client should fall back to SigV4.
        return Failure{
            S3Error::InvalidRequest,
            QStringLiteral("The authorization mechanism you have provided is not supported. Please use "
                           "AWS4-HMAC-SHA256.")};
    }
    if (!v.startsWith(sigv4::kAlgorithm) || v.size() == sigv4::kAlgorithm.size() ||
        (v[sigv4::kAlgorithm.size()] != ' ' && v[sigv4::kAlgorithm.size()] != '\t'))
        return headerMalformed(QStringLiteral("the authorization mechanism must be AWS4-HMAC-SHA256."));

    SigV4Authorization auth;
    bool haveCredential = false, haveSignedHeaders = false, haveSignature = false;
    for (const QByteArray &raw : v.sliced(sigv4::kAlgorithm.size()).toByteArray().split(',')) {
        const QByteArray component = raw.trimmed();
        const qsizetype eq = component.indexOf('=');
        if (eq <= 0)
            return headerMalformed(
                QStringLiteral("expecting Credential=..., SignedHeaders=..., Signature=...."));
        const QByteArray key = component.first(eq).trimmed();
        const QByteArrayView val = QByteArrayView(component).sliced(eq + 1).trimmed();
        Status status = Done{};
        bool *seen = nullptr;
        if (key == "Credential") {
            seen = &haveCredential;
            status = auth.setCredential(val, false);
        } else if (key == "SignedHeaders") {
            seen = &haveSignedHeaders;
            status = auth.setSignedHeaders(val);
        } else if (key == "Signature") {
            seen = &haveSignature;
            status = auth.setSignature(val);
        } else {
            return headerMalformed(QStringLiteral("unknown component \"%1\".").arg(QString::fromLatin1(key)));
        }
        if (*seen)
            return headerMalformed(QStringLiteral("\"%1\" appears twice.").arg(QString::fromLatin1(key)));
        *seen = true;
        if (!status)
            return status.failure();
    }
    if (!haveCredential || !haveSignedHeaders || !haveSignature)
        return headerMalformed(QStringLiteral("Credential, SignedHeaders and Signature are all required."));
    return auth;
}

bool SigV4Authorization::isPresignedQuery(const QList<sigv4::QueryParameter> &query)
{
    for (const sigv4::QueryParameter &p : query) {
        if (p.name == "X-Amz-Algorithm" || p.name == "X-Amz-Credential" || p.name == "X-Amz-Signature")
            return true;
    }
    return false;
}

Result<SigV4Authorization> SigV4Authorization::fromQuery(const QList<sigv4::QueryParameter> &query)
{
    static const QByteArray kNames[] = {"X-Amz-Algorithm", "X-Amz-Credential",    "X-Amz-Date",
                                        "X-Amz-Expires",   "X-Amz-SignedHeaders", "X-Amz-Signature"};
    QByteArray values[6];
    bool seen[6] = {};
    for (const sigv4::QueryParameter &p : query) {
        for (int i = 0; i < 6; ++i) {
            if (p.name != kNames[i])
                continue;
            if (seen[i])
                return Failure{
                    S3Error::AccessDenied,
                    QStringLiteral("%1 appears twice in the query.").arg(QString::fromLatin1(kNames[i]))};
            seen[i] = true;
            values[i] = p.value;
        }
    }
    for (const bool s : seen) {
        if (!s)
            return Failure{S3Error::AccessDenied, kQueryRequirements};
    }
    if (values[0] != sigv4::kAlgorithm)
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")};

    SigV4Authorization auth;
    auth.presigned = true;
    if (Status s = auth.setCredential(values[1], true); !s)
        return s.failure();
    if (!sigv4::parseAmzDate(values[2]))
        return Failure{
            S3Error::AccessDenied,
            QStringLiteral("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")};
    auth.amzDate = values[2];
    // X-Amz-Expires: 1 to 604800 seconds ("Authenticating Requests: Using Query Parameters").
    bool ok = allDigits(values[3]) && values[3].size() <= 9;
    auth.expires = ok ? values[3].toLongLong() : 0;
    if (!ok && values[3].startsWith('-'))
        return Failure{S3Error::AccessDenied, QStringLiteral("X-Amz-Expires must be non-negative")};
    if (!ok && !allDigits(values[3]))
        return Failure{S3Error::AccessDenied, QStringLiteral("X-Amz-Expires should be a number")};
    if (!ok || auth.expires > kMaxExpires)
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("X-Amz-Expires must be less than a week (in seconds) that is; 604800")};
    if (auth.expires < 1)
        return Failure{S3Error::AccessDenied, QStringLiteral("X-Amz-Expires must be at least 1 second")};
    if (Status s = auth.setSignedHeaders(values[4]); !s)
        return s.failure();
    if (Status s = auth.setSignature(values[5]); !s)
        return s.failure();
    return auth;
}

} // namespace s3c
