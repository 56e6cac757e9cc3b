#include "Backend.h"

namespace s3c {

namespace {

Failure noTagging(const Backend &backend)
{
    return Failure{S3Error::NotImplemented,
                   QStringLiteral("Backend %1 does not support object tagging.").arg(backend.name())};
}

} // namespace

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
