#include "GatewayHost.h"

#include "Gateway.h"

#include <QMetaObject>

namespace s3c {

GatewayHost::GatewayHost(QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("s3cascade-gateway"));
    m_thread.start();
}

GatewayHost::~GatewayHost()
{
    if (m_gateway) {
        // Last resort when nobody waited for stopped(): tear down inside the worker thread.
        Gateway *gateway = m_gateway;
        m_gateway = nullptr;
        QMetaObject::invokeMethod(gateway, [gateway] { delete gateway; }, Qt::BlockingQueuedConnection);
    }
    m_thread.quit();
    m_thread.wait();
}

void GatewayHost::start(const GatewayOptions &options)
{
    if (m_gateway)
        return;
    m_draining.store(false, std::memory_order_relaxed);
    // Called in the gateway thread; the GUI thread reads the pointer under the mutex.
    auto sink = [this](std::shared_ptr<Statistics> stats) {
        {
            QMutexLocker lock(&m_statsMutex);
            m_statistics = std::move(stats);
        }
        QMetaObject::invokeMethod(this, &GatewayHost::statisticsReplaced, Qt::QueuedConnection);
    };
    m_gateway = new Gateway(options, sink);
    m_gateway->moveToThread(&m_thread);
    connect(m_gateway, &Gateway::adminStarted, this, &GatewayHost::adminStarted);
    connect(m_gateway, &Gateway::started, this, &GatewayHost::started);
    connect(m_gateway, &Gateway::startFailed, this, &GatewayHost::startFailed);
    connect(m_gateway, &Gateway::stopped, this, &GatewayHost::onStopped);
    connect(m_gateway, &Gateway::reloaded, this, &GatewayHost::reloaded);
    connect(m_gateway, &Gateway::reloadFailed, this, &GatewayHost::reloadFailed);
    QMetaObject::invokeMethod(m_gateway, &Gateway::start, Qt::QueuedConnection);
}

void GatewayHost::reload(const BackendsConfig &config)
{
    if (!m_gateway) {
        emit reloadFailed(tr("The gateway is not running."));
        return;
    }
    QMetaObject::invokeMethod(m_gateway, [gateway = m_gateway, config] { gateway->reload(config); }, Qt::QueuedConnection);
}

std::shared_ptr<Statistics> GatewayHost::statistics() const
{
    QMutexLocker lock(&m_statsMutex);
    return m_statistics;
}

void GatewayHost::reopenLogs()
{
    if (m_gateway)
        QMetaObject::invokeMethod(m_gateway, &Gateway::reopenLogs, Qt::QueuedConnection);
}

void GatewayHost::stop()
{
    m_draining.store(true, std::memory_order_relaxed);
    if (!m_gateway) {
        emit stopped();
        return;
    }
    QMetaObject::invokeMethod(m_gateway, &Gateway::stop, Qt::QueuedConnection);
}

void GatewayHost::onStopped()
{
    if (m_gateway) {
        m_gateway->deleteLater(); // deleted in its own thread
        m_gateway = nullptr;
    }
    emit stopped();
}

} // namespace s3c
