#include "Crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <cstring>

namespace s3c {

namespace {

// OpenSSL 3's one-shot SHA256() and HMAC() fetch the algorithm from the provider on every call
// (EVP_Q_digest / EVP_Q_mac), which cost more than hashing a request's few hundred bytes.
// The algorithm is fetched once; each thread keeps one digest context.
const EVP_MD *sha256Md()
{
    static EVP_MD *const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

struct ThreadDigest
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ~ThreadDigest() { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX *threadContext()
{
    thread_local ThreadDigest digest;
    return digest.ctx;
}

constexpr int kBlock = 64; // SHA-256 block size (RFC 2104: B)

void digest(const unsigned char *a, size_t aLength, const void *b, size_t bLength, unsigned char *out)
{
    EVP_MD_CTX *ctx = threadContext();
    unsigned int length = 0;
    EVP_DigestInit_ex(ctx, sha256Md(), nullptr);
    if (aLength)
        EVP_DigestUpdate(ctx, a, aLength);
    EVP_DigestUpdate(ctx, b, bLength);
    EVP_DigestFinal_ex(ctx, out, &length);
}

} // namespace

QByteArray Crypto::sha256(QByteArrayView data)
{
    QByteArray out(SHA256_DIGEST_LENGTH, Qt::Uninitialized);
    digest(nullptr, 0, data.data(), size_t(data.size()), reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

QByteArray Crypto::sha256Hex(QByteArrayView data)
{
    return toHex(sha256(data));
}

QByteArray Crypto::hmacSha1(QByteArrayView key, QByteArrayView data)
{
    // Only Signature Version 2 uses it, once per request: OpenSSL's one-shot HMAC is enough.
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha1(), key.data(), int(key.size()), reinterpret_cast<const unsigned char *>(data.data()),
         size_t(data.size()), out, &length);
    return QByteArray(reinterpret_cast<const char *>(out), int(length));
}

QByteArray Crypto::hmacSha256(QByteArrayView key, QByteArrayView data)
{
    // RFC 2104: H((K0 ^ opad) || H((K0 ^ ipad) || data)), K0 the key padded to the block size
    // (hashed first when longer).
    unsigned char k0[kBlock] = {};
    if (key.size() > kBlock)
        digest(nullptr, 0, key.data(), size_t(key.size()), k0);
    else if (!key.isEmpty())
        std::memcpy(k0, key.data(), size_t(key.size()));
    unsigned char pad[kBlock];
    for (int i = 0; i < kBlock; ++i)
        pad[i] = k0[i] ^ 0x36;
    unsigned char inner[SHA256_DIGEST_LENGTH];
    digest(pad, kBlock, data.data(), size_t(data.size()), inner);
    for (int i = 0; i < kBlock; ++i)
        pad[i] = k0[i] ^ 0x5c;
    QByteArray out(SHA256_DIGEST_LENGTH, Qt::Uninitialized);
    digest(pad, kBlock, inner, sizeof inner, reinterpret_cast<unsigned char *>(out.data()));
    // The padded key is key material (a signing key is a secret for its day).
    OPENSSL_cleanse(k0, sizeof k0);
    OPENSSL_cleanse(pad, sizeof pad);
    return out;
}

QByteArray Crypto::toHex(QByteArrayView raw)
{
    return raw.toByteArray().toHex();
}

bool Crypto::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

QByteArray Crypto::emptySha256Hex()
{
    return QByteArrayLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

} // namespace s3c
