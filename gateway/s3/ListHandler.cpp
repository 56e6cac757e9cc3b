#include "ListHandler.h"

#include "backends/Backend.h"

namespace s3c {

namespace {

// Which backends a listing came from, and whether one was left out ("partialListing").
void sendListing(const Ctx &ctx, const ListObjectsResult &result, const QByteArray &xml)
{
    HttpResponse r(200);
    r.setHeader("Content-Type", "application/xml");
    if (!result.servedBy.isEmpty())
        r.setHeader("x-s3cascade-backend", result.servedBy.join(QLatin1Char(',')).toUtf8());
    if (result.partial)
        r.setHeader("x-s3cascade-partial-listing", "true");
    r.body = xml;
    ctx->send(r);
}

// max-keys / max-uploads: a non-negative integer; above 1000 is served as 1000 (S3 behaviour).
std::optional<int> parseMax(const S3Request &req, const QString &name)
{
    if (!req.hasQuery(name))
        return 1000;
    bool ok = false;
    const qlonglong v = req.queryValue(name).toLongLong(&ok);
    if (!ok || v < 0)
        return std::nullopt;
    return int(qMin<qlonglong>(v, 1000));
}

// encoding-type: only "url" exists.
std::optional<bool> parseEncoding(const S3Request &req)
{
    if (!req.hasQuery(QStringLiteral("encoding-type")))
        return false;
    if (req.queryValue(QStringLiteral("encoding-type")) == QLatin1String("url"))
        return true;
    return std::nullopt;
}

// What ListObjects v1 and v2 share: bucket, prefix, delimiter, max-keys, encoding-type.
Result<ListEcho> commonListArguments(const S3Request &req)
{
    const auto maxKeys = parseMax(req, QStringLiteral("max-keys"));
    const auto urlEncode = parseEncoding(req);
    if (!maxKeys)
        return Failure{S3Error::InvalidArgument, QStringLiteral("max-keys must be an integer from 0 to 1000.")};
    if (!urlEncode)
        return Failure{S3Error::InvalidArgument, QStringLiteral("Invalid Encoding Method specified in Request")};
    ListEcho echo;
    echo.bucket = req.bucket;
    echo.prefix = req.queryValue(QStringLiteral("prefix"));
    echo.delimiter = req.queryValue(QStringLiteral("delimiter"));
    echo.maxKeys = *maxKeys;
    echo.urlEncode = *urlEncode;
    return echo;
}

} // namespace

QString ListHandler::encodeToken(const QString &marker)
{
    return QString::fromLatin1(marker.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

std::optional<QString> ListHandler::decodeToken(const QString &token)
{
    const auto decoded = QByteArray::fromBase64Encoding(token.toLatin1(),
                                                        QByteArray::Base64UrlEncoding
                                                            | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || token.isEmpty())
        return std::nullopt;
    return QString::fromUtf8(*decoded);
}

void ListHandler::listObjectsV1(const Ctx &ctx)
{
    auto parsed = commonListArguments(ctx->req);
    if (!parsed)
        return ctx->fail(parsed.failure());
    ListEcho echo = parsed.value();
    echo.marker = ctx->req.queryValue(QStringLiteral("marker"));
    ListObjectsRequest q{echo.bucket, echo.prefix, echo.delimiter, echo.marker, echo.maxKeys};
    ctx->backend->listObjects(q, [ctx, echo](Result<ListObjectsResult> result) {
        if (!result)
            return ctx->fail(result.failure());
        sendListing(ctx, result.value(), S3Xml::listObjectsV1(echo, result.value(), ctx->owner()));
    });
}

void ListHandler::listObjectsV2(const Ctx &ctx)
{
    auto parsed = commonListArguments(ctx->req);
    if (!parsed)
        return ctx->fail(parsed.failure());
    ListEcho echo = parsed.value();
    echo.startAfter = ctx->req.queryValue(QStringLiteral("start-after"));
    echo.continuationToken = ctx->req.queryValue(QStringLiteral("continuation-token"));
    echo.fetchOwner = ctx->req.queryValue(QStringLiteral("fetch-owner")) == QLatin1String("true");
    echo.hasContinuationToken = ctx->req.hasQuery(QStringLiteral("continuation-token"));
    QString after = echo.startAfter;
    // An empty token is what a client sends when it starts a pagination loop with the previous
    // page's (empty) NextContinuationToken: S3 lists from the start and echoes it.
    if (!echo.continuationToken.isEmpty()) {
        const auto marker = decodeToken(echo.continuationToken);
        if (!marker)
            return ctx->fail(S3Error::InvalidArgument, QStringLiteral("The continuation token provided is incorrect"));
        // The token wins over start-after (ListObjectsV2: start-after applies to the first page only).
        after = *marker;
    }
    ListObjectsRequest q{echo.bucket, echo.prefix, echo.delimiter, after, echo.maxKeys};
    ctx->backend->listObjects(q, [ctx, echo](Result<ListObjectsResult> result) {
        if (!result)
            return ctx->fail(result.failure());
        const QString next = result->truncated ? encodeToken(result->nextMarker) : QString();
        sendListing(ctx, result.value(), S3Xml::listObjectsV2(echo, result.value(), ctx->owner(), next));
    });
}

void ListHandler::listUploads(const Ctx &ctx)
{
    const auto maxUploads = parseMax(ctx->req, QStringLiteral("max-uploads"));
    const auto urlEncode = parseEncoding(ctx->req);
    if (!maxUploads)
        return ctx->fail(S3Error::InvalidArgument, QStringLiteral("max-uploads must be an integer from 0 to 1000."));
    if (!urlEncode)
        return ctx->fail(S3Error::InvalidArgument, QStringLiteral("Invalid Encoding Method specified in Request"));
    ListUploadsRequest q;
    q.bucket = ctx->req.bucket;
    q.prefix = ctx->req.queryValue(QStringLiteral("prefix"));
    q.delimiter = ctx->req.queryValue(QStringLiteral("delimiter"));
    q.keyMarker = ctx->req.queryValue(QStringLiteral("key-marker"));
    q.uploadIdMarker = ctx->req.queryValue(QStringLiteral("upload-id-marker"));
    q.maxUploads = *maxUploads;
    const bool enc = *urlEncode;
    ctx->backend->listMultipartUploads(q, [ctx, q, enc](Result<ListUploadsResult> result) {
        if (!result)
            return ctx->fail(result.failure());
        ctx->sendXml(200, S3Xml::listUploads(result.value(), q, enc, ctx->owner()));
    });
}

} // namespace s3c
