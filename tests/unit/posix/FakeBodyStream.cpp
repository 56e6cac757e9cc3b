#include "FakeBodyStream.h"

#include <cstring>

namespace s3c {

FakeBodyStream::FakeBodyStream(qint64 expectedLength, QObject *parent)
    : BodyStream(parent), m_expected(expectedLength)
{
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

void FakeBodyStream::feed(const QByteArray &bytes)
{
    m_buffer += bytes;
    emit readyRead();
}

void FakeBodyStream::finish()
{
    m_finished = true;
    emit finished();
}

void FakeBodyStream::fail()
{
    m_failed = true;
    m_buffer.clear();
    emit failed();
}

qint64 FakeBodyStream::readData(char *data, qint64 maxSize)
{
    if (m_failed)
        return -1;
    const qint64 n = qMin<qint64>(maxSize, m_buffer.size());
    std::memcpy(data, m_buffer.constData(), size_t(n));
    m_buffer.remove(0, n);
    return n;
}

} // namespace s3c
