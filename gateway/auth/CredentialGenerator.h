#pragma once

#include "Credentials.h"
#include "base/Result.h"

#include <QByteArrayView>
#include <QString>

namespace s3c {

// New access key / secret key pairs shaped like AWS's: a 20-character access key of A-Z 0-9 and
// a 40-character secret of A-Z a-z 0-9 / +. Drawn from OpenSSL's CSPRNG (RAND_bytes) with
// rejection sampling, so every character of the alphabet is exactly equally likely.
class CredentialGenerator
{
public:
    static constexpr int kAccessKeyLength = 20;
    static constexpr int kSecretKeyLength = 40;
    static constexpr QByteArrayView kAccessKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static constexpr QByteArrayView kSecretKeyAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";

    // InternalError only if the system's random source fails.
    static Result<Credentials> generate();
    // `length` characters drawn uniformly from `alphabet` (2..256 distinct bytes).
    static Result<QString> randomString(int length, QByteArrayView alphabet);
};

} // namespace s3c
