#include "Gateway.h"

#include "backends/multi/MultiBackend.h"
#include "config/BackendFactory.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"
#include "s3/S3Dispatcher.h"
#include "stats/Statistics.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>

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

} // namespace

Gateway::Gateway(const GatewayOptions &options, StatisticsSink statisticsSink, QObject *parent)
    : QObject(parent), m_options(options), m_statisticsSink(std::move(statisticsSink))
{
}

Gateway::~Gateway() = default;

void Gateway::start()
{
    m_dispatcher = new S3Dispatcher(nullptr, m_options.s3, nullptr, this);
    m_dispatcher->setCredentials({m_options.credentials});
    QString error;
    if (!applyBackends(m_options.backends, &error)) {
        emit startFailed(error);
        return;
    }

    m_server = new HttpServer(m_options.limits, this);
    m_server->setServerHeader(QByteArrayLiteral("s3cascade/") + QByteArrayLiteral(S3C_VERSION));
    const bool tls = !m_options.certFile.isEmpty();
    if (tls) {
        auto config = loadTls(m_options.certFile, m_options.keyFile);
        if (!config) {
            emit startFailed(config.failure().message);
            return;
        }
        m_server->setTlsConfiguration(config.value());
    }
    connect(m_server, &HttpServer::requestReady, m_dispatcher, &S3Dispatcher::handle);
    if (!m_server->listen(m_options.address, m_options.port)) {
        emit startFailed(tr("Cannot listen on %1:%2: %3")
                             .arg(m_options.address.toString())
                             .arg(m_options.port)
                             .arg(m_server->errorString()));
        return;
    }
    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    QHostAddress shown = m_server->serverAddress();
    if (shown == QHostAddress::Any || shown == QHostAddress::AnyIPv4 || shown == QHostAddress::AnyIPv6)
        shown = QHostAddress::LocalHost;
    url.setHost(shown.toString());
    url.setPort(m_server->serverPort());
    if (shown == m_server->serverAddress())
        qCInfo(lcGateway, "listening on %s", qUtf8Printable(url.toString()));
    else
        qCInfo(lcGateway, "listening on every interface, port %u (%s)", unsigned(m_server->serverPort()),
               qUtf8Printable(url.toString()));
    emit started(url);
}

bool Gateway::applyBackends(const BackendsConfig &config, QString *error)
{
    if (auto valid = config.validate(); !valid) {
        *error = valid.failure().text();
        return false;
    }
    auto created = BackendFactory::create(config);
    if (!created) {
        *error = created.failure().text();
        return false;
    }
    const QList<Backend *> backends = created.value();
    QStringList names;
    for (const Backend *backend : backends)
        names.append(backend->name());
    // Per-backend counters start afresh (the set may have changed); the recent requests and their
    // total carry on from the previous set.
    auto stats = std::make_shared<Statistics>(names, m_recent);
    m_recent = stats->sharedRecent();
    auto *multi = new MultiBackend(backends, BackendFactory::multiOptions(config), stats, nullptr);
    // The set lives while any call holds it (a reload swaps it under calls in flight), and goes
    // with deleteLater: the last holder may be one of its own callbacks.
    std::shared_ptr<Backend> set(multi, [backends](Backend *m) {
        m->deleteLater();
        for (Backend *b : backends)
            b->deleteLater();
    });
    m_dispatcher->setBackend(set);
    qCInfo(lcGateway, "%s: %s", m_server ? "backends applied without a restart" : "backends",
           qUtf8Printable(names.join(QStringLiteral(" -> "))));
    if (m_statisticsSink)
        m_statisticsSink(multi->statistics());
    return true;
}

void Gateway::reload(const BackendsConfig &config)
{
    QString error;
    if (!m_dispatcher || !applyBackends(config, &error)) {
        emit reloadFailed(error.isEmpty() ? tr("The gateway is not running.") : error);
        return;
    }
    m_options.backends = config;
    emit reloaded();
}

void Gateway::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (!m_server || m_server->connectionCount() == 0) {
        finishStop();
        return;
    }
    connect(m_server, &HttpServer::drained, this, &Gateway::finishStop);
    m_server->stopAccepting();
    QTimer::singleShot(m_options.shutdownGraceMs, this, &Gateway::finishStop);
}

void Gateway::finishStop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    if (m_server) {
        m_server->abortAll();
        m_server->deleteLater();
        m_server = nullptr;
    }
    emit stopped();
}

} // namespace s3c
