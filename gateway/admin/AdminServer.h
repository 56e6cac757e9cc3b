#pragma once

#include "AdminOptions.h"

#include <QObject>
#include <QUrl>

#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

namespace s3c {

class AdminGateway;
class AdminListener;

// The admin API (issue #13, docs/admin-api.md) on QHttpServer, in the thread of the gateway that
// owns it, on a listener of its own: the S3 data path never goes through it. Every handler is
// synchronous and cheap (a snapshot of atomics, a few hundred lines of text), and none waits for
// a backend, so it answers while a backend hangs. Secrets are never sent.
class AdminServer : public QObject
{
    Q_OBJECT
public:
    AdminServer(const AdminOptions &options, AdminGateway *gateway, QObject *parent = nullptr);
    ~AdminServer() override;

    bool listen(QString *error);
    QUrl url() const; // http://HOST:PORT, a connectable address even when bound to every interface

private:
    void addRoutes();
    bool authorized(const QHttpServerRequest &request) const;
    QHttpServerResponse guarded(const QHttpServerRequest &request, bool open,
                                QHttpServerResponse (AdminServer::*handler)(const QHttpServerRequest &));
    QHttpServerResponse healthz(const QHttpServerRequest &request);
    QHttpServerResponse readyz(const QHttpServerRequest &request);
    QHttpServerResponse metrics(const QHttpServerRequest &request);
    QHttpServerResponse status(const QHttpServerRequest &request);
    QHttpServerResponse stats(const QHttpServerRequest &request);
    QHttpServerResponse requests(const QHttpServerRequest &request);
    QHttpServerResponse log(const QHttpServerRequest &request);
    QHttpServerResponse getBackends(const QHttpServerRequest &request);
    QHttpServerResponse putBackends(const QHttpServerRequest &request);
    QHttpServerResponse presign(const QHttpServerRequest &request);

    AdminOptions m_options;
    AdminGateway *m_gateway;
    QHttpServer *m_http = nullptr;
    AdminListener *m_listener = nullptr;
};

} // namespace s3c
