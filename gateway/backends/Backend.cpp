#include "Backend.h"

namespace s3c {

namespace {

template <class T> void notImplemented(Backend *backend, Callback<T> done)
{
    // Later, never from inside the call (the Backend contract).
    QMetaObject::invokeMethod(
        backend,
        [done = std::move(done), name = backend->name()] {
            done(Failure{S3Error::NotImplemented,
                         QStringLiteral("Backend %1 cannot keep a CORS configuration.").arg(name)});
        },
        Qt::QueuedConnection);
}

Failure noTagging(const Backend &backend)
{
    return Failure{S3Error::NotImplemented,
                   QStringLiteral("Backend %1 does not support object tagging.").arg(backend.name())};
}

} // namespace

void Backend::getBucketCors(const QString &bucket, Callback<QByteArray> done)
{
    Q_UNUSED(bucket);
    notImplemented(this, std::move(done));
}

void Backend::putBucketCors(const QString &bucket, const QByteArray &xml, Callback<Done> done)
{
    Q_UNUSED(bucket);
    Q_UNUSED(xml);
    notImplemented(this, std::move(done));
}

void Backend::deleteBucketCors(const QString &bucket, Callback<Done> done)
{
    Q_UNUSED(bucket);
    notImplemented(this, std::move(done));
}

void Backend::getObjectTagging(const QString &, const QString &, Callback<ObjectTags> done)
{
    // Later, never from inside the call (the Backend contract).
    QMetaObject::invokeMethod(
        this, [done = std::move(done), failure = noTagging(*this)] { done(failure); }, Qt::QueuedConnection);
}

void Backend::putObjectTagging(const QString &, const QString &, const ObjectTags &, Callback<Done> done)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), failure = noTagging(*this)] { done(failure); }, Qt::QueuedConnection);
}

} // namespace s3c
