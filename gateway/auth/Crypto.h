#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace s3c {

// One-shot digests and MACs for SigV4, on OpenSSL (Debian's libcrypto): SHA-256, HMAC-SHA256 (and
// HMAC-SHA1 for Signature Version 2),
// lower-case hex, and the constant-time comparison every signature check goes through.
class Crypto
{
public:
    static QByteArray sha256(QByteArrayView data);    // 32 raw bytes
    static QByteArray sha256Hex(QByteArrayView data); // 64 lower-case hex digits
    static QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);
    static QByteArray hmacSha1(QByteArrayView key, QByteArrayView data); // SigV2 only: 20 raw bytes
    static QByteArray toHex(QByteArrayView raw); // lower-case, as SigV4 requires
    // True if both are equal, in time that depends only on the length (CRYPTO_memcmp): a
    // timing difference must not tell an attacker how many signature digits were right.
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
    // SHA-256 of the empty string, the payload hash of every body-less request.
    static QByteArray emptySha256Hex();
};

} // namespace s3c
