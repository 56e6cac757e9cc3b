#include "Crc64Nvme.h"

#include <QtEndian>

#include <array>
#include <cstring>

namespace s3c {

namespace {

constexpr quint64 kPolynomial = 0x9A6C9329AC4BC9B5ull; // NVM Express spec, bit-reflected

using Tables = std::array<std::array<quint64, 256>, 8>;

constexpr Tables makeTables()
{
    Tables t{};
    for (quint64 i = 0; i < 256; ++i) {
        quint64 c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ kPolynomial : c >> 1;
        t[0][i] = c;
    }
    for (std::size_t i = 0; i < 256; ++i) {
        for (std::size_t k = 1; k < 8; ++k)
            t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
    }
    return t;
}

constexpr Tables kTables = makeTables();

} // namespace

quint64 Crc64Nvme::update(quint64 crc, const void *data, std::size_t size)
{
    const auto *p = static_cast<const uchar *>(data);
    quint64 c = ~crc;
    while (size >= 8) {
        quint64 v;
        std::memcpy(&v, p, 8);
        v = qFromLittleEndian(v) ^ c;
        c = kTables[7][v & 0xFF] ^ kTables[6][(v >> 8) & 0xFF] ^ kTables[5][(v >> 16) & 0xFF] ^
            kTables[4][(v >> 24) & 0xFF] ^ kTables[3][(v >> 32) & 0xFF] ^ kTables[2][(v >> 40) & 0xFF] ^
            kTables[1][(v >> 48) & 0xFF] ^ kTables[0][v >> 56];
        p += 8;
        size -= 8;
    }
    while (size--)
        c = (c >> 8) ^ kTables[0][(c ^ *p++) & 0xFF];
    return ~c;
}

} // namespace s3c
