#pragma once

#include "Credentials.h"
#include "SigV4.h"
#include "SigningKeyCache.h"
#include "http/HttpRequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QUrl>

#include <memory>

namespace s3c {

// Signs requests with AWS Signature Version 4, in an Authorization header or as a presigned
// URL: for the `s3cascade presign` command, the GUI and the S3 client backend. It runs the same
// step functions (sigv4::*) the verifier runs, with the time passed in.
class SigV4Signer
{
public:
    // What to sign. `rawTarget` is the path and query exactly as they will go on the wire
    // (already %-encoded, e.g. built with sigv4::uriEncode(key, false)); `headers` are the
    // headers to sign and must include Host.
    struct Request
    {
        QByteArray method;
        QByteArray rawTarget;
        QList<HttpHeader> headers;
        // Hex SHA-256 of the body, UNSIGNED-PAYLOAD or a STREAMING-* constant. Empty: the hash of
        // an empty body for header signing, UNSIGNED-PAYLOAD for S3 presigning.
        QByteArray payloadHash;
    };

    // The signature and every stage that led to it (for tests and --debug; no secret in it).
    struct Signed
    {
        QList<HttpHeader> headers; // headers to add to the request (X-Amz-Date, ..., Authorization)
        QByteArray rawTarget;      // presigned: the target with the X-Amz-* parameters
        QByteArray authorization;  // header signing: the Authorization value
        QByteArray canonicalRequest;
        QByteArray stringToSign;
        QByteArray signature;
        QByteArray signingKey; // binary; for chunk signatures (ChunkSignatureChain), never log it
        QByteArray scope;
        QByteArray timestamp; // "20130524T000000Z"
    };

    SigV4Signer(const Credentials &credentials, const QByteArray &region,
                const QByteArray &service = QByteArrayLiteral("s3"));

    // STS credentials: the token travels as x-amz-security-token / X-Amz-Security-Token. With
    // signToken false it is added after signing (some services want it unsigned).
    void setSessionToken(const QByteArray &token, bool signToken = true);
    // Path handling; S3 (the default for service "s3") signs the raw path, others normalise.
    void setPathMode(sigv4::PathMode mode);
    // Add a signed x-amz-content-sha256 header (S3 requires it; on by default for "s3").
    void setAddContentSha256Header(bool on);

    Signed sign(const Request &request, const QDateTime &time) const;
    // Query signing; expiresSeconds 1..604800 (S3's limit for SigV4 presigned URLs).
    Signed presign(const Request &request, const QDateTime &time, qint64 expiresSeconds) const;
    // Convenience for a whole URL: Host comes from `url`, the path and query are taken as
    // encoded in it. Returns the presigned URL.
    QUrl presignUrl(const QByteArray &method, const QUrl &url, const QDateTime &time, qint64 expiresSeconds,
                    const QList<HttpHeader> &extraSignedHeaders = {}) const;

    // "host[:port]" as clients send it: the port only when it is not the scheme's default.
    static QByteArray hostHeader(const QUrl &url);

private:
    Signed finish(const Request &request, const QList<HttpHeader> &headers, const QByteArray &query,
                  const QByteArray &payloadHash, const QDateTime &time) const;

    Credentials m_credentials;
    QByteArray m_region;
    QByteArray m_service;
    QByteArray m_sessionToken;
    bool m_signToken = true;
    sigv4::PathMode m_pathMode;
    bool m_addContentSha256;
    // Four HMACs per request saved: the derived key only changes with the date. Shared by
    // copies of this signer, thread-safe.
    std::shared_ptr<SigningKeyCache> m_keys = std::make_shared<SigningKeyCache>(4);
};

} // namespace s3c
