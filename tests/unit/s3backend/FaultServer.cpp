#include "FaultServer.h"

#include <QTcpSocket>

namespace s3c::test {

FaultServer::FaultServer(Mode mode, QByteArray response, QObject *parent)
    : QTcpServer(parent), m_mode(mode), m_response(std::move(response))
{
    connect(this, &QTcpServer::pendingConnectionAvailable, this, &FaultServer::onConnection);
}

quint16 FaultServer::start()
{
    return listen(QHostAddress::LocalHost, 0) ? serverPort() : 0;
}

QByteArray FaultServer::httpResponse(int status, const QByteArray &reason, const QByteArray &body,
                                     const QList<QByteArray> &headers, qint64 contentLength)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const QByteArray &h : headers)
        out += h + "\r\n";
    out += "Content-Length: " + QByteArray::number(contentLength >= 0 ? contentLength : body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n" + body;
    return out;
}

void FaultServer::onConnection()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        ++m_connections;
        socket->setParent(this);
        connect(socket, &QTcpSocket::disconnected, this, [this] { m_peerClosed = true; });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            const bool headDone = m_received.contains("\r\n\r\n");
            m_received += socket->readAll();
            if (headDone || !m_received.contains("\r\n\r\n"))
                return;
            switch (m_mode) {
            case Mode::Hang:
            case Mode::ReadThenHang:
                break;
            case Mode::Respond:
                socket->write(m_response);
                socket->disconnectFromHost();
                break;
            case Mode::ResetMidBody:
                socket->write(m_response);
                socket->flush();
                socket->abort(); // RST instead of FIN: a backend that died mid-answer
                break;
            }
        });
    }
}

} // namespace s3c::test
