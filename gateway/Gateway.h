#pragma once

#include "GatewayOptions.h"
#include "admin/AdminGateway.h"

#include <QObject>
#include <QDateTime>
#include <QUrl>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QThread;

namespace s3c {

class AccessLog;
class AdminServer;
class CorsCache;
class GatewayMetrics;
class GatewayLane;
class HttpAcceptor;
class RecentRequests;
class Statistics;

// The running gateway. It lives in one worker thread and owns the listening socket; requests are
// served by lanes (GatewayLane: HTTP server, S3 dispatcher and a copy of the backends, always
// behind a MultiBackend, which cascades reads and counts statistics, even for one directory), one
// per worker thread: the first in the gateway's own thread, the others in threads of their own.
// Each accepted connection goes to the lane with the fewest, and stays there. Other threads talk
// to the gateway only through queued calls of its slots and its signals.
class Gateway : public QObject, private AdminGateway
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
    // close what is left. Emits stopped(). With a drain delay, first serve on for that long as
    // draining (isDraining(), no keep-alive); a second stop() during the delay ends it.
    void stop();
    // SIGHUP: the access log reopens its file (after logrotate moved it).
    void reopenLogs();
    // True from stop() on: the gateway finishes what is in flight and takes nothing new. Any
    // thread (a readiness check answers 503 from it).
    bool isDraining() const { return m_draining.load(std::memory_order_relaxed); }

    // How many lanes `requested` threads means (0: one per core).
    static int laneCount(int requested);

signals:
    // Before started(), when --admin is given: where the admin API listens.
    void adminStarted(const QUrl &url);
    void started(const QUrl &endpoint);
    void startFailed(const QString &reason);
    void reloaded();
    void reloadFailed(const QString &reason);
    void stopped();

private:
    struct Lane
    {
        GatewayLane *lane = nullptr;
        QThread *thread = nullptr; // null: the gateway's own thread
    };

    // AdminGateway, for the admin API (in this thread).
    Info adminStatus() const override;
    std::shared_ptr<Statistics> adminStatistics() const override { return m_statistics; }
    const GatewayMetrics &adminMetrics() const override { return *m_metrics; }
    BackendsConfig adminBackends() const override { return m_options.backends; }
    s3c::Status adminApplyBackends(const BackendsConfig &config) override;
    Credentials adminCredentials() const override { return m_options.credentials; }
    bool adminDraining() const override { return isDraining(); }

    bool createLanes(QString *error);
    bool applyBackends(const BackendsConfig &config, QString *error);
    void distribute(qintptr descriptor);
    void onLaneDrained();
    void stopNow();
    void finishStop();
    void destroyLanes();

    GatewayOptions m_options;
    StatisticsSink m_statisticsSink;
    std::vector<Lane> m_lanes;
    HttpAcceptor *m_acceptor = nullptr;
    int m_drainedLanes = 0;
    // Kept across reloads: the Overview counts requests since the gateway started.
    std::shared_ptr<RecentRequests> m_recent;
    // Parsed bucket CORS configurations, shared by the lanes; emptied when the backends change.
    std::shared_ptr<CorsCache> m_corsCache;
    std::shared_ptr<AccessLog> m_accessLog;
    std::atomic<bool> m_draining{false};
    // Request counters of every lane's HTTP server, kept across reloads.
    std::shared_ptr<GatewayMetrics> m_metrics;
    std::shared_ptr<Statistics> m_statistics; // the running configuration's
    AdminServer *m_admin = nullptr;
    QUrl m_endpoint;
    QDateTime m_startedAt;
    bool m_stopping = false;
    bool m_stopped = false;
};

} // namespace s3c
