#include "BackendFactory.h"

#include "backends/posix/PosixBackend.h"
#include "backends/s3/S3Backend.h"

namespace s3c {

S3BackendOptions BackendFactory::s3Options(const BackendsConfig &config, int index)
{
    const BackendConfig &b = config.backends.at(index);
    S3BackendOptions o;
    o.name = b.name;
    o.endpoint = b.endpointUrl();
    o.region = b.region;
    o.accessKey = b.accessKey;
    o.secretKey = b.secretKey;
    o.usePathStyle = b.usePathStyle;
    o.sslSkipVerify = b.sslSkipVerify;
    o.disableChecksum = b.disableChecksum;
    // design-notes.md #2: the parent passed https://ACCOUNT.r2.cloudflarestorage.com/primary-bucket
    // to its SDK unchanged, where the path became a key prefix; its users meant "this backend
    // serves the bucket primary-bucket". The path is a pin, not part of the endpoint.
    o.pinnedBucket = b.pinnedBucket();
    o.exposedBucket = config.clientBucketFor(index);
    o.readOnly = b.readOnly;
    o.connectTimeoutMs = b.connectTimeoutMs;
    o.firstByteTimeoutMs = b.firstByteTimeoutMs;
    return o;
}

MultiOptions BackendFactory::multiOptions(const BackendsConfig &config)
{
    MultiOptions o;
    o.deletePolicy = config.deletePolicy == BackendsConfig::DeletePolicy::All
                         ? MultiOptions::DeletePolicy::All
                         : MultiOptions::DeletePolicy::Primary;
    o.partialListing = config.partialListing;
    o.hedge.afterMs = config.hedgeAfterMs;
    o.hedge.minMs = config.hedgeMinMs;
    o.hedge.maxMs = config.hedgeMaxMs;
    o.health.intervalMs = config.healthIntervalMs;
    o.health.ejectedIntervalMs = config.healthEjectedIntervalMs;
    o.health.timeoutMs = config.healthTimeoutMs;
    o.resume.maxAttempts = config.resumeAttempts;
    o.resume.stallMs = config.resumeStallMs;
    o.resume.timeoutMs = config.resumeTimeoutMs;
    o.promote.enabled = config.promoteOnRead;
    o.promote.concurrency = config.promoteConcurrency;
    o.promote.queue = config.promoteQueue;
    o.promote.maxBytes = config.promoteMaxBytes;
    o.locationCacheTtlMs = config.locationCacheTtlMs;
    o.locationCacheMaxBytes = config.locationCacheMaxBytes;
    o.missCacheTtlMs = config.missCacheTtlMs;
    o.missCacheMaxBytes = config.missCacheMaxBytes;
    return o;
}

Result<QList<Backend *>> BackendFactory::create(const BackendsConfig &config, QObject *parent)
{
    if (const Status valid = config.validate(); !valid)
        return valid.failure();
    QList<Backend *> out;
    for (int i = 0; i < config.backends.size(); ++i) {
        const BackendConfig &b = config.backends[i];
        if (b.type == BackendConfig::Type::Posix) {
            PosixOptions posix;
            posix.readOnly = b.readOnly;
            posix.name = b.name;
            out.append(new PosixBackend(b.path, posix, parent));
        } else {
            out.append(new S3Backend(s3Options(config, i), parent));
        }
    }
    return out;
}

} // namespace s3c
