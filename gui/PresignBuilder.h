#pragma once

#include "auth/Credentials.h"
#include "base/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QUrl>

namespace s3c {

// Everything the Presign page shows, computed from its inputs: the presigned URL (path-style,
// SigV4 query signing), a curl command that uses it and when it stops working. No widgets here,
// so the rules are testable on their own.
class PresignBuilder
{
    Q_DECLARE_TR_FUNCTIONS(PresignBuilder)
public:
    // "X-Amz-Expires ... Minimum value of 1. Maximum value of 604800" (seven days): AWS S3 API
    // reference, "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)".
    static constexpr qint64 kMinExpirySeconds = 1;
    static constexpr qint64 kMaxExpirySeconds = 7 * 24 * 3600;

    struct Input
    {
        QByteArray method = "GET"; // GET, PUT, DELETE, HEAD
        QString bucket;
        QString key;
        qint64 expiresSeconds = 3600;
        QUrl endpoint; // scheme, host to embed and port
        Credentials credentials;
        QString region = QStringLiteral("us-east-1");
        QDateTime now; // UTC; the signing time
    };

    struct Output
    {
        QUrl url;
        QString curlCommand;
        QDateTime expiresAt; // UTC
    };

    // InvalidArgument with a message for the user when an input is refused.
    static Result<Output> build(const Input &input);
    // Why `seconds` is refused, or an empty string when it is fine.
    static QString expiryProblem(qint64 seconds);
    static QString curlCommand(const QByteArray &method, const QUrl &url, const QString &key);
};

} // namespace s3c
