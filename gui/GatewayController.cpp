#include "GatewayController.h"

#include "DisplayPath.h"
#include "EndpointAddresses.h"
#include "GatewayHost.h"
#include "GatewaySetup.h"
#include "auth/CredentialGenerator.h"
#include "config/CredentialStore.h"
#include "stats/Statistics.h"

#include <QDir>

namespace s3c {

GatewayController::GatewayController(const GatewayOptions &options, bool keysGiven, QObject *parent)
    : QObject(parent), m_options(options), m_keysGiven(keysGiven),
      m_credentialsPath(CredentialStore::defaultPath()), m_host(new GatewayHost(this))
{
    connect(m_host, &GatewayHost::started, this, &GatewayController::onStarted);
    connect(m_host, &GatewayHost::startFailed, this, &GatewayController::onStartFailed);
    connect(m_host, &GatewayHost::stopped, this, &GatewayController::onStopped);
    connect(m_host, &GatewayHost::reloaded, this, &GatewayController::onReloaded);
    connect(m_host, &GatewayHost::reloadFailed, this, &GatewayController::onReloadFailed);
}

GatewayController::~GatewayController() = default;

void GatewayController::setCredentialsPath(const QString &path)
{
    m_credentialsPath = path;
    m_resolved = false;
}

QList<QUrl> GatewayController::endpoints() const
{
    if (m_endpoint.isEmpty())
        return {};
    return EndpointAddresses::forBinding(m_endpoint, m_options.address);
}

std::optional<StatsSnapshot> GatewayController::statsSnapshot() const
{
    if (m_state != State::Running)
        return std::nullopt;
    // The shared pointer keeps the counters alive even if a reload replaces them meanwhile.
    const std::shared_ptr<Statistics> stats = m_host->statistics();
    if (!stats)
        return std::nullopt;
    return stats->snapshot();
}

QString GatewayController::backendsConfigPath() const
{
    return m_options.configFile.isEmpty() ? GatewaySetup::savedConfigPath() : m_options.configFile;
}

QString GatewayController::servedDescription() const
{
    const QList<BackendConfig> &list = m_options.backends.backends;
    if (list.size() == 1 && list.first().type == BackendConfig::Type::Posix)
        return DisplayPath::of(list.first().path);
    QStringList names;
    for (const BackendConfig &backend : list)
        names.append(backend.name);
    return tr("%n backend(s): %1", nullptr, int(list.size())).arg(names.join(QStringLiteral(" → ")));
}

void GatewayController::applyBackends(const BackendsConfig &config)
{
    if (m_state != State::Running) {
        m_options.backends = config;
        emit backendsApplied(true, tr("The gateway will use this list when it starts."));
        return;
    }
    m_reloading = config;
    m_host->reload(config);
}

void GatewayController::onReloaded()
{
    if (m_reloading)
        m_options.backends = *std::exchange(m_reloading, std::nullopt);
    emit backendsApplied(true, {});
}

void GatewayController::onReloadFailed(const QString &reason)
{
    m_reloading.reset();
    emit backendsApplied(false, reason);
}

Status GatewayController::prepare()
{
    if (m_resolved)
        return Done{};
    auto resolved = GatewaySetup::resolve(m_options, m_keysGiven, CredentialStore(m_credentialsPath));
    if (!resolved)
        return resolved.failure();
    m_options = resolved->options;
    m_resolved = true;
    emit credentialsChanged();
    return Done{};
}

void GatewayController::start()
{
    if (m_state != State::Stopped)
        return;
    if (auto ok = prepare(); !ok) {
        onStartFailed(ok.failure().text());
        return;
    }
    m_lastError.clear();
    setState(State::Starting);
    m_host->start(m_options);
}

void GatewayController::stop()
{
    m_restartPending = false;
    if (m_state == State::Stopped || m_state == State::Stopping)
        return;
    setState(State::Stopping);
    m_host->stop();
}

void GatewayController::restart()
{
    if (m_state == State::Stopped) {
        start();
        return;
    }
    if (m_state == State::Stopping) {
        m_restartPending = true;
        return;
    }
    // Starting or Running: the host answers stop() once the gateway object is gone.
    setState(State::Stopping);
    m_restartPending = true;
    m_host->stop();
}

void GatewayController::setListenAddress(const QHostAddress &address, quint16 port)
{
    if (m_options.address == address && m_options.port == port)
        return;
    m_options.address = address;
    m_options.port = port;
    if (m_state != State::Stopped)
        restart();
}

Status GatewayController::regenerateCredentials()
{
    if (m_keysGiven)
        return Failure{S3Error::InvalidRequest,
                       tr("The keys were given on the command line; change them there.")};
    auto fresh = CredentialGenerator::generate();
    if (!fresh)
        return fresh.failure();
    if (auto saved = CredentialStore(m_credentialsPath).save(fresh.value()); !saved)
        return saved.failure();
    m_options.credentials = fresh.value();
    emit credentialsChanged();
    if (m_state != State::Stopped)
        restart();
    return Done{};
}

void GatewayController::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void GatewayController::onStarted(const QUrl &endpoint)
{
    m_endpoint = endpoint;
    m_startedAt = QDateTime::currentDateTimeUtc();
    setState(State::Running);
}

void GatewayController::onStartFailed(const QString &reason)
{
    m_lastError = reason;
    m_restartPending = false;
    m_endpoint.clear();
    emit errorOccurred(reason);
    // The host keeps the failed gateway object until stop(); release it (Stopping until the
    // host confirms) so that the next start() really starts.
    if (m_host->isRunning()) {
        setState(State::Stopping);
        m_host->stop();
    } else {
        setState(State::Stopped);
    }
}

void GatewayController::onStopped()
{
    m_endpoint.clear();
    m_startedAt = {};
    if (m_restartPending) {
        m_restartPending = false;
        setState(State::Stopped);
        start();
        return;
    }
    setState(State::Stopped);
}

} // namespace s3c
