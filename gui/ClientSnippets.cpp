#include "ClientSnippets.h"

namespace s3c {

QString ClientSnippets::maskedSecret(const QString &secret)
{
    // Same length hint for every secret: the mask must not leak how long it is.
    Q_UNUSED(secret);
    return QString(12, QChar(0x2022));
}

QString ClientSnippets::awsListCommand(const QUrl &endpoint, const QString &profile)
{
    QString command = QStringLiteral("aws");
    if (!profile.isEmpty())
        command += QStringLiteral(" --profile ") + profile;
    return command + QStringLiteral(" --endpoint-url ") + endpoint.toString(QUrl::RemoveUserInfo) +
           QStringLiteral(" s3 ls");
}

QString ClientSnippets::awsConfigProfile(const QUrl &endpoint, const Credentials &credentials,
                                         const QString &region, bool revealSecret, const QString &profile)
{
    const QString secret = revealSecret ? credentials.secretKey : maskedSecret(credentials.secretKey);
    return QStringLiteral("[profile %1]\n"
                          "region = %2\n"
                          "endpoint_url = %3\n"
                          "aws_access_key_id = %4\n"
                          "aws_secret_access_key = %5\n"
                          "s3 =\n"
                          "    addressing_style = path\n")
        .arg(profile, region, endpoint.toString(QUrl::RemoveUserInfo), credentials.accessKey, secret);
}

} // namespace s3c
