#include "RequestBody.h"

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
    return m_buffer.size() + BodyStream::bytesAvailable();
}

bool RequestBody::atEnd() const
{
    return (m_finished || m_failed) && m_buffer.isEmpty();
}

void RequestBody::append(const char *data, qsizetype size)
{
    if (size <= 0 || m_finished || m_failed)
        return;
    m_buffer.append(QByteArray(data, size));
    m_received += size;
    m_dataPending = true;
    if (m_buffer.size() >= m_capacity)
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
    m_buffer.clear();
}

void RequestBody::notify()
{
    // Emitting may run arbitrary reader code, which may even delete us via its exchange later
    // (deleteLater only), so take the flags first.
    const bool data = m_dataPending && !m_buffer.isEmpty();
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
    const qint64 copied = m_buffer.read(data, maxSize);
    // Resume the socket once a useful amount of room exists again, not for every byte read.
    if (m_producerStalled && m_buffer.size() <= m_capacity / 2) {
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
