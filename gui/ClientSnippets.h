#pragma once

#include "auth/Credentials.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

namespace s3c {

// Ready-to-paste text for S3 clients pointed at the gateway: an `aws` command line and a
// `~/.aws/config` profile. The secret appears in clear only when asked (copying); what is shown
// on screen masks it.
class ClientSnippets
{
    Q_DECLARE_TR_FUNCTIONS(ClientSnippets)
public:
    static QString awsListCommand(const QUrl &endpoint, const QString &profile = {});
    // [profile NAME] with region, endpoint_url (aws cli >= 2.13 / botocore >= 1.31 read it) and
    // path-style addressing: the gateway is reached by address, not by bucket.DOMAIN names.
    static QString awsConfigProfile(const QUrl &endpoint, const Credentials &credentials,
                                    const QString &region, bool revealSecret,
                                    const QString &profile = QStringLiteral("s3cascade"));
    static QString maskedSecret(const QString &secret);
};

} // namespace s3c
