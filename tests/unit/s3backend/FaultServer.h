#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpServer>

namespace s3c::test {

// A loopback HTTP "backend" that misbehaves on cue (style.md #7): it never answers, answers a
// canned response, or sends a head and part of the body and then resets the connection. It
// records what it received so a test can check the request on the wire.
class FaultServer : public QTcpServer
{
    Q_OBJECT
public:
    enum class Mode {
        Hang,         // accept, read, never answer
        Respond,      // send `response` once the request head arrived, then close
        ResetMidBody, // send `response` (a head promising more) and reset the connection
        ReadThenHang, // read the body as it comes, never answer (uploads)
    };

    explicit FaultServer(Mode mode, QByteArray response = {}, QObject *parent = nullptr);
    quint16 start(); // port on 127.0.0.1, 0 on failure

    QByteArray received() const { return m_received; }
    int connections() const { return m_connections; }
    bool peerClosed() const { return m_peerClosed; }

    static QByteArray httpResponse(int status, const QByteArray &reason, const QByteArray &body,
                                   const QList<QByteArray> &headers = {}, qint64 contentLength = -1);

private:
    void onConnection();

    Mode m_mode;
    QByteArray m_response;
    QByteArray m_received;
    int m_connections = 0;
    bool m_peerClosed = false;
};

} // namespace s3c::test
