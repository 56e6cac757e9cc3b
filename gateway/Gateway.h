#pragma once

#include "GatewayOptions.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace s3c {

class Backend;
class HttpServer;
class S3Dispatcher;

// The running gateway: HTTP server, S3 dispatcher and backend, all living in one worker thread.
// Other threads talk to it only through queued calls of its slots and its signals.
class Gateway : public QObject
{
    Q_OBJECT
public:
    explicit Gateway(const GatewayOptions &options, QObject *parent = nullptr);
    ~Gateway() override;

    // Call in the gateway's thread (queued). Emits started() or startFailed().
    void start();
    // Graceful: stop accepting, let in-flight requests finish within the grace period, then
    // close what is left. Emits stopped().
    void stop();

signals:
    void started(const QUrl &endpoint);
    void startFailed(const QString &reason);
    void stopped();

private:
    void finishStop();

    GatewayOptions m_options;
    HttpServer *m_server = nullptr;
    S3Dispatcher *m_dispatcher = nullptr;
    std::shared_ptr<Backend> m_backend;
    bool m_stopping = false;
    bool m_stopped = false;
};

} // namespace s3c
