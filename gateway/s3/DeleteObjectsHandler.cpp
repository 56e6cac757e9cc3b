#include "DeleteObjectsHandler.h"

#include "BodyReader.h"
#include "backends/Backend.h"

namespace s3c {

namespace {

constexpr int kMaxKeys = 1000;

struct Batch
{
    Ctx ctx;
    QStringList keys;
    bool quiet = false;
    QList<DeleteOutcome> outcomes;
};

bool hasIntegrityHeader(const HttpRequest &http)
{
    if (http.hasHeader("content-md5") || http.hasHeader("x-amz-trailer"))
        return true;
    for (const HttpHeader &h : http.headers) {
        if (h.name.toLower().startsWith("x-amz-checksum-") && h.name.compare("x-amz-checksum-algorithm", Qt::CaseInsensitive) != 0)
            return true;
    }
    return false;
}

// One key after the other: the backend's own pool gives the parallelism, and a batch of 1000
// never floods it.
void deleteNext(const std::shared_ptr<Batch> &batch)
{
    if (!batch->ctx->alive())
        return;
    const qsizetype i = batch->outcomes.size();
    if (i == batch->keys.size()) {
        batch->ctx->sendXml(200, S3Xml::deleteResult(batch->outcomes, batch->quiet));
        return;
    }
    const QString key = batch->keys.at(i);
    batch->ctx->backend->deleteObject(batch->ctx->req.bucket, key, [batch, key](Result<Done> result) {
        DeleteOutcome o;
        o.key = key;
        // A key that is already gone counts as deleted, as in DeleteObject.
        o.ok = result.ok() || result.error() == S3Error::NoSuchKey;
        if (!o.ok)
            o.failure = result.failure();
        batch->outcomes.append(o);
        deleteNext(batch);
    });
}

} // namespace

void DeleteObjectsHandler::run(const Ctx &ctx)
{
    if (!hasIntegrityHeader(ctx->http))
        return ctx->fail(S3Error::InvalidRequest,
                         QStringLiteral("Missing required header for this request: Content-MD5"));
    BodyReader::readAll(ctx->body, 2 * 1024 * 1024, S3Error::MalformedXML, [ctx](Result<QByteArray> body) {
        if (!body)
            return ctx->fail(body.failure());
        auto batch = std::make_shared<Batch>();
        batch->ctx = ctx;
        const auto keys = S3Xml::parseDelete(body.value(), &batch->quiet);
        if (!keys)
            return ctx->fail(keys.failure());
        if (keys->size() > kMaxKeys)
            return ctx->fail(S3Error::MalformedXML, QStringLiteral("A DeleteObjects request can name at most 1000 keys."));
        batch->keys = keys.value();
        deleteNext(batch);
    });
}

} // namespace s3c
