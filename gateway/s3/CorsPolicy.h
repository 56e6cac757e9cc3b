#pragma once

#include "CorsCache.h"
#include "base/Result.h"

#include <memory>

namespace s3c {

class Backend;

// Which CORS rules apply to a bucket: its own configuration (from the shared CorsCache, else read
// from the backend and parsed once), else the --cors-origin rule, else none.
class CorsPolicy
{
public:
    using Config = CorsCache::Config;

    CorsPolicy(std::shared_ptr<CorsCache> cache, const QList<QByteArray> &defaultOrigins);

    // Null when no rule applies. A failure only when the backend could not say (503 and the
    // like); a bucket that does not exist has the default rules, so that its 404 is readable.
    // On a cache hit `done` runs before this returns, else later in the calling thread. Names
    // that cannot be buckets never reach the backend.
    void rulesFor(const std::shared_ptr<Backend> &backend, const QString &bucket, Callback<Config> done) const;
    // After the gateway's own PutBucketCors / DeleteBucketCors.
    void invalidate(const QString &bucket) const;
    const Config &defaults() const { return m_defaults; }
    const std::shared_ptr<CorsCache> &cache() const { return m_cache; }

private:
    std::shared_ptr<CorsCache> m_cache;
    Config m_defaults;
};

} // namespace s3c
