#include "ObjectHandler.h"

#include "HttpDates.h"
#include "ObjectHeaders.h"
#include "backends/Backend.h"
#include "backends/ObjectTagging.h"
#include "backends/Preconditions.h"
#include "http/BodyStream.h"


namespace s3c {

void ObjectHandler::addChecksumHeaders(HttpResponse &response, const QMap<QByteArray, QByteArray> &checksums)
{
    for (auto it = checksums.cbegin(); it != checksums.cend(); ++it)
        response.setHeader("x-amz-checksum-" + it.key().toLower(), it.value());
}

Result<CopySource> ObjectHandler::parseCopySource(const QByteArray &header)
{
    QByteArray raw = header.trimmed();
    const qsizetype q = raw.indexOf('?');
    if (q >= 0) {
        // Only the current version exists here; "versionId=null" names it too.
        const QByteArray query = raw.mid(q + 1);
        raw.truncate(q);
        if (!query.isEmpty() && query != "versionId=null")
            return Failure{S3Error::NotImplemented, QStringLiteral("Object versions are not supported.")};
    }
    const QByteArray decoded = QByteArray::fromPercentEncoding(raw);
    QString text = QString::fromUtf8(decoded);
    if (text.startsWith(QLatin1Char('/')))
        text.remove(0, 1);
    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == text.size() - 1 || text.toUtf8() != decoded.mid(decoded.startsWith('/') ? 1 : 0))
        return Failure{S3Error::InvalidArgument, QStringLiteral("Copy Source must mention the source bucket and key: sourcebucket/sourcekey")};
    return CopySource{text.left(slash), text.mid(slash + 1)};
}

void ObjectHandler::getObject(const Ctx &ctx, bool headOnly)
{
    int partNumber = 0;
    if (ctx->req.hasQuery(QStringLiteral("partNumber"))) {
        // GetObject/HeadObject partNumber: "a positive integer between 1 and 10,000"; it selects
        // bytes as a Range does, so the two cannot be combined.
        bool ok = false;
        partNumber = ctx->req.queryValue(QStringLiteral("partNumber")).toInt(&ok);
        if (!ok || partNumber < 1 || partNumber > 10000)
            return ctx->fail(S3Error::InvalidArgument,
                             QStringLiteral("Part number must be an integer between 1 and 10000, inclusive"));
        if (ctx->http.hasHeader("range"))
            return ctx->fail(S3Error::InvalidRequest,
                             QStringLiteral("Cannot specify both Range header and partNumber query parameter"));
    }
    const auto conditions = ObjectHeaders::conditionsFromRequest(ctx->http);
    GetObjectRequest q;
    q.bucket = ctx->req.bucket;
    q.key = ctx->req.key;
    q.conditions = conditions.value();
    q.headOnly = headOnly;
    q.partNumber = partNumber;
    if (ctx->http.hasHeader("range"))
        q.range = parseRangeHeader(ctx->http.header("range"));
    const bool checksums = ctx->http.header("x-amz-checksum-mode").compare("ENABLED", Qt::CaseInsensitive) == 0;
    ctx->backend->getObject(q, [ctx, headOnly, checksums, q](Result<GetObjectResult> result) {
        if (result.error() == S3Error::NotModified)
            return sendNotModified(ctx, q);
        if (!result)
            return ctx->fail(result.failure());
        GetObjectResult &got = result.value();
        HttpResponse r(got.range ? 206 : 200);
        // Whole-object checksums describe the whole object only, never a range.
        ObjectHeaders::addObjectHeaders(r, got.info, checksums && !got.range && got.info.partsCount == 0);
        ObjectHeaders::applyResponseOverrides(r, ctx->req);
        if (!got.servedBy.isEmpty())
            r.setHeader("x-s3cascade-backend", got.servedBy.toUtf8());
        if (got.range) {
            r.setHeader("Content-Range", "bytes " + QByteArray::number(got.range->first) + '-'
                                             + QByteArray::number(got.range->last) + '/'
                                             + QByteArray::number(got.info.size));
            r.contentLength = got.range->length();
        } else {
            r.contentLength = got.info.size;
        }
        if (headOnly) {
            // HEAD tells the length it would send; the HTTP layer sends no body for it.
            r.setHeader("Content-Length", QByteArray::number(r.contentLength));
            delete got.body;
            got.body = nullptr;
        }
        if (got.body) {
            // The body may stream long after this call is done (the reply of an S3 backend lives
            // in that backend's connection pool): keep the backend set alive until the device
            // is gone, even if a reload replaced it meanwhile.
            QObject::connect(got.body, &QObject::destroyed, [keep = ctx->backend] {});
        }
        ctx->send(r, got.body);
    });
}

