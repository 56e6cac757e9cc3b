#include "AdminListener.h"

#include "AdminConnectionGuard.h"
#include "http/PlatformSocket.h"

#include <QTcpSocket>

namespace s3c {

AdminListener::AdminListener(const AdminOptions &options, QObject *parent)
    : QTcpServer(parent), m_options(options)
{
}

void AdminListener::incomingConnection(qintptr descriptor)
{
    if (m_open >= m_options.maxConnections) {
        PlatformSocket::closeDescriptor(descriptor);
        return;
    }
    auto *socket = new QTcpSocket(this); // gone with the listener at the latest
    if (!socket->setSocketDescriptor(descriptor)) {
        PlatformSocket::closeDescriptor(descriptor);
        delete socket;
        return;
    }
    ++m_open;
    // QHttpServer deletes the socket (deleteLater) when it disconnects.
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    new AdminConnectionGuard(socket, m_options);
    addPendingConnection(socket);
}

} // namespace s3c
