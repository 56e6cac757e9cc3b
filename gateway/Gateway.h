#pragma once

#include "GatewayOptions.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace s3c {

class Backend;
class HttpServer;
class RecentRequests;
class S3Dispatcher;
class Statistics;

// The running gateway: HTTP server, S3 dispatcher and the backends of its configuration (always
// behind a MultiBackend, which cascades reads and counts statistics, even for one directory), all
// living in one worker thread. Other threads talk to it only through queued calls of its slots
// and its signals.
class Gateway : public QObject
{
    Q_OBJECT
public:
    // Told, in the gateway thread, whenever a (re)configuration brings a new Statistics.
    using StatisticsSink = std::function<void(std::shared_ptr<Statistics>)>;

    explicit Gateway(const GatewayOptions &options, StatisticsSink statisticsSink = {}, QObject *parent = nullptr);
    ~Gateway() override;

    // Call in the gateway's thread (queued). Emits started() or startFailed().
    void start();
    // New requests use the new backends at once; requests in flight finish on the old ones.
    // A configuration that does not validate or cannot be built changes nothing.
    void reload(const BackendsConfig &config);
    // Graceful: stop accepting, let in-flight requests finish within the grace period, then
    // close what is left. Emits stopped().
    void stop();

signals:
    void started(const QUrl &endpoint);
    void startFailed(const QString &reason);
    void reloaded();
    void reloadFailed(const QString &reason);
    void stopped();

private:
    bool applyBackends(const BackendsConfig &config, QString *error);
    void finishStop();

    GatewayOptions m_options;
    StatisticsSink m_statisticsSink;
    HttpServer *m_server = nullptr;
    S3Dispatcher *m_dispatcher = nullptr;
    // Kept across reloads: the Overview counts requests since the gateway started.
    std::shared_ptr<RecentRequests> m_recent;
    bool m_stopping = false;
    bool m_stopped = false;
};

} // namespace s3c
