#include "Gateway.h"

#include "GatewayLane.h"
#include "http/AccessLog.h"
#include "GatewaySetup.h"
#include "admin/AdminLog.h"
#include "admin/AdminServer.h"
#include "backends/multi/CascadeState.h"
#include "s3/CorsCache.h"
#include "config/BackendFactory.h"
#include "http/ClientAddressLimiter.h"
#include "http/HttpAcceptor.h"
#include "http/PlatformSocket.h"
#include "http/ProcessLimits.h"
#include "stats/GatewayMetrics.h"
#include "stats/Statistics.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QThread>
#include <QTimer>

#include <optional>

namespace s3c {

Q_LOGGING_CATEGORY(lcGateway, "s3c.gateway")

namespace {

Result<QSslConfiguration> loadTls(const QString &certFile, const QString &keyFile)
{
    QFile cert(certFile);
    QFile key(keyFile);
    if (!cert.open(QIODevice::ReadOnly))
        return Failure{S3Error::InternalError, Gateway::tr("Cannot read the certificate %1: %2").arg(certFile, cert.errorString())};
    if (!key.open(QIODevice::ReadOnly))
        return Failure{S3Error::InternalError, Gateway::tr("Cannot read the private key %1: %2").arg(keyFile, key.errorString())};
    const QList<QSslCertificate> chain = QSslCertificate::fromData(cert.readAll(), QSsl::Pem);
    const QByteArray keyData = key.readAll();
    QSslKey privateKey(keyData, QSsl::Rsa, QSsl::Pem);
    if (privateKey.isNull())
        privateKey = QSslKey(keyData, QSsl::Ec, QSsl::Pem);
    if (chain.isEmpty() || privateKey.isNull())
        return Failure{S3Error::InternalError, Gateway::tr("The certificate or key is not valid PEM.")};
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(privateKey);
    return config;
}

// Runs fn in target's thread and waits for it. The lanes never wait for the gateway's thread,
// so this cannot deadlock.
template <class Fn> void runIn(QObject *target, Fn fn)
{
    if (target->thread() == QThread::currentThread())
        fn();
    else
        QMetaObject::invokeMethod(target, std::move(fn), Qt::BlockingQueuedConnection);
}

} // namespace

Gateway::Gateway(const GatewayOptions &options, StatisticsSink statisticsSink, QObject *parent)
    : QObject(parent), m_options(options), m_statisticsSink(std::move(statisticsSink)),
      m_corsCache(std::make_shared<CorsCache>()), m_metrics(std::make_shared<GatewayMetrics>())
{
    // From the first line on, so /api/v1/log has the start-up messages too.
    if (m_options.admin.enabled)
        AdminLog::install();
}

Gateway::~Gateway()
{
    destroyLanes();
    if (m_options.admin.enabled)
        AdminLog::uninstall();
}

int Gateway::laneCount(int requested)
{
    if (requested > 0)
        return qMin(requested, GatewayOptions::kMaxWorkerThreads);
    return qBound(1, QThread::idealThreadCount(), GatewayOptions::kMaxWorkerThreads);
}

void Gateway::start()
{
    QString error;
    if (!createLanes(&error) || !applyBackends(m_options.backends, &error)) {
        emit startFailed(error);
        return;
    }

    m_acceptor = new HttpAcceptor([this](qintptr descriptor) { distribute(descriptor); }, this);
    m_acceptor->setListenBacklogSize(m_options.limits.listenBacklog);
    if (!m_acceptor->listen(m_options.address, m_options.port)) {
        emit startFailed(tr("Cannot listen on %1:%2: %3")
                             .arg(m_options.address.toString())
                             .arg(m_options.port)
                             .arg(m_acceptor->errorString()));
        return;
    }
    const bool tls = !m_options.certFile.isEmpty();
    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    QHostAddress shown = m_acceptor->serverAddress();
    if (shown == QHostAddress::Any || shown == QHostAddress::AnyIPv4 || shown == QHostAddress::AnyIPv6)
        shown = QHostAddress::LocalHost;
    url.setHost(shown.toString());
    url.setPort(m_acceptor->serverPort());
    m_endpoint = url;
    m_startedAt = QDateTime::currentDateTimeUtc();
    if (m_options.admin.enabled) {
        // Beside the S3 endpoint, in this thread: it reads snapshots and applies reloads here.
        m_admin = new AdminServer(m_options.admin, this, this);
        QString adminError;
        if (!m_admin->listen(&adminError)) {
            emit startFailed(adminError);
            return;
        }
        emit adminStarted(m_admin->url());
    }
    if (shown == m_acceptor->serverAddress())
        qCInfo(lcGateway, "listening on %s (%d threads)", qUtf8Printable(url.toString()),
               int(m_lanes.size()));
    else
        qCInfo(lcGateway, "listening on every interface, port %u (%s, %d threads)",
               unsigned(m_acceptor->serverPort()), qUtf8Printable(url.toString()), int(m_lanes.size()));
    emit started(url);
}

bool Gateway::createLanes(QString *error)
{
    std::optional<QSslConfiguration> tls;
    if (!m_options.certFile.isEmpty()) {
        auto config = loadTls(m_options.certFile, m_options.keyFile);
        if (!config) {
            *error = config.failure().message;
            return false;
        }
        tls = config.value();
    }
    if (!m_options.accessLogPath.isEmpty()) {
        auto log = AccessLog::open(m_options.accessLogPath);
        if (!log) {
            *error = log.failure().message;
            return false;
        }
        m_accessLog = log.value();
    }
    const int count = laneCount(m_options.workerThreads);
    // The cap is the gateway's, sized to the descriptors we may open: each lane gets its share
    // (the acceptor keeps them level), and each client address its own share across all lanes.
    const qint64 openFiles = ProcessLimits::raiseOpenFileLimit();
    int cap = m_options.limits.maxConnections;
    if (const int fits = ProcessLimits::connectionsFitting(openFiles); cap > fits) {
        qCWarning(lcGateway, "at most %d connections: the open-file limit is %lld", fits, openFiles);
        cap = fits;
    }
    const int perLane = qMax(1, (cap + count - 1) / count);
    const auto clientLimiter = std::make_shared<ClientAddressLimiter>(m_options.limits.maxConnectionsPerClient);
    for (int i = 0; i < count; ++i) {
        Lane lane;
        lane.lane = new GatewayLane(m_options, perLane, clientLimiter, m_corsCache, m_metrics);
        if (i > 0) {
            lane.thread = new QThread;
            lane.thread->setObjectName(QStringLiteral("s3c-lane-%1").arg(i));
            lane.lane->moveToThread(lane.thread);
            lane.thread->start();
        }
        m_lanes.push_back(lane);
        GatewayLane *l = lane.lane;
        runIn(l, [l, &tls, this] { l->setup(tls ? &*tls : nullptr, m_accessLog); });
        connect(l, &GatewayLane::drained, this, &Gateway::onLaneDrained);
    }
    return true;
}

bool Gateway::applyBackends(const BackendsConfig &config, QString *error)
{
    if (auto valid = config.validate(); !valid) {
        *error = valid.failure().text();
        return false;
    }
    QStringList names;
    for (const BackendConfig &backend : config.backends)
        names.append(backend.name);
    // Per-backend counters start afresh (the set may have changed); the recent requests and their
    // total carry on from the previous set.
    auto stats = std::make_shared<Statistics>(names, m_recent);
    m_recent = stats->sharedRecent();
    const auto state = CascadeState::create(names, BackendFactory::multiOptions(config), stats);
    // The first lane lives in this thread: if its set cannot be built, nothing has changed yet.
    // The others build the same validated configuration.
    for (const Lane &lane : m_lanes) {
        bool ok = false;
        GatewayLane *l = lane.lane;
        // The first lane's copy sends the health probes; the ejections are shared by all.
        const bool prober = &lane == &m_lanes.front();
        runIn(l, [&] { ok = l->applyBackends(config, state, error, prober); });
        if (!ok)
            return false;
    }
    // Configurations read from the old set are not the new set's.
    m_corsCache->clear();
    qCInfo(lcGateway, "%s: %s", m_acceptor ? "backends applied without a restart" : "backends",
           qUtf8Printable(names.join(QStringLiteral(" -> "))));
    m_statistics = stats;
    if (m_statisticsSink)
        m_statisticsSink(stats);
    return true;
}

void Gateway::distribute(qintptr descriptor)
{
    if (m_lanes.empty() || m_stopping) {
        PlatformSocket::closeDescriptor(descriptor);
        return;
    }
    GatewayLane *target = m_lanes.front().lane;
    for (const Lane &lane : m_lanes) {
        if (lane.lane->load() < target->load())
            target = lane.lane;
    }
    target->addLoad();
    if (target->thread() == thread())
        target->adopt(descriptor);
    else
        QMetaObject::invokeMethod(
            target, [target, descriptor] { target->adopt(descriptor); }, Qt::QueuedConnection);
}

void Gateway::reload(const BackendsConfig &config)
{
    QString error;
    if (m_lanes.empty() || !applyBackends(config, &error)) {
        emit reloadFailed(error.isEmpty() ? tr("The gateway is not running.") : error);
        return;
    }
    m_options.backends = config;
    emit reloaded();
}

AdminGateway::Info Gateway::adminStatus() const
{
    Info info;
    info.version = QStringLiteral(S3C_VERSION);
    if (!m_options.configFile.isEmpty())
        info.mode = QStringLiteral("s3-multi");
    else if (!m_options.posixRoot.isEmpty())
        info.mode = QStringLiteral("posix");
    else
        info.mode = QStringLiteral("embedded");
    info.endpoint = m_endpoint;
    info.threads = int(m_lanes.size());
    info.startedAt = m_startedAt;
    info.accessKeyId = m_options.credentials.accessKey;
    info.region = m_options.s3.region;
    return info;
}

Status Gateway::adminApplyBackends(const BackendsConfig &config)
{
    QString error;
    if (m_stopping || m_lanes.empty())
        return Failure{S3Error::ServiceUnavailable, tr("The gateway is stopping.")};
    // Applied first, saved after: a configuration that cannot be built is never saved.
    if (!applyBackends(config, &error))
        return Failure{S3Error::InvalidArgument, error};
    m_options.backends = config;
    // Saved where the next start reads it: the s3-multi file given, else the GUI's file.
    const QString path = m_options.configFile.isEmpty() ? GatewaySetup::savedConfigPath() : m_options.configFile;
    if (auto saved = config.save(path); !saved)
        qCWarning(lcGateway, "backends applied but not saved: %s", qUtf8Printable(saved.failure().text()));
    emit reloaded();
    return Done{};
}

void Gateway::stop()
{
    if (m_stopping)
        return;
    const bool delaying = m_draining.exchange(true, std::memory_order_relaxed);
    if (!delaying && m_options.drainDelayMs > 0 && m_acceptor && !m_lanes.empty()) {
        // A load balancer polls readiness every few seconds: until it has seen the 503 it still
        // sends here, and those requests must be served, not refused. Closing each connection
        // after its answer moves its keep-alive pool to the other instances meanwhile.
        qCInfo(lcGateway, "draining for %d ms before stopping", m_options.drainDelayMs);
        for (const Lane &lane : m_lanes) {
            GatewayLane *l = lane.lane;
            QMetaObject::invokeMethod(
                l, [l] { l->closeConnectionsAfterAnswering(); }, Qt::QueuedConnection);
        }
        QTimer::singleShot(m_options.drainDelayMs, this, &Gateway::stopNow);
        return;
    }
    stopNow();
}

void Gateway::stopNow()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_draining.store(true, std::memory_order_relaxed);
    if (m_admin) {
        m_admin->deleteLater();
        m_admin = nullptr;
    }
    if (m_acceptor) {
        m_acceptor->close();
        m_acceptor->deleteLater();
        m_acceptor = nullptr;
    }
    if (m_lanes.empty()) {
        finishStop();
        return;
    }
    // Each lane stops taking requests and says drained() when its last connection is gone.
    m_drainedLanes = 0;
    for (const Lane &lane : m_lanes) {
        GatewayLane *l = lane.lane;
        QMetaObject::invokeMethod(
            l, [l] { l->stopAccepting(); }, Qt::QueuedConnection);
    }
    QTimer::singleShot(m_options.shutdownGraceMs, this, &Gateway::finishStop);
}

void Gateway::reopenLogs()
{
    if (m_accessLog)
        m_accessLog->reopen();
}

void Gateway::onLaneDrained()
{
    if (m_stopping && ++m_drainedLanes == int(m_lanes.size()))
        finishStop();
}

void Gateway::finishStop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    destroyLanes();
    // Every connection is gone, so every line is queued: write them before saying stopped.
    if (m_accessLog)
        m_accessLog->close();
    emit stopped();
}

void Gateway::destroyLanes()
{
    for (const Lane &lane : m_lanes) {
        GatewayLane *l = lane.lane;
        QThread *owner = thread();
        runIn(l, [l, owner] { l->shutdown(owner); });
        if (lane.thread) {
            lane.thread->quit();
            lane.thread->wait();
            delete lane.thread;
        }
        l->disconnect(this);
        l->deleteLater();
    }
    m_lanes.clear();
}

} // namespace s3c
