#include "S3Multipart.h"

#include "S3Client.h"
#include "S3ObjectHeaders.h"
#include "S3ResponseXml.h"
#include "http/BodyStream.h"


namespace s3c {

namespace {

QDateTime nowUtc()
{
    return QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
}

S3RequestBuilder::Query uploadQuery(const QString &uploadId)
{
    return {{"uploadId", uploadId.toUtf8()}};
}

} // namespace

void S3Multipart::create(const QString &bucket, const MultipartUpload &upload, Callback<MultipartUpload> done)
{
    S3Client::Spec spec{"POST", bucket, upload.key};
    spec.query = {{"uploads", {}}};
    spec.headers = S3ObjectHeaders::forMetadata(upload.meta, false);
    m_client->send(spec, [done, upload](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        const auto id = S3ResponseXml::uploadId(r->body);
        if (!id)
            return done(id.failure());
        MultipartUpload out = upload;
        out.uploadId = id.value();
        out.initiated = nowUtc();
        done(out);
    });
}

void S3Multipart::uploadPart(const QString &bucket, const UploadPartRequest &request, Callback<PartInfo> done)
{
    if (!request.body || request.body->expectedLength() < 0)
        return m_client->later<PartInfo>(done, Failure{S3Error::MissingContentLength, {}});
    S3Client::Spec spec{"PUT", bucket, request.key};
    spec.query = {{"partNumber", QByteArray::number(request.partNumber)},
                  {"uploadId", request.uploadId.toUtf8()}};
    spec.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/octet-stream")}};
    spec.upload = request.body;
    spec.notFound = S3ErrorMapper::NotFound::Upload;
    QPointer<BodyStream> body = request.body;
    m_client->send(spec, [done, number = request.partNumber, body](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        PartInfo part;
        part.partNumber = number;
        part.etag = S3ObjectHeaders::quotedEtag(r->reply->rawHeader("ETag"));
        part.size = body ? body->expectedLength() : 0;
        part.lastModified = nowUtc();
        if (body)
            part.checksums = body->verifiedChecksums();
        part.checksums.insert(S3ObjectHeaders::checksums(r->reply));
        done(part);
    });
}

void S3Multipart::uploadPartCopy(const QString &bucket, const QString &sourceBucket,
                                 const UploadPartCopyRequest &request, Callback<PartInfo> done)
{
    S3Client::Spec spec{"PUT", bucket, request.key};
    spec.query = {{"partNumber", QByteArray::number(request.partNumber)},
                  {"uploadId", request.uploadId.toUtf8()}};
    spec.headers.append({QByteArrayLiteral("x-amz-copy-source"),
                         S3RequestBuilder::copySource(sourceBucket, request.sourceKey)});
    if (request.sourceRange) {
        spec.headers.append({QByteArrayLiteral("x-amz-copy-source-range"),
                             "bytes=" + QByteArray::number(request.sourceRange->first) + '-' +
                                 QByteArray::number(request.sourceRange->last)});
    }
    spec.headers += S3ObjectHeaders::forConditions(request.sourceConditions, "x-amz-copy-source-");
    spec.notFound = S3ErrorMapper::NotFound::Upload;
    m_client->send(spec, [done, request](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        const auto copied = S3ResponseXml::copyResult(r->body);
        if (!copied)
            return done(copied.failure());
        PartInfo part;
        part.partNumber = request.partNumber;
        part.etag = copied->etag;
        part.lastModified = copied->lastModified;
        part.size = request.sourceRange ? request.sourceRange->length() : 0;
        done(part);
    });
}

void S3Multipart::complete(const QString &bucket, const QString &key, const QString &uploadId,
                           const QList<CompletedPart> &parts, Callback<ObjectInfo> done,
                           const WriteConditions &conditions)
{
    S3Client::Spec spec{"POST", bucket, key};
    spec.query = uploadQuery(uploadId);
    spec.headers = S3ObjectHeaders::forWriteConditions(conditions);
    spec.body = S3ResponseXml::completeMultipartUpload(parts);
    spec.notFound = S3ErrorMapper::NotFound::Upload;
    m_client->send(spec, [done, key, count = int(parts.size())](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        const auto etag = S3ResponseXml::completeEtag(r->body);
        if (!etag)
            return done(etag.failure());
        ObjectInfo info;
        info.key = key;
        info.etag = etag.value();
        info.partsCount = count;
        info.lastModified = nowUtc();
        done(info);
    });
}

void S3Multipart::abort(const QString &bucket, const QString &key, const QString &uploadId,
                        Callback<Done> done)
{
    S3Client::Spec spec{"DELETE", bucket, key};
    spec.query = uploadQuery(uploadId);
    spec.notFound = S3ErrorMapper::NotFound::Upload;
    m_client->send(spec,
                   [done](Result<S3Call::Response> r) { done(r ? Status(Done{}) : Status(r.failure())); });
}

void S3Multipart::listParts(const QString &bucket, const ListPartsRequest &request,
                            Callback<ListPartsResult> done)
{
    S3Client::Spec spec{"GET", bucket, request.key};
    spec.query = uploadQuery(request.uploadId);
    spec.query.append(
        qMakePair(QByteArrayLiteral("max-parts"), QByteArray::number(qBound(1, request.maxParts, 1000))));
    if (request.partNumberMarker > 0)
        spec.query.append(
            qMakePair(QByteArrayLiteral("part-number-marker"), QByteArray::number(request.partNumberMarker)));
    spec.notFound = S3ErrorMapper::NotFound::Upload;
    m_client->send(spec, [done, request](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        auto parts = S3ResponseXml::listParts(r->body);
        if (parts) {
            parts->upload.bucket = request.bucket; // the client's name, not the backend's
            parts->upload.key = request.key;
            parts->upload.uploadId = request.uploadId;
        }
        done(parts);
    });
}

void S3Multipart::listUploads(const QString &bucket, const ListUploadsRequest &request,
                              Callback<ListUploadsResult> done)
{
    S3Client::Spec spec{"GET", bucket};
    spec.query = {{"uploads", {}}};
    if (!request.prefix.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("prefix"), request.prefix.toUtf8()));
    if (!request.delimiter.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("delimiter"), request.delimiter.toUtf8()));
    if (!request.keyMarker.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("key-marker"), request.keyMarker.toUtf8()));
    if (!request.uploadIdMarker.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("upload-id-marker"), request.uploadIdMarker.toUtf8()));
    spec.query.append(
        qMakePair(QByteArrayLiteral("max-uploads"), QByteArray::number(qBound(1, request.maxUploads, 1000))));
    spec.notFound = S3ErrorMapper::NotFound::Bucket;
    m_client->send(spec, [done, clientBucket = request.bucket](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        auto uploads = S3ResponseXml::listUploads(r->body);
        if (uploads) {
            for (MultipartUpload &u : uploads->uploads)
                u.bucket = clientBucket;
        }
        done(uploads);
    });
}

} // namespace s3c
