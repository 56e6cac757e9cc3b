#include "S3Dispatcher.h"

#include "BucketHandler.h"
#include "BucketNames.h"
#include "CorsCache.h"
#include "CorsEvaluator.h"
#include "CorsHandler.h"
#include "CorsPolicy.h"
#include "DeleteObjectsHandler.h"
#include "base/ErrorXml.h"
#include "ListHandler.h"
#include "MultipartHandler.h"
#include "ObjectHandler.h"
#include "S3Context.h"
#include "S3Router.h"
#include "TaggingHandler.h"
#include "auth/PayloadVerifier.h"
#include "http/HttpExchange.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcS3, "s3c.s3")

namespace s3c {

namespace {

// The access key id a request claims, for the access log of a request whose signature failed
// (the key id is not a secret; the signature after it is never taken). SigV4 header
// "AWS4-HMAC-SHA256 Credential=AKID/date/...", SigV2 header "AWS AKID:signature", presigned
// X-Amz-Credential=AKID/... or AWSAccessKeyId=AKID.
QString claimedAccessKey(const HttpRequest &http, const QList<sigv4::QueryParameter> &query)
{
    constexpr qsizetype kMaxKeyId = 128;
    QByteArray id;
    const QByteArray authorization = http.header("authorization");
    if (authorization.startsWith("AWS4-")) {
        const qsizetype at = authorization.indexOf("Credential=");
        if (at >= 0) {
            const qsizetype from = at + 11;
            const qsizetype slash = authorization.indexOf('/', from);
            id = authorization.mid(from, (slash < 0 ? authorization.size() : slash) - from);
        }
    } else if (authorization.startsWith("AWS ")) {
        const qsizetype colon = authorization.indexOf(':', 4);
        id = authorization.mid(4, (colon < 0 ? authorization.size() : colon) - 4);
    } else {
        for (const sigv4::QueryParameter &p : query) {
            if (p.name == "X-Amz-Credential") {
                id = p.value.left(p.value.indexOf('/') < 0 ? p.value.size() : p.value.indexOf('/'));
                break;
            }
            if (p.name == "AWSAccessKeyId") {
                id = p.value;
                break;
            }
        }
    }
    return QString::fromUtf8(id.left(kMaxKeyId).trimmed());
}

} // namespace

S3Dispatcher::S3Dispatcher(std::shared_ptr<Backend> backend, const S3Settings &settings, const Clock *clock,
                           QObject *parent)
    : QObject(parent), m_backend(std::move(backend)),
      m_cors(std::make_shared<CorsPolicy>(std::make_shared<CorsCache>(), settings.corsOrigins)), m_settings(settings),
      m_verifier(clock)
{
    m_verifier.setDebugLogging(settings.debug);
    m_verifier.setSigV2Allowed(settings.allowSigV2);
    m_verifier.setRegion(settings.region.toUtf8());
}

void S3Dispatcher::setCredentials(const QList<Credentials> &credentials)
{
    m_verifier.setCredentials(credentials);
}

void S3Dispatcher::setBackend(std::shared_ptr<Backend> backend)
{
    m_backend = std::move(backend);
}

void S3Dispatcher::setCorsCache(std::shared_ptr<CorsCache> cache)
{
    m_cors = std::make_shared<CorsPolicy>(std::move(cache), m_settings.corsOrigins);
}

void S3Dispatcher::fail(HttpExchange *exchange, const Failure &failure, const QString &resource,
                        const QList<HttpHeader> &corsHeaders)
{
    HttpResponse r(httpStatus(failure.error));
    r.headers = corsHeaders;
    if (exchange->request().method != "HEAD") {
        r.setHeader("Content-Type", "application/xml");
        r.body = renderErrorXml(failure.error, failure.message, resource, exchange->requestId());
    }
    exchange->respond(r);
}

void S3Dispatcher::handle(HttpExchange *exchange)
{
    const HttpRequest &http = exchange->request();
    if (!m_settings.healthPath.isEmpty() && http.rawPath() == m_settings.healthPath
        && (http.method == "GET" || http.method == "HEAD")) {
        if (AccessRecord *log = exchange->accessRecord())
            log->operation = "HealthCheck";
        HttpResponse r(200);
        r.setHeader("Content-Type", "text/plain");
        r.body = "OK\n";
        exchange->respond(r);
        return;
    }

    auto parsed = S3Request::parse(http, m_settings.virtualDomain);
    if (!parsed)
        return fail(exchange, parsed.failure(), QString::fromUtf8(http.rawPath()));
    if (AccessRecord *log = exchange->accessRecord()) {
        log->bucket = parsed->bucket;
        log->key = parsed->key;
    }
    // A browser's preflight carries no credentials, ever (Fetch standard, CORS-preflight request).
    if (http.method == "OPTIONS") {
        if (AccessRecord *log = exchange->accessRecord())
            log->operation = "PreflightRequest";
        return preflight(exchange, parsed.value());
    }
    const QByteArray origin = http.header("origin");
    if (origin.isEmpty())
        return serve(exchange, parsed.value(), {});
    // A cross-origin request: whatever the answer, a page may read it only with the bucket's
    // Access-Control-* headers, so the rules are looked up first (from the cache, mostly).
    QPointer<S3Dispatcher> self(this);
    QPointer<HttpExchange> guard(exchange);
    m_cors->rulesFor(m_backend, parsed->bucket,
                     [self, guard, request = parsed.value(), origin](Result<CorsPolicy::Config> rules) {
                         if (!self || !guard || guard->hasResponded())
                             return;
                         QList<HttpHeader> headers;
                         if (rules && rules.value())
                             headers = CorsEvaluator::forActualRequest(*rules.value(), origin,
                                                                       guard->request().method);
                         self->serve(guard.data(), request, headers);
                     });
}

void S3Dispatcher::preflight(HttpExchange *exchange, const S3Request &request)
{
    auto ctx = std::make_shared<S3Context>(exchange, request, AuthContext{}, m_backend, m_settings);
    ctx->cors = m_cors;
    CorsHandler::preflight(ctx);
}

void S3Dispatcher::serve(HttpExchange *exchange, const S3Request &request, const QList<HttpHeader> &corsHeaders)
{
    const HttpRequest &http = exchange->request();
    const QString resource = request.resource();

    // Routing reads only the method and target: known before the signature, so a refused
    // request still counts under its operation in the metrics.
    const S3Operation op = S3Router::route(http, request);
    exchange->setOperationTag(int(op));

    // Signature first, before a single body byte is read (style.md #6).
    const QByteArray hostBucket = request.virtualHosted ? request.bucket.toUtf8() : QByteArray();
    auto auth = m_verifier.verify(http, request.decodedQuery, hostBucket);
    // The access log line says what a refused request tried too; routing's own answers
    // (unsupported, method not allowed) still come after auth.
    if (AccessRecord *log = exchange->accessRecord()) {
        log->operation = S3Router::name(op);
        log->accessKey = auth ? auth->accessKey : claimedAccessKey(http, request.decodedQuery);
    }
    if (!auth)
        return fail(exchange, auth.failure(), resource, corsHeaders);

    qCDebug(lcS3) << S3Router::name(op) << resource;
    if (op == S3Operation::Unsupported)
        return fail(exchange,
                    Failure{S3Error::NotImplemented,
                            QStringLiteral("%1 is not implemented by this gateway.")
                                .arg(S3Router::describeUnsupported(http, request))},
                    resource, corsHeaders);
    if (op == S3Operation::MethodNotAllowed)
        return fail(exchange, Failure{S3Error::MethodNotAllowed, {}}, resource, corsHeaders);
    if (!request.bucket.isEmpty() && !BucketNames::isPlausible(request.bucket))
        return fail(exchange, Failure{S3Error::InvalidBucketName, {}}, resource, corsHeaders);
    if (m_settings.readOnly && S3Router::isWrite(op))
        return fail(exchange, Failure{S3Error::AccessDenied, QStringLiteral("This gateway is read-only.")}, resource,
                    corsHeaders);

    // PutObject, UploadPart: "Content-Length ... Required: Yes" unless the body is chunked
    // (aws-chunked always comes with one). Without either, RFC 9112 section 6.3 says the body is
    // empty, which would store an empty object the client did not mean; S3 answers 411.
    if ((op == S3Operation::PutObject || op == S3Operation::UploadPart) && http.contentLength < 0 && !http.chunked)
        return fail(exchange, Failure{S3Error::MissingContentLength, {}}, resource, corsHeaders);

    auto ctx = std::make_shared<S3Context>(exchange, request, auth.value(), m_backend, m_settings);
    ctx->cors = m_cors;
    ctx->corsHeaders = corsHeaders;
    if (S3Router::hasRequestBody(op)) {
        auto verifier = PayloadVerifier::create(exchange->requestBody(), http, auth.value(), exchange,
                                                 m_settings.maxSinglePutBytes);
        if (!verifier)
            return fail(exchange, verifier.failure(), resource, corsHeaders);
        ctx->body = verifier.value();
    }
    // Only now may the client send its body (Expect: 100-continue after the auth check).
    exchange->sendContinue();

    switch (op) {
    case S3Operation::ListBuckets: return BucketHandler::listBuckets(ctx);
    case S3Operation::CreateBucket: return BucketHandler::createBucket(ctx);
    case S3Operation::DeleteBucket: return BucketHandler::deleteBucket(ctx);
    case S3Operation::HeadBucket: return BucketHandler::headBucket(ctx);
    case S3Operation::GetBucketLocation: return BucketHandler::getLocation(ctx);
    case S3Operation::ListObjectsV1: return ListHandler::listObjectsV1(ctx);
    case S3Operation::ListObjectsV2: return ListHandler::listObjectsV2(ctx);
    case S3Operation::ListMultipartUploads: return ListHandler::listUploads(ctx);
    case S3Operation::DeleteObjects: return DeleteObjectsHandler::run(ctx);
    case S3Operation::GetObject: return ObjectHandler::getObject(ctx, false);
    case S3Operation::HeadObject: return ObjectHandler::getObject(ctx, true);
    case S3Operation::PutObject: return ObjectHandler::putObject(ctx);
    case S3Operation::CopyObject: return ObjectHandler::copyObject(ctx);
    case S3Operation::DeleteObject: return ObjectHandler::deleteObject(ctx);
    case S3Operation::CreateMultipartUpload: return MultipartHandler::create(ctx);
    case S3Operation::UploadPart: return MultipartHandler::uploadPart(ctx);
    case S3Operation::UploadPartCopy: return MultipartHandler::uploadPartCopy(ctx);
    case S3Operation::CompleteMultipartUpload: return MultipartHandler::complete(ctx);
    case S3Operation::AbortMultipartUpload: return MultipartHandler::abort(ctx);
    case S3Operation::ListParts: return MultipartHandler::listParts(ctx);
    case S3Operation::GetBucketCors: return CorsHandler::getBucketCors(ctx);
    case S3Operation::PutBucketCors: return CorsHandler::putBucketCors(ctx);
    case S3Operation::DeleteBucketCors: return CorsHandler::deleteBucketCors(ctx);
    case S3Operation::GetObjectTagging: return TaggingHandler::get(ctx);
    case S3Operation::PutObjectTagging: return TaggingHandler::put(ctx);
    case S3Operation::DeleteObjectTagging: return TaggingHandler::remove(ctx);
    case S3Operation::Unsupported:
    case S3Operation::MethodNotAllowed:
        break;
    }
}

} // namespace s3c
