#pragma once

#include <QtGlobal>

#include <cstddef>

namespace s3c {

// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), the x-amz-checksum-crc64nvme
// algorithm S3 added for full-object checksums; newer SDKs may send it. Slicing-by-8 tables;
// zlib-style convention: start with 0, feed the previous result back in to continue.
class Crc64Nvme
{
public:
    static quint64 update(quint64 crc, const void *data, std::size_t size);
};

} // namespace s3c
