#include "GatewayLane.h"

#include "backends/multi/CascadeState.h"
#include "backends/multi/MultiBackend.h"
#include "config/BackendFactory.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"
#include "s3/S3Dispatcher.h"

#include <QThread>

namespace s3c {

GatewayLane::GatewayLane(const GatewayOptions &options, int maxConnections,
                         std::shared_ptr<ClientAddressLimiter> clientLimiter, std::shared_ptr<CorsCache> corsCache,
                         std::shared_ptr<GatewayMetrics> metrics, QObject *parent)
    : QObject(parent), m_options(options), m_maxConnections(maxConnections),
      m_clientLimiter(std::move(clientLimiter)), m_corsCache(std::move(corsCache)), m_metrics(std::move(metrics))
{
}

GatewayLane::~GatewayLane() = default;

void GatewayLane::setup(const QSslConfiguration *tls, std::shared_ptr<AccessLog> accessLog)
{
    m_dispatcher = new S3Dispatcher(nullptr, m_options.s3, nullptr, this);
    m_dispatcher->setCredentials({m_options.credentials});
    if (m_corsCache)
        m_dispatcher->setCorsCache(m_corsCache);
    HttpLimits limits = m_options.limits;
    limits.maxConnections = m_maxConnections;
    m_server = new HttpServer(limits, this);
    m_server->setServerHeader(QByteArrayLiteral("s3cascade/") + QByteArrayLiteral(S3C_VERSION));
    m_server->setClientLimiter(m_clientLimiter);
    m_server->setAccessLog(std::move(accessLog));
    if (m_metrics)
        m_server->setMetrics(m_metrics);
    if (tls)
        m_server->setTlsConfiguration(*tls);
    connect(m_server, &HttpServer::requestReady, m_dispatcher, &S3Dispatcher::handle);
    connect(m_server, &HttpServer::drained, this, &GatewayLane::drained);
    connect(m_server, &HttpServer::connectionClosed, this,
            [this] { m_load.fetch_sub(1, std::memory_order_relaxed); });
}

bool GatewayLane::applyBackends(const BackendsConfig &config, const std::shared_ptr<CascadeState> &state,
                                QString *error, bool prober)
{
    auto created = BackendFactory::create(config);
    if (!created) {
        *error = created.failure().text();
        return false;
    }
    const QList<Backend *> backends = created.value();
    MultiOptions options = BackendFactory::multiOptions(config);
    options.health.prober = prober;
    auto *multi = new MultiBackend(backends, options, state);
    // The set lives while any call holds it (a reload swaps it under calls in flight), and goes
    // with deleteLater: the last holder may be one of its own callbacks.
    std::shared_ptr<Backend> set(multi, [backends](Backend *m) {
        m->deleteLater();
        for (Backend *b : backends)
            b->deleteLater();
    });
    m_dispatcher->setBackend(set);
    return true;
}

void GatewayLane::adopt(qintptr descriptor)
{
    m_server->adoptDescriptor(descriptor);
}

void GatewayLane::closeConnectionsAfterAnswering()
{
    m_server->closeConnectionsAfterAnswering();
}

void GatewayLane::stopAccepting()
{
    m_server->stopAccepting();
}

void GatewayLane::shutdown(QThread *owner)
{
    // In a thread of its own this runs from that thread's event loop and may delete at once.
    // The lane in the gateway's thread may be inside one of its server's signals: deleteLater.
    const bool ownThread = thread() != owner;
    if (m_server) {
        m_server->abortAll();
        m_server->disconnect(this);
        if (ownThread)
            delete m_server;
        else
            m_server->deleteLater();
        m_server = nullptr;
    }
    if (m_dispatcher) {
        // With it goes this lane's reference to the backend set (deleted with deleteLater in
        // this thread, which the thread's end still carries out).
        if (ownThread)
            delete m_dispatcher;
        else
            m_dispatcher->deleteLater();
        m_dispatcher = nullptr;
    }
    if (ownThread)
        moveToThread(owner);
}

} // namespace s3c
