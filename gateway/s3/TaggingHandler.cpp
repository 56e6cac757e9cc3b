#include "TaggingHandler.h"

#include "BodyReader.h"
#include "backends/Backend.h"
#include "backends/ObjectTagging.h"

namespace s3c {

Status TaggingHandler::checkVersion(const S3Request &request)
{
    const QString version = QStringLiteral("versionId");
    if (request.hasQuery(version) && request.queryValue(version) != QLatin1String("null"))
        return Failure{S3Error::InvalidArgument, QStringLiteral("Invalid version id specified")};
    return Done{};
}

void TaggingHandler::get(const Ctx &ctx)
{
    if (Status version = checkVersion(ctx->req); !version)
        return ctx->fail(version.failure());
    ctx->backend->getObjectTagging(ctx->req.bucket, ctx->req.key, [ctx](Result<ObjectTags> tags) {
        if (!tags)
            return ctx->fail(tags.failure());
        ctx->sendXml(200, ObjectTagging::toXml(tags.value()));
    });
}

void TaggingHandler::put(const Ctx &ctx)
{
    if (Status version = checkVersion(ctx->req); !version)
        return ctx->fail(version.failure());
    BodyReader::readAll(
        ctx->body, ObjectTagging::MaxXmlBytes, S3Error::MalformedXML, [ctx](Result<QByteArray> body) {
            if (!body)
                return ctx->fail(body.failure());
            const Result<ObjectTags> tags = ObjectTagging::parseXml(body.value());
            if (!tags)
                return ctx->fail(tags.failure());
            ctx->backend->putObjectTagging(ctx->req.bucket, ctx->req.key, tags.value(), [ctx](Status result) {
                if (!result)
                    return ctx->fail(result.failure());
                ctx->sendEmpty(200);
            });
        });
}

void TaggingHandler::remove(const Ctx &ctx)
{
    if (Status version = checkVersion(ctx->req); !version)
        return ctx->fail(version.failure());
    ctx->backend->putObjectTagging(ctx->req.bucket, ctx->req.key, {}, [ctx](Status result) {
        if (!result)
            return ctx->fail(result.failure());
        ctx->sendEmpty(204);
    });
}

} // namespace s3c
