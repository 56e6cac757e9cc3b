#pragma once

#include "S3Context.h"

namespace s3c {

// Multipart uploads: Create, UploadPart, UploadPartCopy, Complete, Abort, ListParts.
class MultipartHandler
{
public:
    static void create(const Ctx &ctx);
    static void uploadPart(const Ctx &ctx);
    static void uploadPartCopy(const Ctx &ctx);
    static void complete(const Ctx &ctx);
    static void abort(const Ctx &ctx);
    static void listParts(const Ctx &ctx);
};

} // namespace s3c
