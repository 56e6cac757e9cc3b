#include "S3Backend.h"

#include "S3Client.h"
#include "S3Lister.h"
#include "S3Multipart.h"
#include "S3ObjectHeaders.h"
#include "S3ResponseXml.h"
#include "backends/ObjectTagging.h"
#include "http/BodyStream.h"

#include <QCryptographicHash>


namespace s3c {

using NotFound = S3ErrorMapper::NotFound;

S3Backend::S3Backend(const S3BackendOptions &options, QObject *parent)
    : Backend(parent), m_client(new S3Client(options, this))
{
}

S3Backend::~S3Backend() = default;

QString S3Backend::name() const
{
    return m_client->options().name;
}

bool S3Backend::isReadOnly() const
{
    return m_client->options().readOnly;
}

const S3BackendOptions &S3Backend::options() const
{
    return m_client->options();
}

Result<QString> S3Backend::resolve(const QString &clientBucket, bool write) const
{
    if (write && isReadOnly())
        return Failure{S3Error::AccessDenied, QStringLiteral("Backend %1 is read-only.").arg(name())};
    const auto bucket = m_client->builder().backendBucket(clientBucket);
    // A pinned backend holds one bucket; any other name is simply not here (a cascade moves on).
    if (!bucket)
        return Failure{S3Error::NoSuchBucket, {}};
    return *bucket;
}

QString S3Backend::healthProbeBucket() const
{
    // Any other name would be answered NoSuchBucket here, without asking the service.
    return m_client->builder().isPinned() ? m_client->builder().exposedBucket() : Backend::healthProbeBucket();
}

void S3Backend::listBuckets(Callback<QList<BucketInfo>> done)
{
    if (m_client->builder().isPinned()) {
        // Keys scoped to one bucket (R2 "Object Read & Write") may not list buckets; the pinned
        // bucket is the whole answer, so ask only whether it is there.
        const QString exposed = m_client->builder().exposedBucket();
        return headBucket(exposed, [done, exposed](Result<BucketInfo> r) {
            if (r.error() == S3Error::NoSuchBucket)
                return done(QList<BucketInfo>{});
            if (!r)
                return done(r.failure());
            return done(QList<BucketInfo>{r.value()});
        });
    }
    S3Client::Spec spec{"GET"};
    spec.notFound = NotFound::Bucket;
    m_client->send(spec, [done](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        done(S3ResponseXml::listBuckets(r->body));
    });
}

void S3Backend::createBucket(const QString &clientBucket, Callback<Done> done)
{
    if (isReadOnly() || (m_client->builder().isPinned() && !m_client->builder().backendBucket(clientBucket)))
        return m_client->later<Done>(
            done, Failure{S3Error::AccessDenied,
                          QStringLiteral("Backend %1 cannot create this bucket.").arg(name())});
    S3Client::Spec spec{"PUT", *m_client->builder().backendBucket(clientBucket)};
    spec.body = S3ResponseXml::createBucketConfiguration(options().region);
    spec.notFound = NotFound::Bucket;
    m_client->send(spec,
                   [done](Result<S3Call::Response> r) { done(r ? Status(Done{}) : Status(r.failure())); });
}

void S3Backend::deleteBucket(const QString &clientBucket, Callback<Done> done)
{
    const auto bucket = resolve(clientBucket, true);
    if (!bucket)
        return m_client->later<Done>(done, bucket.failure());
    S3Client::Spec spec{"DELETE", bucket.value()};
    spec.notFound = NotFound::Bucket;
    m_client->send(spec,
                   [done](Result<S3Call::Response> r) { done(r ? Status(Done{}) : Status(r.failure())); });
}

void S3Backend::headBucket(const QString &clientBucket, Callback<BucketInfo> done)
{
    const auto bucket = resolve(clientBucket, false);
    if (!bucket)
        return m_client->later<BucketInfo>(done, bucket.failure());
    S3Client::Spec spec{"HEAD", bucket.value()};
    spec.notFound = NotFound::Bucket;
    m_client->send(spec, [done, clientBucket](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        // HeadBucket tells no creation date; the time of asking stands in for it.
        const QDateTime now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
        done(BucketInfo{clientBucket, now});
    });
}

void S3Backend::getObject(const GetObjectRequest &request, Callback<GetObjectResult> done)
{
    const auto bucket = resolve(request.bucket, false);
    if (!bucket)
        return m_client->later<GetObjectResult>(done, bucket.failure());
    S3Client::Spec spec{request.headOnly ? "HEAD" : "GET", bucket.value(), request.key};
    spec.mode = request.headOnly ? S3Client::Mode::Collect : S3Client::Mode::Stream;
    spec.headers = S3ObjectHeaders::forConditions(request.conditions);
    if (request.range)
        spec.headers.append({QByteArrayLiteral("Range"), S3ObjectHeaders::rangeValue(*request.range)});
    if (request.partNumber > 0)
        spec.query.append({QByteArrayLiteral("partNumber"), QByteArray::number(request.partNumber)});
    m_client->send(spec, [done, key = request.key, backend = name()](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        GetObjectResult out;
        out.info = S3ObjectHeaders::objectInfo(r->reply, key, r->status == 206 ? &out.range : nullptr);
        out.body = r->stream;
        out.servedBy = backend;
        done(std::move(out));
    });
}

void S3Backend::putObject(const PutObjectRequest &request, Callback<ObjectInfo> done)
{
    const auto bucket = resolve(request.bucket, true);
    if (!bucket)
        return m_client->later<ObjectInfo>(done, bucket.failure());
    // S3 needs the length up front (no chunked PutObject); aws-chunked bodies carry it in
    // x-amz-decoded-content-length, only a bare Transfer-Encoding: chunked body does not.
    if (!request.body || request.body->expectedLength() < 0)
        return m_client->later<ObjectInfo>(done, Failure{S3Error::MissingContentLength, {}});
    S3Client::Spec spec{"PUT", bucket.value(), request.key};
    spec.headers = S3ObjectHeaders::forMetadata(request.meta, !options().disableChecksum);
    // S3 evaluates conditional writes itself, atomically: they are passed on as they came.
    spec.headers.append(S3ObjectHeaders::forWriteConditions(request.conditions));
    spec.upload = request.body;
    QPointer<BodyStream> body = request.body;
    m_client->send(spec, [done, meta = request.meta, key = request.key, body](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        ObjectInfo info = meta;
        info.key = key;
        info.etag = S3ObjectHeaders::quotedEtag(r->reply->rawHeader("ETag"));
        info.size = body ? body->expectedLength() : 0;
        info.lastModified = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
        if (body)
            info.checksums.insert(body->verifiedChecksums());
        info.checksums.insert(S3ObjectHeaders::checksums(r->reply));
        done(info);
    });
}

void S3Backend::deleteObject(const QString &clientBucket, const QString &key, Callback<Done> done)
{
    const auto bucket = resolve(clientBucket, true);
    if (!bucket)
        return m_client->later<Done>(done, bucket.failure());
    S3Client::Spec spec{"DELETE", bucket.value(), key};
    m_client->send(spec,
                   [done](Result<S3Call::Response> r) { done(r ? Status(Done{}) : Status(r.failure())); });
}

void S3Backend::copyObject(const CopyObjectRequest &request, Callback<ObjectInfo> done)
{
    const auto bucket = resolve(request.bucket, true);
    const auto source = resolve(request.sourceBucket, false);
    if (!bucket || !source)
        return m_client->later<ObjectInfo>(done, !bucket ? bucket.failure() : source.failure());
    S3Client::Spec spec{"PUT", bucket.value(), request.key};
    spec.headers.append({QByteArrayLiteral("x-amz-copy-source"),
                         S3RequestBuilder::copySource(source.value(), request.sourceKey)});
    if (request.replaceMetadata) {
        spec.headers.append({QByteArrayLiteral("x-amz-metadata-directive"), QByteArrayLiteral("REPLACE")});
        spec.headers += S3ObjectHeaders::forMetadata(request.meta, false);
    }
    if (request.replaceTags) {
        spec.headers.append({QByteArrayLiteral("x-amz-tagging-directive"), QByteArrayLiteral("REPLACE")});
        if (!request.tags.isEmpty())
            spec.headers.append({QByteArrayLiteral("x-amz-tagging"), ObjectTagging::toHeader(request.tags)});
    }
    spec.headers += S3ObjectHeaders::forConditions(request.sourceConditions, "x-amz-copy-source-");
    m_client->send(spec, [done, key = request.key](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        auto copied = S3ResponseXml::copyResult(r->body);
        if (copied)
            copied->key = key;
        done(copied);
    });
}

void S3Backend::getObjectTagging(const QString &clientBucket, const QString &key, Callback<ObjectTags> done)
{
    const auto bucket = resolve(clientBucket, false);
    if (!bucket)
        return m_client->later<ObjectTags>(done, bucket.failure());
    S3Client::Spec spec{"GET", bucket.value(), key};
    spec.query = {{"tagging", {}}};
    m_client->send(spec, [done](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        Result<ObjectTags> tags = ObjectTagging::parseXml(r->body, false);
        if (!tags)
            return done(Failure{S3Error::InternalError, QStringLiteral("The backend's Tagging answer is not valid XML.")});
        done(std::move(tags));
    });
}

void S3Backend::putObjectTagging(const QString &clientBucket, const QString &key, const ObjectTags &tags,
                                 Callback<Done> done)
{
    const auto bucket = resolve(clientBucket, true);
    if (!bucket)
        return m_client->later<Done>(done, bucket.failure());
    // PutObjectTagging: "The Content-MD5 or x-amz-sdk-checksum-algorithm header is required".
    auto put = [client = m_client, bucket = bucket.value(), key, tags](Callback<Done> then) {
        S3Client::Spec spec{"PUT", bucket, key};
        spec.query = {{"tagging", {}}};
        spec.body = ObjectTagging::toXml(tags);
        spec.headers.append({QByteArrayLiteral("Content-MD5"),
                             QCryptographicHash::hash(spec.body, QCryptographicHash::Md5).toBase64()});
        client->send(spec, [then](Result<S3Call::Response> r) { then(r ? Status(Done{}) : Status(r.failure())); });
    };
    if (!tags.isEmpty())
        return put(std::move(done));
    // DeleteObjectTagging; a service without it (s3rver answers 501) gets the equivalent
    // PutObjectTagging with an empty TagSet.
    S3Client::Spec spec{"DELETE", bucket.value(), key};
    spec.query = {{"tagging", {}}};
    m_client->send(spec, [done, put](Result<S3Call::Response> r) {
        if (!r && r.error() == S3Error::NotImplemented)
            return put(done);
        done(r ? Status(Done{}) : Status(r.failure()));
    });
}

void S3Backend::listObjects(const ListObjectsRequest &request, Callback<ListObjectsResult> done)
{
    const auto bucket = resolve(request.bucket, false);
    if (!bucket)
        return m_client->later<ListObjectsResult>(done, bucket.failure());
    ListObjectsRequest q = request;
    q.bucket = bucket.value();
    S3Lister::start(m_client, q, std::move(done));
}

void S3Backend::createMultipartUpload(const MultipartUpload &upload, Callback<MultipartUpload> done)
{
    const auto bucket = resolve(upload.bucket, true);
    if (!bucket)
        return m_client->later<MultipartUpload>(done, bucket.failure());
    S3Multipart(m_client).create(bucket.value(), upload, std::move(done));
}

void S3Backend::uploadPart(const UploadPartRequest &request, Callback<PartInfo> done)
{
    const auto bucket = resolve(request.bucket, true);
    if (!bucket)
        return m_client->later<PartInfo>(done, bucket.failure());
    S3Multipart(m_client).uploadPart(bucket.value(), request, std::move(done));
}

void S3Backend::uploadPartCopy(const UploadPartCopyRequest &request, Callback<PartInfo> done)
{
    const auto bucket = resolve(request.bucket, true);
    const auto source = resolve(request.sourceBucket, false);
    if (!bucket || !source)
        return m_client->later<PartInfo>(done, !bucket ? bucket.failure() : source.failure());
    S3Multipart(m_client).uploadPartCopy(bucket.value(), source.value(), request, std::move(done));
}

void S3Backend::completeMultipartUpload(const QString &clientBucket, const QString &key,
                                        const QString &uploadId, const QList<CompletedPart> &parts,
                                        Callback<ObjectInfo> done, const WriteConditions &conditions)
{
    const auto bucket = resolve(clientBucket, true);
    if (!bucket)
        return m_client->later<ObjectInfo>(done, bucket.failure());
    S3Multipart(m_client).complete(bucket.value(), key, uploadId, parts, std::move(done), conditions);
}

void S3Backend::abortMultipartUpload(const QString &clientBucket, const QString &key, const QString &uploadId,
                                     Callback<Done> done)
{
    const auto bucket = resolve(clientBucket, true);
    if (!bucket)
        return m_client->later<Done>(done, bucket.failure());
    S3Multipart(m_client).abort(bucket.value(), key, uploadId, std::move(done));
}

void S3Backend::listParts(const ListPartsRequest &request, Callback<ListPartsResult> done)
{
    const auto bucket = resolve(request.bucket, false);
    if (!bucket)
        return m_client->later<ListPartsResult>(done, bucket.failure());
    S3Multipart(m_client).listParts(bucket.value(), request, std::move(done));
}

void S3Backend::listMultipartUploads(const ListUploadsRequest &request, Callback<ListUploadsResult> done)
{
    const auto bucket = resolve(request.bucket, false);
    if (!bucket)
        return m_client->later<ListUploadsResult>(done, bucket.failure());
    S3Multipart(m_client).listUploads(bucket.value(), request, std::move(done));
}

void S3Backend::getBucketCors(const QString &clientBucket, Callback<QByteArray> done)
{
    const auto bucket = resolve(clientBucket, false);
    if (!bucket)
        return m_client->later<QByteArray>(done, bucket.failure());
    S3Client::Spec spec{"GET", bucket.value()};
    spec.query = {{"cors", {}}};
    spec.notFound = NotFound::Bucket;
    m_client->send(spec, [done](Result<S3Call::Response> r) {
        if (!r)
            return done(r.failure());
        done(r->body);
    });
}

void S3Backend::putBucketCors(const QString &clientBucket, const QByteArray &xml, Callback<Done> done)
{
    const auto bucket = resolve(clientBucket, true);
    if (!bucket)
        return m_client->later<Done>(done, bucket.failure());
    S3Client::Spec spec{"PUT", bucket.value()};
    spec.query = {{"cors", {}}};
    spec.body = xml;
    // PutBucketCors: "Content-MD5 ... Required: Yes" (S3 refuses the call without an integrity header).
    spec.headers.append({QByteArrayLiteral("Content-MD5"),
                         QCryptographicHash::hash(xml, QCryptographicHash::Md5).toBase64()});
    spec.notFound = NotFound::Bucket;
    m_client->send(spec,
                   [done](Result<S3Call::Response> r) { done(r ? Status(Done{}) : Status(r.failure())); });
}

void S3Backend::deleteBucketCors(const QString &clientBucket, Callback<Done> done)
{
    const auto bucket = resolve(clientBucket, true);
    if (!bucket)
        return m_client->later<Done>(done, bucket.failure());
    S3Client::Spec spec{"DELETE", bucket.value()};
    spec.query = {{"cors", {}}};
    spec.notFound = NotFound::Bucket;
    m_client->send(spec,
                   [done](Result<S3Call::Response> r) { done(r ? Status(Done{}) : Status(r.failure())); });
}

} // namespace s3c
