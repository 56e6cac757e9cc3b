#include "PatternBodyStream.h"

#include <QTimer>

namespace s3c::test {

PatternBodyStream::PatternBodyStream(qint64 length, qint64 failAt, QObject *parent)
    : BodyStream(parent), m_length(length), m_failAt(failAt)
{
    open(QIODevice::ReadOnly);
    QTimer::singleShot(0, this, [this] {
        if (m_length == 0)
            emit finished();
        else
            emit readyRead();
    });
}

QByteArray PatternBodyStream::bytes(qint64 offset, qint64 length)
{
    QByteArray out(length, Qt::Uninitialized);
    for (qint64 i = 0; i < length; ++i)
        out[i] = byteAt(offset + i);
    return out;
}

qint64 PatternBodyStream::bytesAvailable() const
{
    return (m_failed ? 0 : m_length - m_position) + QIODevice::bytesAvailable();
}

qint64 PatternBodyStream::readData(char *data, qint64 maxSize)
{
    if (m_failed)
        return -1;
    qint64 end = qMin(m_length, m_position + maxSize);
    if (m_failAt >= 0)
        end = qMin(end, m_failAt);
    const qint64 n = end - m_position;
    for (qint64 i = 0; i < n; ++i)
        data[i] = byteAt(m_position + i);
    m_position = end;
    if (m_failAt >= 0 && m_position >= m_failAt) {
        // Fail from the event loop, like a real stream noticing its client is gone.
        QTimer::singleShot(0, this, [this] {
            m_failed = true;
            emit failed();
        });
    } else if (m_position >= m_length) {
        QTimer::singleShot(0, this, [this] { emit finished(); });
    }
    return n;
}

} // namespace s3c::test
