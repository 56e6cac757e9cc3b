#pragma once

#include "GatewayOptions.h"

#include <QObject>
#include <QSslConfiguration>

#include <atomic>
#include <memory>

namespace s3c {

class AccessLog;
class ClientAddressLimiter;
class CorsCache;
class GatewayMetrics;
class HttpServer;
class S3Dispatcher;
struct CascadeState;

// One thread's share of the data path: an HttpServer fed with connections by the Gateway's
// acceptor, an S3Dispatcher, and this thread's own copy of the backend set (backends own sockets
// and timers, which belong to one thread). The copies share one CascadeState, so health,
// location cache and statistics are the gateway's, not the thread's.
//
// Every method but load()/addLoad() runs in the lane's thread; the Gateway calls them there.
class GatewayLane : public QObject
{
    Q_OBJECT
public:
    // maxConnections: this lane's share of the gateway's connection cap; clientLimiter: the
    // per-client connection counts all lanes share; corsCache: shared by every lane (a
    // PutBucketCors served by one is seen by all).
    GatewayLane(const GatewayOptions &options, int maxConnections,
                std::shared_ptr<ClientAddressLimiter> clientLimiter, std::shared_ptr<CorsCache> corsCache,
                std::shared_ptr<GatewayMetrics> metrics = {}, QObject *parent = nullptr);
    ~GatewayLane() override;

    // accessLog: shared by every lane; null for none.
    void setup(const QSslConfiguration *tls, std::shared_ptr<AccessLog> accessLog = {});
    // New requests use the new set at once; calls in flight finish on the old one.
    bool applyBackends(const BackendsConfig &config, const std::shared_ptr<CascadeState> &state,
                       QString *error, bool prober = false);
    void adopt(qintptr descriptor);
    void stopAccepting();
    void closeConnectionsAfterAnswering();
    // Closes every connection, lets the server and backend set go in this thread, then hands
    // this object to `owner` for deletion.
    void shutdown(QThread *owner);

    // Connections handed to this lane and not yet closed; any thread (the acceptor balances on it).
    int load() const { return m_load.load(std::memory_order_relaxed); }
    void addLoad() { m_load.fetch_add(1, std::memory_order_relaxed); }

signals:
    void drained();

private:
    GatewayOptions m_options;
    int m_maxConnections;
    std::shared_ptr<ClientAddressLimiter> m_clientLimiter;
    std::shared_ptr<CorsCache> m_corsCache;
    std::shared_ptr<GatewayMetrics> m_metrics;
    HttpServer *m_server = nullptr;
    S3Dispatcher *m_dispatcher = nullptr;
    std::atomic<int> m_load{0};
};

} // namespace s3c
