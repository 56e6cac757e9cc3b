#pragma once

#include "GatewayOptions.h"

#include <QObject>
#include <QThread>
#include <QUrl>

namespace s3c {

class Gateway;

// Runs a Gateway in its own worker thread and talks to it only through queued calls and
// signals, so the GUI or the headless main loop never blocks on it.
class GatewayHost : public QObject
{
    Q_OBJECT
public:
    explicit GatewayHost(QObject *parent = nullptr);
    ~GatewayHost() override; // stops the gateway and joins the thread

    void start(const GatewayOptions &options);
    void stop();
    bool isRunning() const { return m_gateway != nullptr; }

signals:
    void started(const QUrl &endpoint);
    void startFailed(const QString &reason);
    void stopped();

private:
    void onStopped();

    QThread m_thread;
    Gateway *m_gateway = nullptr;
};

} // namespace s3c
