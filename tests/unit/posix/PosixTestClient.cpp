#include "PosixTestClient.h"

#include "FakeBodyStream.h"

#include <QCryptographicHash>
#include <QIODevice>
#include <QTimer>

namespace s3c::test {

Result<ObjectInfo> putObject(Backend &backend, const QString &bucket, const QString &key,
                             const QByteArray &data, const ObjectInfo &meta)
{
    FakeBodyStream body(data.size());
    body.feed(data);
    body.finish();
    PutObjectRequest request{bucket, key, meta, &body};
    return await<ObjectInfo>([&](Callback<ObjectInfo> done) { backend.putObject(request, done); });
}

Result<ObjectInfo> putObjectStreamed(Backend &backend, const QString &bucket, const QString &key,
                                     const QByteArray &data, qint64 chunk)
{
    FakeBodyStream body(data.size());
    for (qint64 at = 0; at < data.size(); at += chunk)
        QTimer::singleShot(0, &body, [&body, piece = data.mid(at, chunk)] { body.feed(piece); });
    QTimer::singleShot(0, &body, [&body] { body.finish(); });
    PutObjectRequest request{bucket, key, {}, &body};
    return await<ObjectInfo>([&](Callback<ObjectInfo> done) { backend.putObject(request, done); });
}

Result<GetObjectResult> getObject(Backend &backend, const GetObjectRequest &request)
{
    return await<GetObjectResult>([&](Callback<GetObjectResult> done) { backend.getObject(request, done); });
}

Result<GetObjectResult> getObject(Backend &backend, const QString &bucket, const QString &key)
{
    GetObjectRequest request;
    request.bucket = bucket;
    request.key = key;
    return getObject(backend, request);
}

QByteArray readBody(GetObjectResult &result)
{
    if (!result.body)
        return {};
    const qint64 length = result.range ? result.range->length() : result.info.size;
    QByteArray data = result.body->read(length);
    delete result.body;
    result.body = nullptr;
    return data;
}

QByteArray getData(Backend &backend, const QString &bucket, const QString &key)
{
    Result<GetObjectResult> got = getObject(backend, bucket, key);
    if (!got)
        return QByteArrayLiteral("<error>");
    return readBody(*got);
}

Status deleteObject(Backend &backend, const QString &bucket, const QString &key)
{
    return await<Done>([&](Callback<Done> done) { backend.deleteObject(bucket, key, done); });
}

Status createBucket(Backend &backend, const QString &bucket)
{
    return await<Done>([&](Callback<Done> done) { backend.createBucket(bucket, done); });
}

Status deleteBucket(Backend &backend, const QString &bucket)
{
    return await<Done>([&](Callback<Done> done) { backend.deleteBucket(bucket, done); });
}

Result<ListObjectsResult> listObjects(Backend &backend, const ListObjectsRequest &request)
{
    return await<ListObjectsResult>(
        [&](Callback<ListObjectsResult> done) { backend.listObjects(request, done); });
}

Result<ObjectInfo> copyObject(Backend &backend, const CopyObjectRequest &request)
{
    return await<ObjectInfo>([&](Callback<ObjectInfo> done) { backend.copyObject(request, done); });
}

Result<MultipartUpload> createUpload(Backend &backend, const QString &bucket, const QString &key,
                                     const ObjectInfo &meta)
{
    MultipartUpload upload;
    upload.bucket = bucket;
    upload.key = key;
    upload.meta = meta;
    return await<MultipartUpload>(
        [&](Callback<MultipartUpload> done) { backend.createMultipartUpload(upload, done); });
}

Result<PartInfo> uploadPart(Backend &backend, const MultipartUpload &upload, int partNumber,
                            const QByteArray &data)
{
    FakeBodyStream body(data.size());
    body.feed(data);
    body.finish();
    UploadPartRequest request{upload.bucket, upload.key, upload.uploadId, partNumber, &body};
    return await<PartInfo>([&](Callback<PartInfo> done) { backend.uploadPart(request, done); });
}

Result<ObjectInfo> completeUpload(Backend &backend, const MultipartUpload &upload,
                                  const QList<CompletedPart> &parts)
{
    return await<ObjectInfo>([&](Callback<ObjectInfo> done) {
        backend.completeMultipartUpload(upload.bucket, upload.key, upload.uploadId, parts, done);
    });
}

QByteArray md5Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex();
}

QByteArray quotedMd5(const QByteArray &data)
{
    return '"' + md5Hex(data) + '"';
}

} // namespace s3c::test
