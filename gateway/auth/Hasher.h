#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

struct evp_md_ctx_st;

namespace s3c {

// A streaming message digest on OpenSSL's EVP interface: bodies are hashed as they flow, never
// held whole. OpenSSL picks the fastest code for the CPU (SHA-NI, AVX2), which matters at
// gigabytes per upload.
class Hasher
{
public:
    enum class Algorithm { Md5, Sha1, Sha256 };

    explicit Hasher(Algorithm algorithm);
    ~Hasher();
    Hasher(Hasher &&other) noexcept;
    Hasher &operator=(Hasher &&other) noexcept;

    void addData(QByteArrayView data);
    // The digest of everything added since construction or the last reset(); resets.
    QByteArray result();
    void reset();
    Algorithm algorithm() const { return m_algorithm; }

private:
    struct Free
    {
        void operator()(evp_md_ctx_st *ctx) const;
    };
    Algorithm m_algorithm;
    std::unique_ptr<evp_md_ctx_st, Free> m_ctx;
};

} // namespace s3c
