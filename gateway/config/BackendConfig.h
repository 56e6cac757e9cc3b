#pragma once

#include "base/Result.h"

#include <QString>
#include <QUrl>

namespace s3c {

// One entry of "backends" in the gateway's JSON config (gateway/config/README.md). Field names
// follow the parent gateway's s3-multi config; type, path, readOnly, bucket and the timeouts
// are s3cascade's additions.
struct BackendConfig
{
    enum class Type { S3, Posix };

    Type type = Type::S3;
    QString name;      // unique; x-s3cascade-backend, statistics, logs
    QString accessKey; // "access"
    QString secretKey; // "secret": never logged, never in a message
    QString endpoint;  // as written; a path ("/primary-bucket") pins that bucket
    QString region = QStringLiteral("us-east-1");
    bool usePathStyle = false;
    bool sslSkipVerify = false;
    bool disableChecksum = false;
    bool readOnly = false;
    QString bucket;     // explicit pin; must agree with an endpoint path
    QString path;       // posix: the directory served
    QString metaBucket; // parent's field (ACLs/policies there); kept for round trips, unused
    int connectTimeoutMs = 5000;
    int firstByteTimeoutMs = 30000;

    // The bucket this backend is pinned to ("bucket", else the endpoint's path), or empty.
    QString pinnedBucket() const;
    // The endpoint without its bucket path: scheme://host[:port]. Empty for AWS itself.
    QUrl endpointUrl() const;

    // Rules for one entry; messages start with "backends[<index>].<field>: ".
    Status validate(int index) const;
    // S3's bucket naming rules ("Bucket naming rules", Amazon S3 user guide).
    static bool isValidBucketName(const QString &name);

    bool operator==(const BackendConfig &) const = default;
};

} // namespace s3c
