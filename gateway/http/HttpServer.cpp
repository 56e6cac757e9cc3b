#include "HttpServer.h"

#include "HttpConnection.h"
#include "HttpExchange.h"
#include "HttpServerContext.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
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
    QPointer<QTcpServer> listener;
    QSet<HttpConnection *> connections; // counted toward maxConnections
    QSet<HttpConnection *> rejected;    // only answering 503 before closing
    QString errorString;

    void accept(HttpServer *q, QTcpSocket *socket);
};

HttpServer::HttpServer(const HttpLimits &limits, QObject *parent) : QObject(parent), d(new Private)
{
    d->ctx.limits = limits;
}

HttpServer::~HttpServer()
{
    // Connections use the context in d: they go first, without signalling anyone.
    const auto all = d->connections + d->rejected;
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
}

void HttpServer::setServerHeader(const QByteArray &value)
{
    d->ctx.serverHeader = value;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (d->listener && d->listener->isListening())
        return true;
    QTcpServer *server = nullptr;
    if (d->tlsSet) {
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(d->tlsConfig);
        // A client that connects and never completes the handshake must not hold a socket.
        ssl->setHandshakeTimeout(d->ctx.limits.headerTimeoutMs);
        server = ssl;
        d->ctx.tls = true;
    } else {
        server = new QTcpServer(this);
    }
    server->setListenBacklogSize(d->ctx.limits.listenBacklog);
    // We take every pending connection at once; the cap is applied by answering 503.
    server->setMaxPendingConnections(qMax(d->ctx.limits.listenBacklog, 30));
    if (!server->listen(address, port)) {
        d->errorString = server->errorString();
        delete server;
        return false;
    }
    d->listener = server;
    d->ctx.draining = false;
    connect(server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (d->listener && d->listener->hasPendingConnections())
            d->accept(this, d->listener->nextPendingConnection());
    });
    return true;
}

void HttpServer::Private::accept(HttpServer *q, QTcpSocket *socket)
{
    if (!socket)
        return;
    auto *connection = new HttpConnection(socket, &ctx, q);
    // Over the cap we still accept, so the client gets a clear, retryable answer (S3 clients
    // back off on 503 SlowDown) instead of a hanging SYN.
    if (connections.size() >= ctx.limits.maxConnections || ctx.draining) {
        if (rejected.size() >= kMaxRejecting) {
            // A flood: answering costs a socket for the linger time each; just close.
            delete connection;
            return;
        }
        rejected.insert(connection);
        QObject::connect(connection, &HttpConnection::closed, q,
                         [this, connection] { rejected.remove(connection); });
        connection->reject(S3Error::SlowDown);
        return;
    }
    connections.insert(connection);
    QObject::connect(connection, &HttpConnection::requestReady, q, &HttpServer::requestReady);
    QObject::connect(connection, &HttpConnection::closed, q, [this, q, connection] {
        connections.remove(connection);
        if (ctx.draining && connections.isEmpty())
            emit q->drained();
    });
    connection->start();
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
