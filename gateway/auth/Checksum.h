#pragma once

#include "Hasher.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace s3c {

// One running body checksum of the kinds S3 verifies: the flexible checksums
// (x-amz-checksum-crc32 | crc32c | crc64nvme | sha1 | sha256, "Checking object integrity" in
// the S3 user guide) and Content-MD5 (RFC 1864). result() is the raw digest; for the CRCs that
// is the big-endian integer, which is what the base64 header values encode.
class Checksum
{
public:
    enum class Algorithm { Crc32, Crc32c, Crc64Nvme, Sha1, Sha256, Md5 };

    explicit Checksum(Algorithm algorithm);

    // "x-amz-checksum-crc32" (any case) -> Crc32; nullopt for other names.
    static std::optional<Algorithm> fromHeaderName(QByteArrayView name);
    // "CRC32" as in x-amz-sdk-checksum-algorithm / x-amz-checksum-algorithm.
    static std::optional<Algorithm> fromName(QByteArrayView name);
    static QByteArray name(Algorithm algorithm);       // "CRC32"
    static QByteArray headerName(Algorithm algorithm); // "x-amz-checksum-crc32"
    static int digestSize(Algorithm algorithm);        // bytes of result()

    void addData(QByteArrayView data);
    QByteArray result() const; // raw digest of everything added; call once
    Algorithm algorithm() const { return m_algorithm; }

private:
    Algorithm m_algorithm;
    quint64 m_crc = 0;
    mutable std::optional<Hasher> m_hasher;
};

} // namespace s3c
