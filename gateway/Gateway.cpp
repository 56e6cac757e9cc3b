#include "Gateway.h"

#include "backends/posix/PosixBackend.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"
#include "s3/S3Dispatcher.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>

namespace s3c {

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

Gateway::Gateway(const GatewayOptions &options, QObject *parent) : QObject(parent), m_options(options) {}

Gateway::~Gateway() = default;

void Gateway::start()
{
    PosixOptions posix;
    posix.readOnly = m_options.s3.readOnly;
    // deleteLater: the last call holding a backend may finish inside one of its own callbacks.
    m_backend = std::shared_ptr<Backend>(new PosixBackend(m_options.posixRoot, posix),
                                         [](QObject *o) { o->deleteLater(); });
    m_dispatcher = new S3Dispatcher(m_backend, m_options.s3, nullptr, this);
    m_dispatcher->setCredentials({m_options.credentials});

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
    emit started(url);
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
