#include "BucketHandler.h"

#include "BodyReader.h"
#include "BucketNames.h"
#include "CorsPolicy.h"
#include "backends/Backend.h"

#include <QXmlStreamReader>

#include <algorithm>

namespace s3c {

namespace {

// CreateBucketConfiguration/LocationConstraint, if a body was sent (empty means us-east-1).
QString locationConstraint(const QByteArray &xml)
{
    QXmlStreamReader r(xml);
    while (r.readNextStartElement()) {
        if (r.name() == QLatin1String("LocationConstraint"))
            return r.readElementText().trimmed();
        if (r.name() != QLatin1String("CreateBucketConfiguration"))
            r.skipCurrentElement();
    }
    return {};
}

} // namespace

void BucketHandler::listBuckets(const Ctx &ctx)
{
    ctx->backend->listBuckets([ctx](Result<QList<BucketInfo>> result) {
        if (!result)
            return ctx->fail(result.failure());
        QList<BucketInfo> buckets = result.value();
        std::sort(buckets.begin(), buckets.end(),
                  [](const BucketInfo &a, const BucketInfo &b) { return a.name.toUtf8() < b.name.toUtf8(); });
        ctx->sendXml(200, S3Xml::listBuckets(buckets, ctx->owner()));
    });
}

void BucketHandler::createBucket(const Ctx &ctx)
{
    if (!BucketNames::isValidForCreate(ctx->req.bucket))
        return ctx->fail(S3Error::InvalidBucketName);
    BodyReader::readAll(ctx->body, 64 * 1024, S3Error::MalformedXML, [ctx](Result<QByteArray> body) {
        if (!body)
            return ctx->fail(body.failure());
        const QString location = locationConstraint(body.value());
        // A client asking for another region than ours would get a bucket it cannot find later.
        if (!location.isEmpty() && location != ctx->settings.region && location != QLatin1String("us-east-1"))
            return ctx->fail(S3Error::InvalidArgument,
                             QStringLiteral("This gateway serves region %1; LocationConstraint %2 is not possible.")
                                 .arg(ctx->settings.region, location));
        ctx->backend->createBucket(ctx->req.bucket, [ctx](Result<Done> result) {
            // A new bucket starts without the rules a bucket of that name may have had.
            if (ctx->cors)
                ctx->cors->invalidate(ctx->req.bucket);
            // CreateBucket, Errors: "BucketAlreadyOwnedByYou ... In all AWS Regions except
            // us-east-1 (N. Virginia), you get this error. In us-east-1 you get 200 OK" (the legacy
            // behaviour; the bucket and its objects are kept). Clients such as `aws s3 mb` in
            // scripts rely on it.
            if (!result && result.failure().error == S3Error::BucketAlreadyOwnedByYou &&
                ctx->settings.region == QLatin1String("us-east-1"))
                result = Done{};
            if (!result)
                return ctx->fail(result.failure());
            HttpResponse r(200);
            r.setHeader("Location", QByteArray("/") + ctx->req.bucket.toUtf8());
            ctx->send(r);
        });
    });
}

void BucketHandler::deleteBucket(const Ctx &ctx)
{
    ctx->backend->deleteBucket(ctx->req.bucket, [ctx](Result<Done> result) {
        if (ctx->cors)
            ctx->cors->invalidate(ctx->req.bucket);
        if (!result)
            return ctx->fail(result.failure());
        ctx->sendEmpty(204);
    });
}

void BucketHandler::headBucket(const Ctx &ctx)
{
    ctx->backend->headBucket(ctx->req.bucket, [ctx](Result<BucketInfo> result) {
        if (!result)
            return ctx->fail(result.failure());
        HttpResponse r(200);
        r.setHeader("x-amz-bucket-region", ctx->settings.region.toLatin1());
        ctx->send(r);
    });
}

void BucketHandler::getLocation(const Ctx &ctx)
{
    ctx->backend->headBucket(ctx->req.bucket, [ctx](Result<BucketInfo> result) {
        if (!result)
            return ctx->fail(result.failure());
        ctx->sendXml(200, S3Xml::location(ctx->settings.region));
    });
}

} // namespace s3c
