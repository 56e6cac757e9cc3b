#pragma once

#include "BackendConfig.h"
#include "base/Result.h"

#include <QList>
#include <QProcessEnvironment>
#include <QStringList>

namespace s3c {

// The backends configuration: JSON `{"backends":[...], "deletePolicy", "partialListing",
// "exposedBucket"}`, the parent gateway's format plus s3cascade's fields, with environment
// overrides S3CASCADE_BACKEND_<N>_<FIELD> and the parent's VGW_S3_MULTI_BACKEND_<N>_<FIELD>
// (N: 0-based index of an entry in the file; FIELD: NAME, ACCESS, SECRET, ENDPOINT, REGION,
// USE_PATH_STYLE, ...; S3CASCADE_ wins over VGW_).
//
// A config is all or nothing: any error (named "backends[1].endpoint: ...") yields no backends
// at all, so a bad file never starts a half-working gateway. Messages and warnings never
// contain a secret. The GUI edits this structure and saves it with toJson()/save().
class BackendsConfig
{
public:
    enum class DeletePolicy { Primary, All };

    QList<BackendConfig> backends; // [0] is the primary
    DeletePolicy deletePolicy = DeletePolicy::Primary;
    bool partialListing = false;
    // Hedged reads (MultiOptions::hedge): -1 adaptive, 0 off, N ms fixed; bounds of the adaptive delay.
    int hedgeAfterMs = -1;
    int hedgeMinMs = 50;
    int hedgeMaxMs = 1000;
    // Active health probes of S3 backends (MultiOptions::health); healthIntervalMs 0: none.
    int healthIntervalMs = 5000;
    int healthEjectedIntervalMs = 1000;
    int healthTimeoutMs = 1000;
    // Mid-stream failover of GET (MultiOptions::resume); resumeAttempts 0: none.
    int resumeAttempts = 3;
    int resumeStallMs = 2000;
    int resumeTimeoutMs = 5000;
    // Copy-on-read (MultiOptions::promote): objects a fallback served are copied into the primary.
    bool promoteOnRead = false;
    int promoteConcurrency = 4;
    int promoteQueue = 64;
    qint64 promoteMaxBytes = 5LL * 1024 * 1024 * 1024;
    // The read caches (MultiOptions, ReadPlan): TTL (0: off) and memory cap of each.
    int locationCacheTtlMs = 5000;
    int locationCacheMaxBytes = 16 * 1024 * 1024;
    int missCacheTtlMs = 5000;
    int missCacheMaxBytes = 16 * 1024 * 1024;
    // The bucket name clients use for pinned backends; empty: the first pinned backend's bucket.
    QString exposedBucket;

    // Parses, applies the environment, validates. `warnings` gets ignored keys and the like
    // (also logged to the s3c.config category).
    static Result<BackendsConfig>
    fromJson(const QByteArray &json,
             const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
             QStringList *warnings = nullptr);
    static Result<BackendsConfig>
    load(const QString &path, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
         QStringList *warnings = nullptr);

    // Every rule fromJson() checks after parsing; the first failure, naming index and field.
    Status validate() const;
    // The same JSON format (indented), every field spelled out; round-trips through fromJson().
    QByteArray toJson() const;
    // Written atomically with mode 0600: the file holds the backends' secret keys.
    Status save(const QString &path) const;

    // The name clients use for backend `index`'s bucket when it is pinned, else empty.
    QString clientBucketFor(int index) const;

    bool operator==(const BackendsConfig &) const = default;
};

} // namespace s3c
