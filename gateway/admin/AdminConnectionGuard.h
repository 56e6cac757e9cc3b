#pragma once

#include "AdminOptions.h"

#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace s3c {

// Watches one admin connection for QHttpServer, which in Qt 6.4 has no limit on a request's
// head or body and no timeout (design-notes.md #1). A child of the socket, it counts the bytes
// of the request in progress as they arrive: its first readyRead slot runs before QHttpServer's
// (connected first) and one after it, so new bytes = what is available before QHttpServer reads
// minus what it left unread. A request over the bound is answered 413 and the connection closed
// before QHttpServer reads the excess; the socket's read buffer is capped too, so Qt never holds
// much more than the bound whatever the client sends. A connection idle in both directions, or
// a request not complete within its time, is closed.
class AdminConnectionGuard : public QObject
{
    Q_OBJECT
public:
    AdminConnectionGuard(QTcpSocket *socket, const AdminOptions &options);

private:
    void beforeServer();
    void afterServer();
    void refuse(int status, const QByteArray &reason);
    void discard();
    void onActivity();

    QTcpSocket *m_socket;
    qint64 m_maxBytes;
    int m_requestTimeoutMs;
    qint64 m_received = 0; // bytes of the request in progress (head and body)
    qint64 m_unread = 0;   // left unread by QHttpServer after its last slot
    bool m_afterConnected = false;
    bool m_refused = false;
    qint64 m_discarded = 0;
    QTimer m_idle;
    QTimer m_request;
};

} // namespace s3c