// RFC 9110 §15.4.5: a 304 carries the fields a 200 would have had among Cache-Control, Date,
// ETag, Expires and Vary, and S3 adds Last-Modified; caches refresh their stored copy from them.
// Backends answer a failed condition as an error without the object's metadata, so it is looked
// up once more, without conditions (a HEAD: no body is opened). Should the object vanish in
// between, that answer (404) is the truthful one.
void ObjectHandler::sendNotModified(const Ctx &ctx, GetObjectRequest request)
{
    request.conditions = Conditions{};
    request.range.reset();
    request.partNumber = 0;
    request.headOnly = true;
    ctx->backend->getObject(request, [ctx](Result<GetObjectResult> result) {
        if (!result)
            return ctx->fail(result.failure());
        delete result->body;
        const ObjectInfo &info = result->info;
        HttpResponse r(304);
        r.setHeader("ETag", info.etag);
        r.setHeader("Last-Modified", formatHttpDate(info.lastModified));
        for (const auto &h : info.headers) {
            if (h.first == "cache-control" || h.first == "expires")
                r.addHeader(h.first, h.second);
        }
        r.setHeader("x-amz-error-code", s3ErrorCode(S3Error::NotModified));
        ctx->send(r);
    });
}

void ObjectHandler::putObject(const Ctx &ctx)
{
    const qint64 length = ctx->body ? ctx->body->expectedLength() : 0;
    if (length > ctx->settings.maxSinglePutBytes)
        return ctx->fail(S3Error::EntityTooLarge);
    if (length < 0 && !ctx->http.chunked)
        return ctx->fail(S3Error::MissingContentLength);
    auto meta = ObjectHeaders::metadataFromRequest(ctx->http);
    if (!meta)
        return ctx->fail(meta.failure());
    auto conditions = ObjectHeaders::writeConditionsFromRequest(ctx->http);
    if (!conditions)
        return ctx->fail(conditions.failure());
    PutObjectRequest q;
    q.bucket = ctx->req.bucket;
    q.key = ctx->req.key;
    q.meta = std::move(meta.value());
    q.conditions = conditions.value();
    q.body = ctx->body;
    ctx->backend->putObject(q, [ctx](Result<ObjectInfo> result) {
        if (!result)
            return ctx->fail(ctx->uploadFailure(result.failure()));
        HttpResponse r(200);
        r.setHeader("ETag", result->etag);
        addChecksumHeaders(r, result->checksums);
        ctx->send(r);
    });
}

void ObjectHandler::deleteObject(const Ctx &ctx)
{
    ctx->backend->deleteObject(ctx->req.bucket, ctx->req.key, [ctx](Result<Done> result) {
        // Deleting a key that does not exist succeeds in S3 (DeleteObject is idempotent).
        if (!result && result.error() != S3Error::NoSuchKey)
            return ctx->fail(result.failure());
        ctx->sendEmpty(204);
    });
}

void ObjectHandler::copyObject(const Ctx &ctx)
{
    const auto source = parseCopySource(ctx->http.header("x-amz-copy-source"));
    if (!source)
        return ctx->fail(source.failure());
    const QByteArray directive = ctx->http.header("x-amz-metadata-directive").toUpper();
    if (!directive.isEmpty() && directive != "COPY" && directive != "REPLACE")
        return ctx->fail(S3Error::InvalidArgument, QStringLiteral("Unknown metadata directive."));
    // CopyObject x-amz-tagging-directive: COPY (the default) keeps the source's tags, REPLACE
    // takes those of x-amz-tagging (none when it is absent).
    const QByteArray tagging = ctx->http.header("x-amz-tagging-directive").toUpper();
    if (!tagging.isEmpty() && tagging != "COPY" && tagging != "REPLACE")
        return ctx->fail(S3Error::InvalidArgument, QStringLiteral("Unknown tagging directive."));
    CopyObjectRequest q;
    q.sourceBucket = source->bucket;
    q.sourceKey = source->key;
    q.bucket = ctx->req.bucket;
    q.key = ctx->req.key;
    q.replaceMetadata = directive == "REPLACE";
    if (q.replaceMetadata) {
        auto meta = ObjectHeaders::metadataFromRequest(ctx->http);
        if (!meta)
            return ctx->fail(meta.failure());
        q.meta = std::move(meta.value());
        q.meta.tags.clear(); // the tagging directive decides those, below
    }
    q.replaceTags = tagging == "REPLACE";
    if (q.replaceTags && ctx->http.hasHeader("x-amz-tagging")) {
        Result<ObjectTags> tags = ObjectTagging::parseHeader(ctx->http.header("x-amz-tagging"));
        if (!tags)
            return ctx->fail(tags.failure());
        q.tags = std::move(tags.value());
    }
    q.sourceConditions = ObjectHeaders::conditionsFromRequest(ctx->http, "x-amz-copy-source-").value();
    ctx->backend->copyObject(q, [ctx](Result<ObjectInfo> result) {
        if (!result)
            return ctx->fail(result.failure());
        ctx->sendXml(200, S3Xml::copyObjectResult(result.value()));
    });
}

} // namespace s3c
