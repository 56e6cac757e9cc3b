#include "Crc32c.h"

#include <QtEndian>

#include <array>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define S3C_HAVE_SSE42_PATH 1
#endif

namespace s3c {

namespace {

constexpr quint32 kPolynomial = 0x82F63B78u; // RFC 3720 appendix B.4, bit-reflected

using Tables = std::array<std::array<quint32, 256>, 8>;

constexpr Tables makeTables()
{
    Tables t{};
    for (quint32 i = 0; i < 256; ++i) {
        quint32 c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ kPolynomial : c >> 1;
        t[0][i] = c;
    }
    for (quint32 i = 0; i < 256; ++i) {
        for (std::size_t k = 1; k < 8; ++k)
            t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
    }
    return t;
}

constexpr Tables kTables = makeTables();

} // namespace

quint32 Crc32c::updatePortable(quint32 crc, const void *data, std::size_t size)
{
    const auto *p = static_cast<const uchar *>(data);
    quint32 c = ~crc;
    // Slicing-by-8: eight table look-ups fold eight bytes per step.
    while (size >= 8) {
        quint32 lo;
        quint32 hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + 4, 4);
        lo = qFromLittleEndian(lo) ^ c;
        hi = qFromLittleEndian(hi);
        c = kTables[7][lo & 0xFF] ^ kTables[6][(lo >> 8) & 0xFF] ^ kTables[5][(lo >> 16) & 0xFF] ^
            kTables[4][lo >> 24] ^ kTables[3][hi & 0xFF] ^ kTables[2][(hi >> 8) & 0xFF] ^
            kTables[1][(hi >> 16) & 0xFF] ^ kTables[0][hi >> 24];
        p += 8;
        size -= 8;
    }
    while (size--)
        c = (c >> 8) ^ kTables[0][(c ^ *p++) & 0xFF];
    return ~c;
}

#ifdef S3C_HAVE_SSE42_PATH
__attribute__((target("sse4.2"))) static quint32 crc32cSse42(quint32 crc, const uchar *p, std::size_t size)
{
    quint64 c = ~crc;
    while (size >= 8) {
        quint64 v;
        std::memcpy(&v, p, 8);
        c = _mm_crc32_u64(c, v);
        p += 8;
        size -= 8;
    }
    auto c32 = quint32(c);
    while (size--)
        c32 = _mm_crc32_u8(c32, *p++);
    return ~c32;
}
#endif

quint32 Crc32c::updateHardware(quint32 crc, const void *data, std::size_t size)
{
#ifdef S3C_HAVE_SSE42_PATH
    if (hardwareAvailable())
        return crc32cSse42(crc, static_cast<const uchar *>(data), size);
#endif
    return updatePortable(crc, data, size);
}

bool Crc32c::hardwareAvailable()
{
#ifdef S3C_HAVE_SSE42_PATH
    static const bool available = __builtin_cpu_supports("sse4.2");
    return available;
#else
    return false;
#endif
}

quint32 Crc32c::update(quint32 crc, const void *data, std::size_t size)
{
    return hardwareAvailable() ? updateHardware(crc, data, size) : updatePortable(crc, data, size);
}

} // namespace s3c
