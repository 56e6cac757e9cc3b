#pragma once

#include "ResponseHead.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

class QIODevice;
class QSocketNotifier;
class QTcpSocket;

namespace s3c {

// Streams a response body from a device to the socket with back-pressure: it reads more only
// while the socket holds less than a watermark, and continues on bytesWritten or when the device
// has more. A plain-TCP QFile body goes out with zero-copy sendfile(2) where available.
// Exactly one of done() / failed() is emitted; on failed() the connection must be aborted so the
// client never takes a short body for a complete one (RFC 9112 section 8: incomplete messages).
class BodyPump : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of device. length is the exact byte count for BodyFraming::Length.
    BodyPump(QTcpSocket *socket, QIODevice *device, BodyFraming framing, qint64 length, bool zeroCopyAllowed,
             QObject *parent = nullptr);
    ~BodyPump() override;

    void start();
    // The connection is going away: stop at once, emitting nothing. Removes the write notifier
    // before the socket's descriptor is closed and possibly reused by a new connection.
    void cancel();
    qint64 bytesSent() const { return m_sent; }
    // The part of bytesSent() that went by sendfile, past the socket object (no bytesWritten).
    qint64 zeroCopyBytesSent() const { return m_zeroCopySent; }
    bool usesSendFile() const { return m_zeroCopy; }

    // Bytes of socket buffer above which reading the device pauses.
    static constexpr qint64 kHighWatermark = 512 * 1024;

signals:
    void done();
    // clientGone: the client closed the connection (routine), not a failing source.
    void failed(const QString &reason, bool clientGone);

private:
    void pump();
    bool pumpSendFile();
    void writeBlock(const QByteArray &data);
    bool sourceEnded(bool *ok) const;
    void finish(bool ok, const QString &reason = {}, bool clientGone = false);

    QTcpSocket *m_socket;
    QPointer<QIODevice> m_device;
    QSocketNotifier *m_writeNotifier = nullptr;
    BodyFraming m_framing;
    qint64 m_remaining;
    qint64 m_sent = 0;
    qint64 m_zeroCopySent = 0;
    qint64 m_fileOffset = 0;
    int m_fileFd = -1;
    bool m_zeroCopy = false;
    bool m_readChannelFinished = false;
    bool m_deviceClosed = false;
    bool m_deviceFailed = false;
    bool m_finished = false;
    bool m_inPump = false;
    bool m_pumpAgain = false;
};

} // namespace s3c
