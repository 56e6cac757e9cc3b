#pragma once

#include "S3Context.h"

namespace s3c {

// ListObjects (v1), ListObjectsV2 and ListMultipartUploads: argument checks, paging tokens, XML.
class ListHandler
{
public:
    static void listObjectsV1(const Ctx &ctx);
    static void listObjectsV2(const Ctx &ctx);
    static void listUploads(const Ctx &ctx);

    // Continuation tokens are opaque to clients; ours carry the last key returned.
    static QString encodeToken(const QString &marker);
    static std::optional<QString> decodeToken(const QString &token);
};

} // namespace s3c
