#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace s3c {

// Behaviour of the S3 front end, from the command line or the saved configuration.
struct S3Settings
{
    QString region = QStringLiteral("us-east-1");
    QString virtualDomain;  // --virtual-domain: "bucket.DOMAIN" hosts
    QByteArray healthPath;  // --health: unauthenticated 200
    bool readOnly = false;  // --readonly: every write is AccessDenied
    bool debug = false;     // --debug: SigV4 stages logged (never secrets)
    bool allowSigV2 = true; // --no-sigv2 refuses AWS Signature Version 2 (header and query)
    // --cors-origin: the CORS rule of buckets without a configuration of their own (any method,
    // any header, ETag readable) for these origins; empty: none.
    QList<QByteArray> corsOrigins;
    qint64 maxSinglePutBytes = 5LL * 1024 * 1024 * 1024; // S3's PutObject limit
};

} // namespace s3c
