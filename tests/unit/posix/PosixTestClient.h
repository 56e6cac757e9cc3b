#pragma once

#include "PosixTestSupport.h"
#include "backends/Backend.h"

#include <QByteArray>
#include <QString>

namespace s3c::test {

// Synchronous wrappers over the asynchronous Backend calls for tests (through await(), so every
// call also checks the callback contract).
Result<ObjectInfo> putObject(Backend &backend, const QString &bucket, const QString &key,
                             const QByteArray &data, const ObjectInfo &meta = {});
// The body arrives in `chunk`-sized pieces, each from its own event-loop turn after the call.
Result<ObjectInfo> putObjectStreamed(Backend &backend, const QString &bucket, const QString &key,
                                     const QByteArray &data, qint64 chunk);
Result<GetObjectResult> getObject(Backend &backend, const GetObjectRequest &request);
Result<GetObjectResult> getObject(Backend &backend, const QString &bucket, const QString &key);
// Reads the bytes a GET hands back -- exactly the range length, as the HTTP layer does -- and
// frees the device.
QByteArray readBody(GetObjectResult &result);
QByteArray getData(Backend &backend, const QString &bucket, const QString &key);
Status deleteObject(Backend &backend, const QString &bucket, const QString &key);
Status createBucket(Backend &backend, const QString &bucket);
Status deleteBucket(Backend &backend, const QString &bucket);
Result<ListObjectsResult> listObjects(Backend &backend, const ListObjectsRequest &request);
Result<ObjectInfo> copyObject(Backend &backend, const CopyObjectRequest &request);
Result<MultipartUpload> createUpload(Backend &backend, const QString &bucket, const QString &key,
                                     const ObjectInfo &meta = {});
Result<PartInfo> uploadPart(Backend &backend, const MultipartUpload &upload, int partNumber,
                            const QByteArray &data);
Result<ObjectInfo> completeUpload(Backend &backend, const MultipartUpload &upload,
                                  const QList<CompletedPart> &parts);

QByteArray md5Hex(const QByteArray &data);
QByteArray quotedMd5(const QByteArray &data);

} // namespace s3c::test
