#pragma once

#include "S3Context.h"
#include "backends/BackendTypes.h"

namespace s3c {

struct CopySource
{
    QString bucket;
    QString key;
};

// Object operations: GetObject, HeadObject, PutObject, DeleteObject, CopyObject.
class ObjectHandler
{
public:
    static void getObject(const Ctx &ctx, bool headOnly);
    static void putObject(const Ctx &ctx);
    static void deleteObject(const Ctx &ctx);
    static void copyObject(const Ctx &ctx);

    // x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, optional "?versionId=".
    static Result<CopySource> parseCopySource(const QByteArray &header);
    // Checksum headers of a stored object or part, for PUT/UploadPart responses.
    static void addChecksumHeaders(HttpResponse &response, const QMap<QByteArray, QByteArray> &checksums);

private:
    static void sendNotModified(const Ctx &ctx, GetObjectRequest request);
};

} // namespace s3c
