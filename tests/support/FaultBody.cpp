#include "FaultBody.h"

#include <QTimer>

#include <cstring>

namespace s3c {

FaultBody::FaultBody(QByteArray data, bool breakAtEnd, QObject *parent)
    : BodyStream(parent), m_data(std::move(data)), m_breakAtEnd(breakAtEnd)
{
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    QTimer::singleShot(0, this, [this] {
        if (m_pos < m_data.size())
            emit readyRead();
        else
            end();
    });
}

qint64 FaultBody::bytesAvailable() const
{
    return m_failed ? 0 : m_data.size() - m_pos;
}

bool FaultBody::atEnd() const
{
    return m_failed || m_finished;
}

qint64 FaultBody::readData(char *data, qint64 maxSize)
{
    if (m_failed)
        return -1;
    const qint64 n = qMin(maxSize, m_data.size() - m_pos);
    std::memcpy(data, m_data.constData() + m_pos, size_t(n));
    m_pos += n;
    if (m_pos == m_data.size())
        end();
    return n;
}

qint64 FaultBody::writeData(const char *, qint64)
{
    return -1;
}

void FaultBody::end()
{
    if (m_ending || m_stallAtEnd)
        return;
    m_ending = true;
    QTimer::singleShot(0, this, [this] {
        if (m_breakAtEnd) {
            m_failed = true;
            emit failed();
        } else {
            m_finished = true;
            emit readChannelFinished();
            emit finished();
        }
    });
}

} // namespace s3c
