#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace s3c {

// How the payload of a request is protected (x-amz-content-sha256).
enum class PayloadMode {
    SignedHex,            // hex SHA-256 of the body: verified as it streams
    Unsigned,             // UNSIGNED-PAYLOAD (and presigned URLs)
    StreamingSigned,      // STREAMING-AWS4-HMAC-SHA256-PAYLOAD
    StreamingSignedTrailer,   // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
    StreamingUnsignedTrailer, // STREAMING-UNSIGNED-PAYLOAD-TRAILER
};

// What a verified request proved, and what the body checks need.
struct AuthContext
{
    QString accessKey;
    QByteArray region;
    QByteArray service;        // "s3"
    QDateTime requestTime;     // x-amz-date / X-Amz-Date, UTC
    QByteArray scope;          // "20130524/us-east-1/s3/aws4_request"
    QByteArray signingKey;     // derived key (binary), for chunk signatures; never logged
    QByteArray seedSignature;  // hex signature of the request: the first chunk's "previous"
    QByteArray contentSha256;  // the header's value as sent
    PayloadMode payloadMode = PayloadMode::Unsigned;
    bool presigned = false;
};

} // namespace s3c
