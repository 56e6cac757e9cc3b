#include "MultipartHandler.h"

#include "BodyReader.h"
#include "ObjectHandler.h"
#include "ObjectHeaders.h"
#include "backends/Backend.h"
#include "http/BodyStream.h"

namespace s3c {

namespace {

constexpr qint64 kMaxPartBytes = 5LL * 1024 * 1024 * 1024; // UploadPart: 5 GiB per part

std::optional<int> partNumber(const S3Request &req)
{
    bool ok = false;
    const int n = req.queryValue(QStringLiteral("partNumber")).toInt(&ok);
    if (!ok || n < 1 || n > 10000)
        return std::nullopt;
    return n;
}

// x-amz-copy-source-range: "bytes=first-last", both required (UploadPartCopy).
Result<std::optional<ByteRange>> copySourceRange(const HttpRequest &http)
{
    if (!http.hasHeader("x-amz-copy-source-range"))
        return std::optional<ByteRange>{};
    const QByteArray v = http.header("x-amz-copy-source-range").trimmed();
    const qsizetype dash = v.indexOf('-');
    bool ok1 = false, ok2 = false;
    if (v.startsWith("bytes=") && dash > 6) {
        const qint64 first = v.mid(6, dash - 6).toLongLong(&ok1);
        const qint64 last = v.mid(dash + 1).toLongLong(&ok2);
        if (ok1 && ok2 && first >= 0 && last >= first)
            return std::optional<ByteRange>(ByteRange{first, last});
    }
    return Failure{S3Error::InvalidArgument,
                   QStringLiteral("The x-amz-copy-source-range value must be of the form bytes=first-last "
                                  "where first and last are the zero-based offsets of the first and last bytes to copy")};
}

} // namespace

void MultipartHandler::create(const Ctx &ctx)
{
    auto meta = ObjectHeaders::metadataFromRequest(ctx->http);
    if (!meta)
        return ctx->fail(meta.failure());
    MultipartUpload u;
    u.bucket = ctx->req.bucket;
    u.key = ctx->req.key;
    u.initiated = QDateTime::currentDateTimeUtc();
    u.meta = std::move(meta.value());
    ctx->backend->createMultipartUpload(u, [ctx](Result<MultipartUpload> result) {
        if (!result)
            return ctx->fail(result.failure());
        ctx->sendXml(200, S3Xml::initiateMultipart(result.value()));
    });
}

void MultipartHandler::uploadPart(const Ctx &ctx)
{
    const auto number = partNumber(ctx->req);
    if (!number)
        return ctx->fail(S3Error::InvalidArgument, QStringLiteral("Part number must be an integer between 1 and 10000, inclusive"));
    const qint64 length = ctx->body ? ctx->body->expectedLength() : 0;
    if (length > kMaxPartBytes)
        return ctx->fail(S3Error::EntityTooLarge);
    if (length < 0 && !ctx->http.chunked)
        return ctx->fail(S3Error::MissingContentLength);
    UploadPartRequest q{ctx->req.bucket, ctx->req.key, ctx->req.queryValue(QStringLiteral("uploadId")), *number,
                        ctx->body};
    ctx->backend->uploadPart(q, [ctx](Result<PartInfo> result) {
        if (!result)
            return ctx->fail(ctx->uploadFailure(result.failure()));
        HttpResponse r(200);
        r.setHeader("ETag", result->etag);
        ObjectHandler::addChecksumHeaders(r, result->checksums);
        ctx->send(r);
    });
}

void MultipartHandler::uploadPartCopy(const Ctx &ctx)
{
    const auto number = partNumber(ctx->req);
    if (!number)
        return ctx->fail(S3Error::InvalidArgument, QStringLiteral("Part number must be an integer between 1 and 10000, inclusive"));
    const auto source = ObjectHandler::parseCopySource(ctx->http.header("x-amz-copy-source"));
    if (!source)
        return ctx->fail(source.failure());
    const auto range = copySourceRange(ctx->http);
    if (!range)
        return ctx->fail(range.failure());
    UploadPartCopyRequest q;
    q.bucket = ctx->req.bucket;
    q.key = ctx->req.key;
    q.uploadId = ctx->req.queryValue(QStringLiteral("uploadId"));
    q.partNumber = *number;
    q.sourceBucket = source->bucket;
    q.sourceKey = source->key;
    q.sourceRange = range.value();
    q.sourceConditions = ObjectHeaders::conditionsFromRequest(ctx->http, "x-amz-copy-source-").value();
    ctx->backend->uploadPartCopy(q, [ctx](Result<PartInfo> result) {
        if (!result)
            return ctx->fail(result.failure());
        ctx->sendXml(200, S3Xml::copyPartResult(result.value()));
    });
}

void MultipartHandler::complete(const Ctx &ctx)
{
    const auto conditions = ObjectHeaders::writeConditionsFromRequest(ctx->http);
    if (!conditions)
        return ctx->fail(conditions.failure());
    // 10000 parts of about 120 bytes of XML each.
    BodyReader::readAll(ctx->body, 4 * 1024 * 1024, S3Error::MalformedXML,
                        [ctx, conditions = conditions.value()](Result<QByteArray> body) {
        if (!body)
            return ctx->fail(body.failure());
        const auto parts = S3Xml::parseCompleteMultipart(body.value());
        if (!parts)
            return ctx->fail(parts.failure());
        const QString uploadId = ctx->req.queryValue(QStringLiteral("uploadId"));
        ctx->backend->completeMultipartUpload(
            ctx->req.bucket, ctx->req.key, uploadId, parts.value(), [ctx](Result<ObjectInfo> result) {
                if (!result)
                    return ctx->fail(result.failure());
                const QString scheme = ctx->http.secure ? QStringLiteral("https") : QStringLiteral("http");
                const QString location = scheme + QStringLiteral("://") + QString::fromUtf8(ctx->http.header("host"))
                                         + ctx->req.resource();
                ctx->sendXml(200, S3Xml::completeMultipart(location, ctx->req.bucket, ctx->req.key, result->etag));
            },
            conditions);
    });
}

void MultipartHandler::abort(const Ctx &ctx)
{
    ctx->backend->abortMultipartUpload(ctx->req.bucket, ctx->req.key, ctx->req.queryValue(QStringLiteral("uploadId")),
                                       [ctx](Result<Done> result) {
                                           if (!result)
                                               return ctx->fail(result.failure());
                                           ctx->sendEmpty(204);
                                       });
}

void MultipartHandler::listParts(const Ctx &ctx)
{
    ListPartsRequest q;
    q.bucket = ctx->req.bucket;
    q.key = ctx->req.key;
    q.uploadId = ctx->req.queryValue(QStringLiteral("uploadId"));
    bool ok = true;
    if (ctx->req.hasQuery(QStringLiteral("part-number-marker")))
        q.partNumberMarker = ctx->req.queryValue(QStringLiteral("part-number-marker")).toInt(&ok);
    if (!ok || q.partNumberMarker < 0)
        return ctx->fail(S3Error::InvalidArgument, QStringLiteral("part-number-marker must be a non-negative integer."));
    if (ctx->req.hasQuery(QStringLiteral("max-parts")))
        q.maxParts = ctx->req.queryValue(QStringLiteral("max-parts")).toInt(&ok);
    if (!ok || q.maxParts < 0)
        return ctx->fail(S3Error::InvalidArgument, QStringLiteral("max-parts must be a non-negative integer."));
    q.maxParts = qMin(q.maxParts, 1000);
    ctx->backend->listParts(q, [ctx, q](Result<ListPartsResult> result) {
        if (!result)
            return ctx->fail(result.failure());
        ctx->sendXml(200, S3Xml::listParts(result.value(), q, ctx->owner()));
    });
}

} // namespace s3c
