#include "S3Client.h"

#include "http/BodyStream.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace s3c {

S3Client::S3Client(const S3BackendOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_builder(options), m_pool(options.maxManagers)
{
    m_pool.setParent(this);
}

void S3Client::failLater(const Failure &failure, S3Call::Handler handler)
{
    QMetaObject::invokeMethod(
        this, [handler = std::move(handler), failure] { handler(failure); }, Qt::QueuedConnection);
}

void S3Client::send(const Spec &spec, S3Call::Handler handler)
{
    QList<HttpHeader> headers = spec.headers;
    QByteArray payloadHash;
    if (spec.upload) {
        // The client's body was already decoded from aws-chunked and is verified by the stream
        // as it flows; toward the backend it is a plain body with a Content-Length, which every
        // S3 service accepts ("UNSIGNED-PAYLOAD", Signature Calculations for the Authorization
        // Header). A body that fails verification is aborted before its last byte.
        payloadHash = sigv4::kUnsignedPayload.toByteArray();
    } else {
        payloadHash = m_builder.payloadHashFor(spec.body);
        if (!spec.body.isEmpty())
            headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/xml")});
    }
    auto built = m_builder.build(spec.method, spec.bucket, spec.key, spec.query, headers, payloadHash);
    if (!built)
        return failLater(built.failure(), std::move(handler));
    QNetworkRequest request = built.value();

    QNetworkAccessManager *manager = m_pool.pick();
    QNetworkReply *reply = nullptr;
    if (spec.upload) {
        // design-notes.md #1: without a known length and DoNotBufferUploadData QNAM reads the
        // whole upload into memory before sending a byte.
        request.setHeader(QNetworkRequest::ContentLengthHeader, spec.upload->expectedLength());
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        reply = manager->put(request, spec.upload);
    } else if (spec.method == "GET") {
        reply = manager->get(request);
    } else if (spec.method == "HEAD") {
        reply = manager->head(request);
    } else if (spec.method == "DELETE" && spec.body.isEmpty()) {
        reply = manager->deleteResource(request);
    } else {
        // PUT/POST with a small (possibly empty) body. QNAM would invent a form Content-Type for
        // a body without one; S3 would store it as the object's type.
        if (request.header(QNetworkRequest::ContentTypeHeader).isNull())
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/octet-stream"));
        reply = manager->sendCustomRequest(request, spec.method, spec.body);
    }
    m_pool.track(manager, reply);
    if (spec.mode == Mode::Stream)
        reply->setReadBufferSize(kDownloadBuffer);

    const S3Call::Timeouts timeouts{m_options.connectTimeoutMs, m_options.firstByteTimeoutMs};
    if (spec.upload)
        S3Call::upload(reply, spec.upload, m_options.name, spec.notFound, timeouts, std::move(handler));
    else if (spec.mode == Mode::Stream)
        S3Call::stream(reply, m_options.name, spec.notFound, timeouts, std::move(handler));
    else
        S3Call::collect(reply, m_options.name, spec.notFound, timeouts, std::move(handler));
}

} // namespace s3c
