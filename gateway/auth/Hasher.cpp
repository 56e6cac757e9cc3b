#include "Hasher.h"

#include <openssl/evp.h>

namespace s3c {

namespace {

const EVP_MD *digestFor(Hasher::Algorithm algorithm)
{
    switch (algorithm) {
    case Hasher::Algorithm::Md5:
        return EVP_md5();
    case Hasher::Algorithm::Sha1:
        return EVP_sha1();
    case Hasher::Algorithm::Sha256:
        return EVP_sha256();
    }
    return EVP_sha256();
}

} // namespace

void Hasher::Free::operator()(evp_md_ctx_st *ctx) const
{
    EVP_MD_CTX_free(ctx);
}

Hasher::Hasher(Algorithm algorithm) : m_algorithm(algorithm), m_ctx(EVP_MD_CTX_new())
{
    reset();
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher &&other) noexcept = default;
Hasher &Hasher::operator=(Hasher &&other) noexcept = default;

void Hasher::addData(QByteArrayView data)
{
    if (!data.isEmpty())
        EVP_DigestUpdate(m_ctx.get(), data.data(), size_t(data.size()));
}

QByteArray Hasher::result()
{
    QByteArray out(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &length);
    out.truncate(int(length));
    reset();
    return out;
}

void Hasher::reset()
{
    EVP_DigestInit_ex(m_ctx.get(), digestFor(m_algorithm), nullptr);
}

} // namespace s3c
