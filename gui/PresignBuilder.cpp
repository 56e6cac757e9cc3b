#include "PresignBuilder.h"

#include "auth/SigV4.h"
#include "auth/SigV4Signer.h"

namespace s3c {

QString PresignBuilder::expiryProblem(qint64 seconds)
{
    if (seconds < kMinExpirySeconds)
        return tr("The expiry must be at least 1 second.");
    if (seconds > kMaxExpirySeconds)
        return tr("The expiry cannot exceed 7 days (604800 seconds): S3 refuses SigV4 presigned URLs "
                  "valid for longer.");
    return {};
}

Result<PresignBuilder::Output> PresignBuilder::build(const Input &in)
{
    if (in.method != "GET" && in.method != "PUT" && in.method != "DELETE" && in.method != "HEAD")
        return Failure{S3Error::InvalidArgument, tr("The method must be GET, PUT, DELETE or HEAD.")};
    if (in.bucket.isEmpty())
        return Failure{S3Error::InvalidArgument, tr("Choose a bucket.")};
    if (in.key.isEmpty())
        return Failure{S3Error::InvalidArgument, tr("Enter an object key.")};
    if (const QString problem = expiryProblem(in.expiresSeconds); !problem.isEmpty())
        return Failure{S3Error::InvalidArgument, problem};
    if (!in.endpoint.isValid() || in.endpoint.host().isEmpty())
        return Failure{S3Error::InvalidArgument,
                       tr("The gateway is not running: there is no address to sign for.")};
    if (!in.credentials.isValid())
        return Failure{S3Error::InvalidArgument, tr("There are no keys to sign with.")};

    // Path-style /bucket/key; each byte encoded once as SigV4's UriEncode does, '/' kept in the key
    // (S3 signs the raw path: AWS SigV4 "Create a canonical request", S3 exception to normalisation).
    QByteArray path = in.endpoint.path(QUrl::FullyEncoded).toLatin1();
    if (path.endsWith('/'))
        path.chop(1);
    path += '/' + sigv4::uriEncode(in.bucket.toUtf8(), true) + '/' + sigv4::uriEncode(in.key.toUtf8(), false);
    QUrl target = in.endpoint;
    target.setPath(QString::fromLatin1(path), QUrl::StrictMode);
    target.setQuery(QString());

    const SigV4Signer signer(in.credentials, in.region.toLatin1());
    const QDateTime now = in.now.isValid() ? in.now.toUTC() : QDateTime::currentDateTimeUtc();
    Output out;
    out.url = signer.presignUrl(in.method, target, now, in.expiresSeconds);
    out.expiresAt = now.addSecs(in.expiresSeconds);
    out.curlCommand = curlCommand(in.method, out.url, in.key);
    return out;
}

QString PresignBuilder::curlCommand(const QByteArray &method, const QUrl &url, const QString &key)
{
    // Single quotes are safe: the signed URL is fully %-encoded, it holds no quote of its own.
    const QString quoted = QLatin1Char('\'') + QString::fromLatin1(url.toEncoded()) + QLatin1Char('\'');
    QString file = key.section(QLatin1Char('/'), -1);
    if (file.isEmpty() || file.contains(QLatin1Char('\'')))
        file = QStringLiteral("object");
    const QString quotedFile = QLatin1Char('\'') + file + QLatin1Char('\'');
    if (method == "PUT")
        return QStringLiteral("curl -f -T ") + quotedFile + QLatin1Char(' ') + quoted; // -T uploads with PUT
    if (method == "HEAD")
        return QStringLiteral("curl -f -I ") + quoted;
    if (method == "DELETE")
        return QStringLiteral("curl -f -X DELETE ") + quoted;
    return QStringLiteral("curl -f -o ") + quotedFile + QLatin1Char(' ') + quoted;
}

} // namespace s3c
