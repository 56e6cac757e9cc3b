#include "CorsPolicy.h"

#include "BucketNames.h"
#include "CorsEvaluator.h"
#include "CorsXml.h"
#include "backends/Backend.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCors, "s3c.s3.cors")

namespace s3c {

CorsPolicy::CorsPolicy(std::shared_ptr<CorsCache> cache, const QList<QByteArray> &defaultOrigins)
    : m_cache(std::move(cache))
{
    if (!defaultOrigins.isEmpty())
        m_defaults = std::make_shared<const CorsConfiguration>(CorsEvaluator::defaultConfiguration(defaultOrigins));
}

void CorsPolicy::rulesFor(const std::shared_ptr<Backend> &backend, const QString &bucket,
                          Callback<Config> done) const
{
    if (!backend || bucket.isEmpty() || !BucketNames::isPlausible(bucket))
        return done(m_defaults);
    if (const auto hit = m_cache->lookup(bucket))
        return done(*hit ? *hit : m_defaults);
    const quint64 generation = m_cache->generation();
    // The backend is held until it answers: a reload may drop the dispatcher's reference.
    backend->getBucketCors(bucket, [backend, cache = m_cache, defaults = m_defaults, bucket, generation,
                                    done](Result<QByteArray> xml) {
        if (xml) {
            Result<CorsConfiguration> parsed = CorsXml::parse(xml.value());
            if (!parsed) {
                // Not a document this gateway wrote (edited by hand, or another service's): no
                // rules rather than guessed ones.
                qCWarning(lcCors) << "the stored CORS configuration of" << bucket << "does not parse:"
                                  << parsed.failure().text();
                cache->store(bucket, nullptr, generation);
                return done(defaults);
            }
            Config config = std::make_shared<const CorsConfiguration>(std::move(parsed.value()));
            cache->store(bucket, config, generation);
            return done(config);
        }
        switch (xml.error()) {
        case S3Error::NoSuchCORSConfiguration:
        case S3Error::NoSuchBucket:
        case S3Error::NotImplemented:
            cache->store(bucket, nullptr, generation);
            return done(defaults);
        default:
            return done(xml.failure());
        }
    });
}

void CorsPolicy::invalidate(const QString &bucket) const
{
    m_cache->invalidate(bucket);
}

} // namespace s3c
