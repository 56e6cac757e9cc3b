#include "AdminConnectionGuard.h"

#include "http/PlatformSocket.h"

#include <QLoggingCategory>
#include <QTcpSocket>

namespace s3c {

Q_DECLARE_LOGGING_CATEGORY(lcAdmin)

namespace {
// After refusing, what the client still sends is read and dropped for this long (at most this
// much) so its unread bytes cannot make the kernel reset the connection before it read the
// answer (RFC 9112 section 9.6, lingering close), as the S3 data path does.
constexpr int kLingerMs = 2000;
constexpr qint64 kLingerMaxBytes = 4 * 1024 * 1024;
} // namespace

AdminConnectionGuard::AdminConnectionGuard(QTcpSocket *socket, const AdminOptions &options)
    : QObject(socket), m_socket(socket), m_maxBytes(options.maxRequestBytes),
      m_requestTimeoutMs(options.requestTimeoutMs)
{
    // Qt stops reading the kernel once this much is buffered: with QHttpServer's read
    // transaction holding a whole request, this is what bounds the memory of one connection.
    // Twice the bound, because Qt 6.4 was seen to stop reading (and signalling) somewhat below
    // the cap while a transaction held the buffer: the count must cross the bound first.
    socket->setReadBufferSize(2 * m_maxBytes);
    m_idle.setSingleShot(true);
    m_idle.setInterval(options.idleTimeoutMs);
    m_request.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] { m_socket->abort(); });
    connect(&m_request, &QTimer::timeout, this, [this] { refuse(408, "Request Timeout"); });
    connect(socket, &QIODevice::readyRead, this, &AdminConnectionGuard::beforeServer);
    connect(socket, &QIODevice::bytesWritten, this, &AdminConnectionGuard::onActivity);
    m_idle.start();
}

void AdminConnectionGuard::onActivity()
{
    if (!m_refused)
        m_idle.start();
}

void AdminConnectionGuard::beforeServer()
{
    if (!m_afterConnected) {
        // QHttpServer connected its slot when it took the socket, before any readyRead: ours,
        // connected now, runs after it from the next signal on. Until then m_unread is 0, which
        // can only overcount.
        m_afterConnected = true;
        connect(m_socket, &QIODevice::readyRead, this, &AdminConnectionGuard::afterServer);
    }
    if (m_refused)
        return;
    onActivity();
    const qint64 fresh = qMax<qint64>(0, m_socket->bytesAvailable() - m_unread);
    if (m_received == 0 && fresh > 0)
        m_request.start(m_requestTimeoutMs);
    m_received += fresh;
    m_unread += fresh;
    if (m_received > m_maxBytes)
        refuse(413, "Content Too Large");
}

void AdminConnectionGuard::afterServer()
{
    if (m_refused)
        return;
    m_unread = m_socket->bytesAvailable();
    // QHttpServer reads each request inside a read transaction and commits it once the request
    // is complete (and answered: our handlers are synchronous). Bytes left over belong to the
    // next request.
    if (!m_socket->isTransactionStarted()) {
        m_received = m_unread;
        if (m_received == 0)
            m_request.stop();
        else
            m_request.start(m_requestTimeoutMs);
    }
}

void AdminConnectionGuard::refuse(int status, const QByteArray &reason)
{
    if (m_refused)
        return;
    m_refused = true;
    m_request.stop();
    m_idle.stop();
    qCInfo(lcAdmin, "admin connection from %s refused: %d %s",
           qUtf8Printable(m_socket->peerAddress().toString()), status, reason.constData());
    // QHttpServer must not see another byte of this connection.
    disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->rollbackTransaction();
    const QByteArray body = "{\"error\":\"" + reason + "\",\"status\":" + QByteArray::number(status) + "}\n";
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
                    "\r\nContent-Type: application/json\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    m_socket->flush();
    connect(m_socket, &QIODevice::readyRead, this, &AdminConnectionGuard::discard);
    m_socket->skip(m_socket->bytesAvailable());
    if (!PlatformSocket::shutdownWrite(m_socket->socketDescriptor()))
        m_socket->disconnectFromHost();
    QTimer::singleShot(kLingerMs, m_socket, [socket = m_socket] { socket->abort(); });
}

void AdminConnectionGuard::discard()
{
    m_discarded += m_socket->skip(m_socket->bytesAvailable());
    if (m_discarded > kLingerMaxBytes)
        m_socket->abort();
}

} // namespace s3c
