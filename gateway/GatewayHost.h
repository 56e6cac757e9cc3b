#pragma once

#include "GatewayOptions.h"

#include <QMutex>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <atomic>
#include <memory>

namespace s3c {

class Gateway;
class Statistics;

// Runs a Gateway in its own worker thread and talks to it only through queued calls and
// signals, so the GUI or the headless main loop never blocks on it.
class GatewayHost : public QObject
{
    Q_OBJECT
public:
    explicit GatewayHost(QObject *parent = nullptr);
    ~GatewayHost() override; // stops the gateway and joins the thread

    void start(const GatewayOptions &options);
    // Apply a new backends configuration without a restart (reloaded() or reloadFailed()).
    void reload(const BackendsConfig &config);
    void stop();
    // SIGHUP: reopen the access log file (logrotate).
    void reopenLogs();
    bool isRunning() const { return m_gateway != nullptr; }
    // From stop() until the next start(): in-flight requests finish, nothing new is taken.
    // Any thread.
    bool isDraining() const { return m_draining.load(std::memory_order_relaxed); }
    // The running configuration's statistics (null before the first start); safe from any
    // thread. A reload replaces it: statisticsReplaced() says when.
    std::shared_ptr<Statistics> statistics() const;

signals:
    void adminStarted(const QUrl &url); // before started(), with --admin
    void started(const QUrl &endpoint);
    void startFailed(const QString &reason);
    void reloaded();
    void reloadFailed(const QString &reason);
    void statisticsReplaced();
    void stopped();

private:
    void onStopped();

    QThread m_thread;
    Gateway *m_gateway = nullptr;
    std::atomic<bool> m_draining{false};
    mutable QMutex m_statsMutex;
    std::shared_ptr<Statistics> m_statistics;
};

} // namespace s3c
