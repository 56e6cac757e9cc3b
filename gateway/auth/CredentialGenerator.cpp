#include "CredentialGenerator.h"

#include <openssl/rand.h>

namespace s3c {

Result<QString> CredentialGenerator::randomString(int length, QByteArrayView alphabet)
{
    const int n = int(alphabet.size());
    if (n < 2 || n > 256 || length < 0)
        return Failure{S3Error::InternalError, QStringLiteral("Invalid alphabet for random strings.")};
    // Rejection sampling: only bytes below the largest multiple of n are used, so `byte % n` is
    // uniform (a plain modulo would favour the first 256 % n characters).
    const int limit = 256 - (256 % n);
    QByteArray out;
    out.reserve(length);
    unsigned char pool[64];
    while (out.size() < length) {
        if (RAND_bytes(pool, int(sizeof pool)) != 1)
            return Failure{S3Error::InternalError,
                           QStringLiteral("The system random number generator failed.")};
        for (const unsigned char b : pool) {
            if (b < limit && out.size() < length)
                out += alphabet[b % n];
        }
    }
    OPENSSL_cleanse(pool, sizeof pool);
    return QString::fromLatin1(out);
}

Result<Credentials> CredentialGenerator::generate()
{
    Result<QString> access = randomString(kAccessKeyLength, kAccessKeyAlphabet);
    if (!access)
        return access.failure();
    Result<QString> secret = randomString(kSecretKeyLength, kSecretKeyAlphabet);
    if (!secret)
        return secret.failure();
    return Credentials{*access, *secret};
}

} // namespace s3c
