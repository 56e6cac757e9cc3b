#include "BackendConfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>

namespace s3c {

namespace {

// `why` is marked with QT_TRANSLATE_NOOP at the call: the Backends editor shows it as the user
// types. The field path stays as written, it names the JSON key.
Failure invalid(int index, const char *field, const char *why)
{
    return Failure{S3Error::InvalidArgument,
                   QStringLiteral("backends[%1].%2: %3")
                       .arg(index)
                       .arg(QLatin1String(field), QCoreApplication::translate("BackendConfig", why))};
}

// The bucket named by an endpoint's path: "/primary-bucket" or "/primary-bucket/".
QString endpointPathBucket(const QUrl &url)
{
    QString path = url.path();
    while (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

} // namespace

QString BackendConfig::pinnedBucket() const
{
    if (!bucket.isEmpty())
        return bucket;
    return endpointPathBucket(QUrl(endpoint, QUrl::StrictMode));
}

QUrl BackendConfig::endpointUrl() const
{
    if (endpoint.isEmpty())
        return {};
    QUrl url(endpoint, QUrl::StrictMode);
    url.setPath(QString());
    return url;
}

bool BackendConfig::isValidBucketName(const QString &name)
{
    // 3-63 characters of lower-case letters, digits, dots and hyphens, starting and ending with
    // a letter or digit, no "..", not an IP address.
    static const QRegularExpression shape(QStringLiteral("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"));
    static const QRegularExpression ip(QStringLiteral("^\\d+\\.\\d+\\.\\d+\\.\\d+$"));
    return shape.match(name).hasMatch() && !name.contains(QLatin1String("..")) && !ip.match(name).hasMatch();
}

Status BackendConfig::validate(int index) const
{
    static const QRegularExpression nameShape(QStringLiteral("^[A-Za-z0-9._:-]{1,64}$"));
    if (!nameShape.match(name).hasMatch())
        return invalid(index, "name",
                       QT_TRANSLATE_NOOP("BackendConfig", "must be 1-64 characters of A-Z a-z 0-9 . _ : -"));
    if (connectTimeoutMs < 1 || connectTimeoutMs > 600000)
        return invalid(index, "connectTimeoutMs",
                       QT_TRANSLATE_NOOP("BackendConfig", "must be between 1 and 600000"));
    if (firstByteTimeoutMs < 1 || firstByteTimeoutMs > 600000)
        return invalid(index, "firstByteTimeoutMs",
                       QT_TRANSLATE_NOOP("BackendConfig", "must be between 1 and 600000"));
    if (type == Type::Posix) {
        if (path.isEmpty())
            return invalid(index, "path", QT_TRANSLATE_NOOP("BackendConfig", "required for a posix backend"));
        if (QDir::isRelativePath(path))
            return invalid(index, "path",
                           QT_TRANSLATE_NOOP("BackendConfig", "must be an absolute directory path"));
        return Done{};
    }

    if (accessKey.isEmpty())
        return invalid(index, "access", QT_TRANSLATE_NOOP("BackendConfig", "required for an S3 backend"));
    if (secretKey.isEmpty())
        return invalid(index, "secret", QT_TRANSLATE_NOOP("BackendConfig", "required for an S3 backend"));
    static const QRegularExpression regionShape(QStringLiteral("^[a-z0-9-]{1,32}$"));
    if (!regionShape.match(region).hasMatch())
        return invalid(index, "region",
                       QT_TRANSLATE_NOOP("BackendConfig", "must be a region name such as us-east-1 or auto"));
    if (!endpoint.isEmpty()) {
        const QUrl url(endpoint, QUrl::StrictMode);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            return invalid(index, "endpoint",
                           QT_TRANSLATE_NOOP("BackendConfig", "must be an http:// or https:// URL"));
        if (url.host().isEmpty())
            return invalid(index, "endpoint", QT_TRANSLATE_NOOP("BackendConfig", "has no host"));
        if (!url.userInfo().isEmpty())
            return invalid(
                index, "endpoint",
                QT_TRANSLATE_NOOP("BackendConfig", "must not carry credentials; use access and secret"));
        if (url.hasQuery() || url.hasFragment())
            return invalid(index, "endpoint",
                           QT_TRANSLATE_NOOP("BackendConfig", "must not have a query or fragment"));
        const QString pathBucket = endpointPathBucket(url);
        if (pathBucket.contains(QLatin1Char('/')))
            return invalid(index, "endpoint",
                           QT_TRANSLATE_NOOP("BackendConfig",
                                             "path may name one bucket only, e.g. https://host/bucket"));
        if (!pathBucket.isEmpty() && !isValidBucketName(pathBucket))
            return invalid(index, "endpoint",
                           QT_TRANSLATE_NOOP("BackendConfig", "path is not a valid bucket name"));
        if (!bucket.isEmpty() && !pathBucket.isEmpty() && bucket != pathBucket)
            return invalid(
                index, "bucket",
                QT_TRANSLATE_NOOP("BackendConfig", "differs from the bucket in the endpoint path"));
    }
    if (!bucket.isEmpty() && !isValidBucketName(bucket))
        return invalid(index, "bucket", QT_TRANSLATE_NOOP("BackendConfig", "not a valid bucket name"));
    return Done{};
}

} // namespace s3c
