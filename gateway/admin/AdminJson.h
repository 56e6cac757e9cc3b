#pragma once

#include "AdminGateway.h"
#include "stats/StatsSnapshot.h"

#include <QJsonArray>
#include <QJsonObject>

namespace s3c {

// The admin API's JSON bodies (docs/admin-api.md). Nothing here ever holds a secret: backend
// secrets are replaced by kMask, and a PUT that sends kMask back keeps the secret it had.
class AdminJson
{
public:
    static constexpr QLatin1StringView kMask{"********"};

    static QJsonObject status(const AdminGateway::Info &status);
    static QJsonObject backendStats(const BackendStatsSnapshot &backend);
    static QJsonObject stats(const StatsSnapshot &snapshot);
    static QJsonObject recentRequest(const RecentRequest &request);
    static QJsonArray recentRequests(const QList<RecentRequest> &requests, int limit);
    // {"ready", "backends": [{"name", "healthy", ...}]} for /readyz.
    static QJsonObject readiness(const StatsSnapshot &snapshot, bool *ready);
    // The configuration as backends.json has it, every secret masked.
    static QJsonObject maskedBackends(const BackendsConfig &config);
    // A PUT body into a configuration: parsed and validated as a config file is (no environment
    // overrides), masked secrets taken from `current` by backend name. The failure's message
    // starts with the field ("backends[1].endpoint: ...").
    static Result<BackendsConfig> parseBackends(const QByteArray &body, const BackendsConfig &current);
    static QJsonObject error(const QString &message, const QString &field = {});
    // "backends[1].endpoint" from "backends[1].endpoint: must be ...", else empty.
    static QString fieldOf(const QString &message);
};

} // namespace s3c
