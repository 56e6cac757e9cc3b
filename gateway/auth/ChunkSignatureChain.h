#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace s3c {

// The chained signatures of a SigV4 streaming upload ("Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks"): every chunk, the final empty
// one included, signs its SHA-256 together with the previous signature, starting from the seed
// signature of the request; with trailing headers the trailer signs last. Used to verify
// (PayloadVerifier) and to sign (an S3 client uploading aws-chunked).
class ChunkSignatureChain
{
public:
    ChunkSignatureChain(const QByteArray &signingKey, const QByteArray &timestamp, const QByteArray &scope,
                        const QByteArray &seedSignature);

    // The signature the next chunk must carry, given the hex SHA-256 of its data; advances.
    QByteArray nextChunk(QByteArrayView chunkSha256Hex);
    // The signature of the trailing headers, given the hex SHA-256 of their canonical form.
    QByteArray trailer(QByteArrayView trailerSha256Hex);
    const QByteArray &previousSignature() const { return m_previous; }

private:
    QByteArray m_signingKey;
    QByteArray m_timestamp;
    QByteArray m_scope;
    QByteArray m_previous;
};

} // namespace s3c
