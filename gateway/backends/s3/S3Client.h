#pragma once

#include "S3BackendOptions.h"
#include "S3Call.h"
#include "S3RequestBuilder.h"
#include "http/HttpClientPool.h"

namespace s3c {

class BodyStream;

// Sends one signed request to the backend and hands back the classified answer. Shared by
// S3Backend, S3Lister and S3Multipart; lives in the gateway thread like its managers.
class S3Client : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Collect, Stream };

    struct Spec
    {
        QByteArray method;
        QString bucket; // the backend's bucket name; empty for ListBuckets
        QString key;
        S3RequestBuilder::Query query;
        QList<HttpHeader> headers;
        QByteArray body;              // small in-memory body (XML), hashed unless disableChecksum
        BodyStream *upload = nullptr; // streamed body, sent with UNSIGNED-PAYLOAD
        Mode mode = Mode::Collect;
        S3ErrorMapper::NotFound notFound = S3ErrorMapper::NotFound::Key;
    };

    S3Client(const S3BackendOptions &options, QObject *parent = nullptr);

    const S3BackendOptions &options() const { return m_options; }
    const S3RequestBuilder &builder() const { return m_builder; }
    HttpClientPool &pool() { return m_pool; }

    void send(const Spec &spec, S3Call::Handler handler);
    // Calls `handler` with `failure` from the event loop, never from inside the caller.
    void failLater(const Failure &failure, S3Call::Handler handler);
    // The same for any callback type.
    template <class T> void later(Callback<T> done, Result<T> result)
    {
        QMetaObject::invokeMethod(
            this, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
            Qt::QueuedConnection);
    }

    static constexpr qint64 kDownloadBuffer = 512 * 1024;

private:
    S3BackendOptions m_options;
    S3RequestBuilder m_builder;
    HttpClientPool m_pool;
};

} // namespace s3c
