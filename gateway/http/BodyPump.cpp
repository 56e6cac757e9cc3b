#include "BodyPump.h"

#include "BodyStream.h"
#include "FileBody.h"
#include "PlatformSocket.h"

#include "HttpClientReply.h"

#include <QFile>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>

#include <cerrno>
#include <cstring>

namespace s3c {

namespace {
constexpr qint64 kBlockSize = 128 * 1024;
// One sendfile burst before yielding to the event loop, so one fast download cannot starve the
// other connections of this thread.
constexpr qint64 kSendFileBurst = 8 * 1024 * 1024;
} // namespace

BodyPump::BodyPump(QTcpSocket *socket, QIODevice *device, BodyFraming framing, qint64 length,
                   bool zeroCopyAllowed, QObject *parent)
    : QObject(parent), m_socket(socket), m_device(device), m_framing(framing), m_remaining(length)
{
    device->setParent(this);
    int fileFd = -1;
    if (auto *file = qobject_cast<QFile *>(device))
        fileFd = file->handle();
    else if (auto *body = qobject_cast<FileBody *>(device))
        fileFd = body->descriptor();
    // TLS must encrypt every byte in user space, so only plain TCP may hand the file to the kernel.
    if (zeroCopyAllowed && fileFd >= 0 && framing == BodyFraming::Length &&
        !qobject_cast<QSslSocket *>(socket) && PlatformSocket::sendFileAvailable()) {
        m_zeroCopy = true;
        m_fileFd = fileFd;
        m_fileOffset = device->pos();
        m_writeNotifier = new QSocketNotifier(socket->socketDescriptor(), QSocketNotifier::Write, this);
        m_writeNotifier->setEnabled(false);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &BodyPump::pump);
    }

    connect(socket, &QIODevice::bytesWritten, this, &BodyPump::pump);
    connect(device, &QIODevice::readyRead, this, &BodyPump::pump);
    connect(device, &QIODevice::readChannelFinished, this, [this] {
        m_readChannelFinished = true;
        pump();
    });
    connect(device, &QIODevice::aboutToClose, this, [this] {
        m_deviceClosed = true;
        // Nothing else may wake the pump: what it wrote may all be in the kernel already.
        QMetaObject::invokeMethod(this, &BodyPump::pump, Qt::QueuedConnection);
    });
    if (auto *stream = qobject_cast<BodyStream *>(device)) {
        connect(stream, &BodyStream::finished, this, &BodyPump::pump);
        connect(stream, &BodyStream::failed, this, [this] {
            m_deviceFailed = true;
            pump();
        });
    }
    if (auto *reply = qobject_cast<HttpClientReply *>(device)) {
        connect(reply, &HttpClientReply::errorOccurred, this, [this] {
            m_deviceFailed = true;
            pump();
        });
        connect(reply, &HttpClientReply::finished, this, &BodyPump::pump);
    }
}

BodyPump::~BodyPump() = default;

void BodyPump::start()
{
    pump();
}

void BodyPump::cancel()
{
    m_finished = true;
    if (m_writeNotifier) {
        // Unregistered now; deleted later because we may be inside its activated() signal.
        m_writeNotifier->setEnabled(false);
        m_writeNotifier->deleteLater();
        m_writeNotifier = nullptr;
    }
    disconnect(m_socket, nullptr, this, nullptr);
}

bool BodyPump::sourceEnded(bool *ok) const
{
    *ok = !m_deviceFailed;
    if (m_deviceFailed)
        return true;
    if (!m_device->isSequential())
        return m_device->atEnd();
    if (auto *stream = qobject_cast<BodyStream *>(m_device.data())) {
        *ok = !stream->hasFailed();
        return stream->isFinished() || stream->hasFailed();
    }
    if (auto *reply = qobject_cast<HttpClientReply *>(m_device.data())) {
        *ok = reply->error() == QNetworkReply::NoError;
        return reply->isFinished();
    }
    if (m_readChannelFinished)
        return true;
    // Closed without saying it finished: we cannot tell a complete body from a cut one.
    *ok = false;
    return m_deviceClosed || !m_device->isOpen();
}

void BodyPump::writeBlock(const QByteArray &data)
{
    if (m_framing == BodyFraming::Chunked) {
        // RFC 9112 section 7.1: chunk = chunk-size CRLF chunk-data CRLF.
        QByteArray framed = QByteArray::number(data.size(), 16);
        framed.reserve(framed.size() + data.size() + 4);
        framed += "\r\n";
        framed += data;
        framed += "\r\n";
        m_socket->write(framed);
    } else {
        m_socket->write(data);
    }
    m_sent += data.size();
}

