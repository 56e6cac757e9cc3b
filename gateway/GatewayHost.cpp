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
    m_gateway = new Gateway(options);
    m_gateway->moveToThread(&m_thread);
    connect(m_gateway, &Gateway::started, this, &GatewayHost::started);
    connect(m_gateway, &Gateway::startFailed, this, &GatewayHost::startFailed);
    connect(m_gateway, &Gateway::stopped, this, &GatewayHost::onStopped);
    QMetaObject::invokeMethod(m_gateway, &Gateway::start, Qt::QueuedConnection);
}

void GatewayHost::stop()
{
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
