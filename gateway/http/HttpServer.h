#pragma once

#include "HttpLimits.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <memory>

namespace s3c {

class AccessLog;
class ClientAddressLimiter;
class GatewayMetrics;
class HttpExchange;

// Our HTTP/1.1 server for the S3 data path (design-notes.md #1), in the thread that owns it.
// Connections come from its own listener (listen()) or from an HttpAcceptor elsewhere
// (adoptDescriptor()); with a TLS configuration each is wrapped in a QSslSocket. Requests are
// parsed by Debian's libhttp-parser, handed out one at a time per connection (pipelined requests
// are answered in order), bodies streamed with back-pressure.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(const HttpLimits &limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    void setTlsConfiguration(const QSslConfiguration &config); // before listen()
    void setServerHeader(const QByteArray &value);             // "s3cascade/0.1.0"
    // Shared by the servers of every worker thread: a client over its share gets 503 SlowDown.
    void setClientLimiter(std::shared_ptr<ClientAddressLimiter> limiter); // before listen()
    // One line per request (and per connection refused with an answer); null: none.
    void setAccessLog(std::shared_ptr<AccessLog> log);
    // Counts every request, byte and connection of this server into `metrics` (shared by the
    // servers of every worker thread); before listen().
    void setMetrics(std::shared_ptr<GatewayMetrics> metrics);
    bool listen(const QHostAddress &address, quint16 port);    // port 0: any free port
    // Serve a connection accepted elsewhere (takes the descriptor). Call in this object's thread.
    void adoptDescriptor(qintptr descriptor);
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;

    // Graceful shutdown: stop accepting, let in-flight requests finish, close idle keep-alive
    // connections. drained() is emitted when no connection is left.
    void stopAccepting();
    int connectionCount() const;
    // Still accepting and serving, but every connection closes after its current answer (a
    // draining instance sheds its clients' keep-alive connections before it stops).
    void closeConnectionsAfterAnswering();
    // Abort every connection at once (after the grace period).
    void abortAll();

signals:
    // A complete request head arrived (the body, if any, streams through exchange->requestBody()).
    // Connect with a direct connection in the same thread.
    void requestReady(s3c::HttpExchange *exchange);
    void drained();
    // A connection, served or refused over the cap, is gone.
    void connectionClosed();

private:
    class Private;
    Private *d;
};

} // namespace s3c
