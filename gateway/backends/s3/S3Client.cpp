#include "S3Client.h"

#include "http/BodyStream.h"

#include "http/HttpClientReply.h"

namespace s3c {

S3Client::S3Client(const S3BackendOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_builder(options), m_pool(options.maxConnections)
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
    // The upload streams with its Content-Length (the decoded length for aws-chunked clients),
    // chunked when the client did not say; memory stays bounded whatever the size.
    HttpClientReply *reply = spec.upload
                                 ? m_pool.send(built.value(), {}, spec.upload, spec.upload->expectedLength())
                                 : m_pool.send(built.value(), spec.body);
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
