#include "RequestBody.h"

#include <cstring>

namespace s3c {

RequestBody::RequestBody(qint64 expectedLength, qint64 capacity, QObject *parent)
    : BodyStream(parent), m_expected(expectedLength), m_capacity(qMax<qint64>(capacity, 1))
{
    // Unbuffered: QIODevice must not read ahead into a second, unbounded buffer of its own.
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    if (expectedLength == 0)
        m_finished = true; // nothing will ever arrive
}

qint64 RequestBody::bytesAvailable() const
{
    return m_buffered + BodyStream::bytesAvailable();
}

bool RequestBody::atEnd() const
{
    return (m_finished || m_failed) && m_buffered == 0;
}

void RequestBody::append(const char *data, qsizetype size)
{
    if (size <= 0 || m_finished || m_failed)
        return;
    m_chunks.append(QByteArray(data, size));
    m_buffered += size;
    m_received += size;
    m_dataPending = true;
    if (m_buffered >= m_capacity)
        m_producerStalled = true;
}

void RequestBody::markFinished()
{
    if (m_finished || m_failed)
        return;
    m_finished = true;
    m_finishPending = true;
}

void RequestBody::markFailed()
{
    if (m_finished || m_failed)
        return;
    m_failed = true;
    m_failPending = true;
    // A reader must discard what it has: drop what it has not read yet too.
    m_chunks.clear();
    m_headOffset = 0;
    m_buffered = 0;
}

void RequestBody::notify()
{
    // Emitting may run arbitrary reader code, which may even delete us via its exchange later
    // (deleteLater only), so take the flags first.
    const bool data = m_dataPending && m_buffered > 0;
    const bool fin = m_finishPending;
    const bool fail = m_failPending;
    m_dataPending = m_finishPending = m_failPending = false;
    if (data)
        emit readyRead();
    if (fin)
        emit finished();
    if (fail)
        emit failed();
}

qint64 RequestBody::readData(char *data, qint64 maxSize)
{
    if (m_failed)
        return -1;
    qint64 copied = 0;
    while (copied < maxSize && !m_chunks.isEmpty()) {
        const QByteArray &head = m_chunks.first();
        const qint64 take = qMin<qint64>(maxSize - copied, head.size() - m_headOffset);
        std::memcpy(data + copied, head.constData() + m_headOffset, static_cast<size_t>(take));
        copied += take;
        m_headOffset += take;
        if (m_headOffset == head.size()) {
            m_chunks.removeFirst();
            m_headOffset = 0;
        }
    }
    m_buffered -= copied;
    // Resume the socket once a useful amount of room exists again, not for every byte read.
    if (m_producerStalled && m_buffered <= m_capacity / 2) {
        m_producerStalled = false;
        emit spaceAvailable();
    }
    return copied;
}

qint64 RequestBody::writeData(const char *, qint64)
{
    return -1;
}

} // namespace s3c
