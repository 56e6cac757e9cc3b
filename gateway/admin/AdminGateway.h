#pragma once

#include "auth/Credentials.h"
#include "base/Result.h"
#include "config/BackendsConfig.h"

#include <QDateTime>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace s3c {

class GatewayMetrics;
class Statistics;

// What the admin API reads from, and does to, the gateway hosting it: a narrow interface, so the
// admin library knows nothing of lanes or threads. Called in the admin server's thread, which is
// the gateway's own.
class AdminGateway
{
public:
    struct Info
    {
        QString version;
        QString mode; // "posix", "s3-multi", "embedded"
        QUrl endpoint;
        int threads = 0;
        QDateTime startedAt; // UTC
        QString accessKeyId;
        QString region;
    };

    virtual ~AdminGateway() = default;
    virtual Info adminStatus() const = 0;
    // The running configuration's statistics (replaced by a reload); never null while serving.
    virtual std::shared_ptr<Statistics> adminStatistics() const = 0;
    virtual const GatewayMetrics &adminMetrics() const = 0;
    virtual BackendsConfig adminBackends() const = 0;
    // Validates, saves and applies without a restart; the failure names the field.
    virtual Status adminApplyBackends(const BackendsConfig &config) = 0;
    virtual Credentials adminCredentials() const = 0;
    // A SIGTERM started the drain (--drain-delay): readiness turns 503 first, so a load
    // balancer takes the instance out while its requests finish.
    virtual bool adminDraining() const = 0;
};

} // namespace s3c
