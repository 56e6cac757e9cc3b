#pragma once

#include <QString>
#include <QUrl>

namespace s3c {

// How to reach one S3-compatible service (BackendsConfig turns a "backends" entry into this).
struct S3BackendOptions
{
    QString name;  // shown in x-s3cascade-backend, logs and errors; never a secret
    QUrl endpoint; // scheme://host[:port] only; empty host: AWS (s3.<region>.amazonaws.com)
    QString region = QStringLiteral("us-east-1");
    QString accessKey;
    QString secretKey;          // never logged, never in an error message
    bool usePathStyle = false;  // https://host/bucket/key instead of https://bucket.host/key
    bool sslSkipVerify = false; // accept any TLS certificate from this backend (only this one)
    // Never hash payloads: every request is signed with UNSIGNED-PAYLOAD and no checksum header
    // is forwarded (services that reject x-amz-checksum-* or cannot verify hashes).
    bool disableChecksum = false;
    // The backend serves exactly this bucket (config "bucket", or the path of an endpoint like
    // https://ACCOUNT.r2.cloudflarestorage.com/primary-bucket). Empty: every bucket, names as is.
    QString pinnedBucket;
    // The name clients use for the pinned bucket; empty means pinnedBucket itself. BackendsConfig
    // gives every pinned backend of one gateway the same exposed name, so one client bucket reads
    // through primary-bucket, then fallback-bucket (gateway/config/README.md, "Pinned buckets").
    QString exposedBucket;
    bool readOnly = false;
    // From the start of connecting until the request went out; then until the response head.
    // Both end in ServiceUnavailable so a cascade can fall through quickly.
    int connectTimeoutMs = 5000;
    int firstByteTimeoutMs = 30000;
    // No byte moved either way for this long once the exchange is under way (client paused too).
    int stallTimeoutMs = 120000;
    // Keep-alive connections to the backend at most; a download paced by a slow client holds
    // one to its end, so this many of them are needed before other requests queue.
    int maxConnections = 96;
};

} // namespace s3c
