#pragma once

#include "S3Context.h"

namespace s3c {

// DeleteObjects (POST /bucket?delete): up to 1000 keys, quiet mode, Content-MD5 or a checksum
// required (the payload verifier checks whichever was sent).
class DeleteObjectsHandler
{
public:
    static void run(const Ctx &ctx);
};

} // namespace s3c
