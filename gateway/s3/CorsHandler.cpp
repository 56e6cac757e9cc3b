#include "CorsHandler.h"

#include "BodyReader.h"
#include "CorsEvaluator.h"
#include "CorsPolicy.h"
#include "CorsXml.h"
#include "backends/Backend.h"

namespace s3c {

namespace {

// The wording of S3's answers ("Troubleshooting CORS").
const QString kNotEnabled = QStringLiteral("CORSResponse: CORS is not enabled for this bucket.");
const QString kNotAllowed = QStringLiteral(
    "CORSResponse: This CORS request is not allowed. This is usually because the evaluation of Origin, request "
    "method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the "
    "resource's CORS spec.");

} // namespace

void CorsHandler::getBucketCors(const Ctx &ctx)
{
    ctx->backend->getBucketCors(ctx->req.bucket, [ctx](Result<QByteArray> xml) {
        if (!xml)
            return ctx->fail(xml.failure());
        ctx->sendXml(200, xml.value());
    });
}

void CorsHandler::putBucketCors(const Ctx &ctx)
{
    BodyReader::readAll(ctx->body, kMaxBody, S3Error::MalformedXML, [ctx](Result<QByteArray> body) {
        if (!body)
            return ctx->fail(body.failure());
        const Result<CorsConfiguration> config = CorsXml::parse(body.value());
        if (!config)
            return ctx->fail(config.failure());
        // Stored in the gateway's own canonical form: what GetBucketCors returns, and all the
        // preflight path ever parses.
        ctx->backend->putBucketCors(ctx->req.bucket, CorsXml::render(config.value()), [ctx](Status stored) {
            if (ctx->cors)
                ctx->cors->invalidate(ctx->req.bucket);
            if (!stored)
                return ctx->fail(stored.failure());
            ctx->sendEmpty(200);
        });
    });
}

void CorsHandler::deleteBucketCors(const Ctx &ctx)
{
    ctx->backend->deleteBucketCors(ctx->req.bucket, [ctx](Status removed) {
        if (ctx->cors)
            ctx->cors->invalidate(ctx->req.bucket);
        if (!removed)
            return ctx->fail(removed.failure());
        ctx->sendEmpty(204);
    });
}

void CorsHandler::preflight(const Ctx &ctx)
{
    const QByteArray origin = ctx->http.header("origin");
    const QByteArray method = ctx->http.header("access-control-request-method");
    if (origin.isEmpty())
        return ctx->fail(S3Error::BadRequest, QStringLiteral("Insufficient information. Origin request header needed."));
    if (method.isEmpty())
        return ctx->fail(S3Error::BadRequest,
                         QStringLiteral("Insufficient information. Access-Control-Request-Method request header needed."));
    if (!CorsXml::isValidMethod(method))
        return ctx->fail(S3Error::BadRequest, QStringLiteral("Invalid Access-Control-Request-Method."));
    const auto headers = CorsEvaluator::parseHeaderList(ctx->http.header("access-control-request-headers"));
    if (!headers || !CorsEvaluator::isEchoableOrigin(origin))
        return ctx->fail(S3Error::AccessForbidden, kNotAllowed);
    if (!ctx->cors)
        return ctx->fail(S3Error::AccessForbidden, kNotEnabled);
    ctx->cors->rulesFor(ctx->backend, ctx->req.bucket,
                        [ctx, origin, method, headers = *headers](Result<CorsPolicy::Config> rules) {
                            if (!rules)
                                return ctx->fail(rules.failure());
                            if (!rules.value())
                                return ctx->fail(S3Error::AccessForbidden, kNotEnabled);
                            const CorsConfiguration &config = *rules.value();
                            const auto match = CorsEvaluator::matchPreflight(config, origin, method, headers);
                            if (!match)
                                return ctx->fail(S3Error::AccessForbidden, kNotAllowed);
                            HttpResponse r(200);
                            r.headers = CorsEvaluator::preflightHeaders(config.rules.at(match->rule), *match,
                                                                        origin, headers);
                            ctx->send(r);
                        });
}

} // namespace s3c
