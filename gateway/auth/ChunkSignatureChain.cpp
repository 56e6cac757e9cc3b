#include "ChunkSignatureChain.h"

#include "SigV4.h"

namespace s3c {

ChunkSignatureChain::ChunkSignatureChain(const QByteArray &signingKey, const QByteArray &timestamp,
                                         const QByteArray &scope, const QByteArray &seedSignature)
    : m_signingKey(signingKey), m_timestamp(timestamp), m_scope(scope), m_previous(seedSignature)
{
}

QByteArray ChunkSignatureChain::nextChunk(QByteArrayView chunkSha256Hex)
{
    m_previous = sigv4::signature(m_signingKey,
                                  sigv4::chunkStringToSign(m_timestamp, m_scope, m_previous, chunkSha256Hex));
    return m_previous;
}

QByteArray ChunkSignatureChain::trailer(QByteArrayView trailerSha256Hex)
{
    m_previous = sigv4::signature(
        m_signingKey, sigv4::trailerStringToSign(m_timestamp, m_scope, m_previous, trailerSha256Hex));
    return m_previous;
}

} // namespace s3c
