#include "Checksum.h"

#include "Crc32c.h"
#include "Crc64Nvme.h"

#include <QtEndian>

#include <zlib.h>

namespace s3c {

namespace {

struct AlgorithmInfo
{
    Checksum::Algorithm algorithm;
    const char *name;
    int size;
};

constexpr AlgorithmInfo kAlgorithms[] = {
    {Checksum::Algorithm::Crc32, "CRC32", 4},         {Checksum::Algorithm::Crc32c, "CRC32C", 4},
    {Checksum::Algorithm::Crc64Nvme, "CRC64NVME", 8}, {Checksum::Algorithm::Sha1, "SHA1", 20},
    {Checksum::Algorithm::Sha256, "SHA256", 32},      {Checksum::Algorithm::Md5, "MD5", 16},
};

const AlgorithmInfo &info(Checksum::Algorithm algorithm)
{
    for (const AlgorithmInfo &i : kAlgorithms) {
        if (i.algorithm == algorithm)
            return i;
    }
    return kAlgorithms[0];
}

} // namespace

Checksum::Checksum(Algorithm algorithm) : m_algorithm(algorithm)
{
    switch (algorithm) {
    case Algorithm::Sha1:
        m_hasher.emplace(Hasher::Algorithm::Sha1);
        break;
    case Algorithm::Sha256:
        m_hasher.emplace(Hasher::Algorithm::Sha256);
        break;
    case Algorithm::Md5:
        m_hasher.emplace(Hasher::Algorithm::Md5);
        break;
    default:
        break;
    }
}

std::optional<Checksum::Algorithm> Checksum::fromHeaderName(QByteArrayView name)
{
    static constexpr QByteArrayView prefix = "x-amz-checksum-";
    if (name.size() <= prefix.size() || !name.first(prefix.size()).toByteArray().toLower().startsWith(prefix))
        return std::nullopt;
    const std::optional<Algorithm> a = fromName(name.sliced(prefix.size()));
    if (a == Algorithm::Md5)
        return std::nullopt; // MD5 travels as Content-MD5, never as x-amz-checksum-md5
    return a;
}

std::optional<Checksum::Algorithm> Checksum::fromName(QByteArrayView name)
{
    for (const AlgorithmInfo &i : kAlgorithms) {
        if (name.compare(QByteArrayView(i.name), Qt::CaseInsensitive) == 0)
            return i.algorithm;
    }
    return std::nullopt;
}

QByteArray Checksum::name(Algorithm algorithm)
{
    return QByteArray(info(algorithm).name);
}

QByteArray Checksum::headerName(Algorithm algorithm)
{
    return QByteArrayLiteral("x-amz-checksum-") + name(algorithm).toLower();
}

int Checksum::digestSize(Algorithm algorithm)
{
    return info(algorithm).size;
}

void Checksum::addData(QByteArrayView data)
{
    switch (m_algorithm) {
    case Algorithm::Crc32:
        m_crc = crc32_z(uLong(m_crc), reinterpret_cast<const Bytef *>(data.data()), z_size_t(data.size()));
        break;
    case Algorithm::Crc32c:
        m_crc = Crc32c::update(quint32(m_crc), data.data(), std::size_t(data.size()));
        break;
    case Algorithm::Crc64Nvme:
        m_crc = Crc64Nvme::update(m_crc, data.data(), std::size_t(data.size()));
        break;
    default:
        m_hasher->addData(data);
        break;
    }
}

QByteArray Checksum::result() const
{
    if (m_hasher)
        return m_hasher->result();
    QByteArray out(digestSize(m_algorithm), Qt::Uninitialized);
    if (m_algorithm == Algorithm::Crc64Nvme)
        qToBigEndian(m_crc, out.data());
    else
        qToBigEndian(quint32(m_crc), out.data());
    return out;
}

} // namespace s3c
