#include "HttpServer.h"

#include "AccessLog.h"
#include "stats/GatewayMetrics.h"

#include "ClientAddressLimiter.h"
#include "HttpAcceptor.h"
#include "HttpConnection.h"
#include "HttpExchange.h"
#include "HttpServerContext.h"
#include "PlatformSocket.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QSslSocket>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcHttpServer, "s3c.http.server")

namespace s3c {

namespace {
// Connections over the cap still being answered 503 at one time.
constexpr qsizetype kMaxRejecting = 256;
} // namespace

class HttpServer::Private
{
public:
    HttpServerContext ctx;
    QSslConfiguration tlsConfig;
    bool tlsSet = false;
    QPointer<HttpAcceptor> listener;
    std::shared_ptr<ClientAddressLimiter> clientLimiter;
    std::shared_ptr<GatewayMetrics> metrics; // ctx.metrics points into it
    QSet<HttpConnection *> connections; // counted toward maxConnections
    QSet<HttpConnection *> rejected;    // only answering 503 before closing
    QString errorString;

    void accept(HttpServer *q, QTcpSocket *socket);
    void refuse(HttpServer *q, HttpConnection *connection);
};

HttpServer::HttpServer(const HttpLimits &limits, QObject *parent) : QObject(parent), d(new Private)
{
    d->ctx.limits = limits;
}

HttpServer::~HttpServer()
{
    // Connections use the context in d: they go first, without signalling anyone.
    const auto all = d->connections + d->rejected;
    if (d->ctx.metrics) {
        for (qsizetype i = 0; i < d->connections.size(); ++i)
            d->ctx.metrics->connectionClosed();
    }
    for (HttpConnection *c : all) {
        c->disconnect(this);
        delete c;
    }
    delete d;
}

void HttpServer::setTlsConfiguration(const QSslConfiguration &config)
{
    d->tlsConfig = config;
    d->tlsSet = true;
    d->ctx.tls = true;
}

void HttpServer::setClientLimiter(std::shared_ptr<ClientAddressLimiter> limiter)
{
    d->clientLimiter = std::move(limiter);
}

void HttpServer::setAccessLog(std::shared_ptr<AccessLog> log)
{
    d->ctx.accessLog = std::move(log);
}

void HttpServer::setMetrics(std::shared_ptr<GatewayMetrics> metrics)
{
    d->metrics = std::move(metrics);
    d->ctx.metrics = d->metrics.get();
}

void HttpServer::setServerHeader(const QByteArray &value)
{
    d->ctx.serverHeader = value;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (d->listener && d->listener->isListening())
        return true;
    auto *server = new HttpAcceptor([this](qintptr descriptor) { adoptDescriptor(descriptor); }, this);
    server->setListenBacklogSize(d->ctx.limits.listenBacklog);
    if (!server->listen(address, port)) {
        d->errorString = server->errorString();
        delete server;
        return false;
    }
    d->listener = server;
    d->ctx.draining = false;
    return true;
}

void HttpServer::adoptDescriptor(qintptr descriptor)
{
    QTcpSocket *socket = nullptr;
    if (d->tlsSet) {
        auto *ssl = new QSslSocket;
        ssl->setSslConfiguration(d->tlsConfig);
        socket = ssl;
    } else {
        socket = new QTcpSocket;
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcHttpServer, "cannot serve an accepted connection: %s",
                  qUtf8Printable(socket->errorString()));
        PlatformSocket::closeDescriptor(descriptor);
        delete socket;
        emit connectionClosed();
        return;
    }
    if (d->tlsSet) {
        // The handshake runs on this thread's event loop; a client that never completes it is
        // closed by the connection's header timeout.
        static_cast<QSslSocket *>(socket)->startServerEncryption();
    }
    d->accept(this, socket);
}

void HttpServer::Private::accept(HttpServer *q, QTcpSocket *socket)
{
    if (!socket)
        return;
    auto *connection = new HttpConnection(socket, &ctx, q);
    // Over the cap we still accept, so the client gets a clear, retryable answer (S3 clients
    // back off on 503 SlowDown) instead of a hanging SYN.
    if (connections.size() >= ctx.limits.maxConnections || ctx.draining) {
        refuse(q, connection);
        return;
    }
    // A client holding its whole share is refused the same way; everyone else is still served.
    const QHostAddress peer = socket->peerAddress();
    if (clientLimiter && !clientLimiter->tryAcquire(peer)) {
        refuse(q, connection);
        return;
    }
    if (clientLimiter) {
        QObject::connect(connection, &HttpConnection::closed, q,
                         [limiter = clientLimiter, peer] { limiter->release(peer); });
    }
    connections.insert(connection);
    if (ctx.metrics)
        ctx.metrics->connectionOpened();
    QObject::connect(connection, &HttpConnection::requestReady, q, &HttpServer::requestReady);
    QObject::connect(connection, &HttpConnection::closed, q, [this, q, connection] {
        connections.remove(connection);
        if (ctx.metrics)
            ctx.metrics->connectionClosed();
        emit q->connectionClosed();
        if (ctx.draining && connections.isEmpty())
            emit q->drained();
    });
    connection->start();
}

void HttpServer::Private::refuse(HttpServer *q, HttpConnection *connection)
{
    if (rejected.size() >= kMaxRejecting) {
        // A flood: answering costs a socket for the linger time each; just close.
        delete connection;
        emit q->connectionClosed();
        return;
    }
    rejected.insert(connection);
    QObject::connect(connection, &HttpConnection::closed, q, [this, q, connection] {
        rejected.remove(connection);
        emit q->connectionClosed();
    });
    connection->reject(S3Error::SlowDown);
}

quint16 HttpServer::serverPort() const
{
    return d->listener ? d->listener->serverPort() : 0;
}

QHostAddress HttpServer::serverAddress() const
{
    return d->listener ? d->listener->serverAddress() : QHostAddress();
}

QString HttpServer::errorString() const
{
    return d->errorString;
}

void HttpServer::stopAccepting()
{
    if (d->ctx.draining)
        return;
    d->ctx.draining = true;
    if (d->listener) {
        d->listener->close();
        d->listener->deleteLater();
        d->listener = nullptr;
    }
    const auto all = d->connections;
    for (HttpConnection *c : all)
        c->beginShutdown();
    if (d->connections.isEmpty()) {
        // Asynchronous like every other drained(): never from inside the caller's frame.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (d->connections.isEmpty())
                    emit drained();
            },
            Qt::QueuedConnection);
    }
}

void HttpServer::closeConnectionsAfterAnswering()
{
    d->ctx.closeEachConnection = true;
}

int HttpServer::connectionCount() const
{
    return int(d->connections.size());
}

void HttpServer::abortAll()
{
    const auto all = d->connections + d->rejected;
    for (HttpConnection *c : all)
        c->abort();
}

} // namespace s3c