void BodyPump::pump()
{
    if (m_finished || !m_device)
        return;
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        finish(false, QStringLiteral("connection closed"), true);
        return;
    }
    if (m_inPump) {
        m_pumpAgain = true;
        return;
    }
    m_inPump = true;
    qint64 burst = 0;
    do {
        m_pumpAgain = false;
        if (m_zeroCopy) {
            pumpSendFile();
            continue;
        }
        while (!m_finished && m_socket->bytesToWrite() < kHighWatermark) {
            if (m_framing == BodyFraming::Length && m_remaining <= 0) {
                finish(true);
                break;
            }
            qint64 want = kBlockSize;
            if (m_framing == BodyFraming::Length)
                want = qMin(want, m_remaining);
            if (m_device->isSequential())
                want = qMin(want, m_device->bytesAvailable());
            if (want <= 0) {
                bool ok = true;
                if (sourceEnded(&ok)) {
                    if (!ok)
                        finish(false, QStringLiteral("response body source failed"));
                    else if (m_framing == BodyFraming::Length)
                        finish(false, QStringLiteral("response body source ended early"));
                    else
                        finish(true);
                }
                break; // otherwise wait for readyRead / finished
            }
            QByteArray block;
            qint64 n = 0;
            if (auto *reply = qobject_cast<HttpClientReply *>(m_device.data())) {
                // The backend's bytes as they came, shared all the way into the socket's buffer.
                block = reply->readChunk(want);
                n = block.size();
            } else if (auto *stream = qobject_cast<BodyStream *>(m_device.data())) {
                block = stream->readChunk(want);
                n = block.isEmpty() && stream->hasFailed() ? -1 : block.size();
            } else {
                // A new block each time: the socket's buffer keeps the last one it was given
                // (QIODevice::write takes a QByteArray of 4 KiB and more without copying), so
                // reusing it would copy it on the next resize.
                block.resize(want);
                n = m_device->read(block.data(), want);
            }
            if (n < 0 || (n == 0 && !m_device->isSequential())) {
                finish(false, n < 0 ? QStringLiteral("response body read error")
                                    : QStringLiteral("response body source ended early"));
                break;
            }
            if (n == 0)
                break;
            if (n < block.size())
                block.truncate(n);
            writeBlock(block);
            if (m_framing == BodyFraming::Length)
                m_remaining -= n;
        }
        // Hand what was queued to the kernel now rather than on the next poll, so a body does
        // not wait one event-loop turn per block. When the kernel took all of it no bytesWritten
        // will come for it (and none is emitted while we run inside one): go on ourselves,
        // for at most one burst per turn so one fast download cannot starve the other
        // connections, then from the event loop.
        if (!m_finished && !m_zeroCopy && m_socket->bytesToWrite() > 0) {
            const qint64 before = m_socket->bytesToWrite();
            m_socket->flush();
            const qint64 left = m_socket->bytesToWrite();
            burst += before - left;
            if (left == 0 && !m_pumpAgain) {
                if (burst < kSendFileBurst)
                    m_pumpAgain = true;
                else
                    QMetaObject::invokeMethod(this, &BodyPump::pump, Qt::QueuedConnection);
            }
        }
    } while (m_pumpAgain && !m_finished);
    m_inPump = false;
}

bool BodyPump::pumpSendFile()
{
    m_writeNotifier->setEnabled(false);
    // The head (and anything before it) must leave Qt's buffer first: the kernel writes in order
    // only what is handed to it in order.
    if (m_socket->bytesToWrite() > 0) {
        m_socket->flush();
        if (m_socket->bytesToWrite() > 0)
            return false; // bytesWritten brings us back
    }
    qint64 burst = 0;
    while (m_remaining > 0 && burst < kSendFileBurst) {
        const auto r =
            PlatformSocket::sendFile(m_socket->socketDescriptor(), m_fileFd, m_fileOffset, m_remaining);
        if (r.status == PlatformSocket::SendStatus::WouldBlock) {
            m_writeNotifier->setEnabled(true);
            return false;
        }
        if (r.status == PlatformSocket::SendStatus::Failed) {
            const bool peerGone = r.error == EPIPE || r.error == ECONNRESET;
            finish(false,
                   r.error == 0
                       ? QStringLiteral("file ended before its announced length")
                       : QStringLiteral("sendfile failed: %1").arg(QString::fromLocal8Bit(strerror(r.error))),
                   peerGone);
            return false;
        }
        m_fileOffset += r.bytes;
        m_remaining -= r.bytes;
        m_sent += r.bytes;
        m_zeroCopySent += r.bytes;
        burst += r.bytes;
    }
    if (m_remaining <= 0) {
        finish(true);
        return true;
    }
    m_writeNotifier->setEnabled(true); // burst used up: continue from the event loop
    return false;
}

void BodyPump::finish(bool ok, const QString &reason, bool clientGone)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    if (ok && m_framing == BodyFraming::Chunked)
        m_socket->write(QByteArrayLiteral("0\r\n\r\n")); // last-chunk, no trailers
    if (ok)
        emit done();
    else
        emit failed(reason, clientGone);
}

} // namespace s3c
