#pragma once

#include <QtGlobal>

#include <cstddef>

namespace s3c {

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the x-amz-checksum-crc32c algorithm.
// Debian ships no C library for it, so it is here: SSE4.2's crc32 instruction when the CPU has
// it (checked at run time), else slicing-by-8 tables. Same convention as zlib's crc32():
// start with 0, feed the previous result back in to continue.
class Crc32c
{
public:
    static quint32 update(quint32 crc, const void *data, std::size_t size);
    static bool hardwareAvailable();

    // Both paths, reachable on their own so the tests can prove they agree.
    static quint32 updatePortable(quint32 crc, const void *data, std::size_t size);
    static quint32 updateHardware(quint32 crc, const void *data, std::size_t size);
};

} // namespace s3c
