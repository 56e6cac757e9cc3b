#include "StreamCollector.h"

StreamCollector::StreamCollector(s3c::BodyStream *stream, qint64 readSize)
    : m_stream(stream), m_readSize(readSize)
{
    connect(stream, &QIODevice::readyRead, this, &StreamCollector::drain);
    connect(stream, &s3c::BodyStream::finished, this, [this] {
        ++finishedCount;
        drain();
    });
    connect(stream, &s3c::BodyStream::failed, this, [this] { ++failedCount; });
}

void StreamCollector::drain()
{
    if (!m_stream)
        return;
    for (;;) {
        QByteArray chunk(m_readSize, Qt::Uninitialized);
        const qint64 n = m_stream->read(chunk.data(), chunk.size());
        if (n < 0) {
            ++readErrors;
            return;
        }
        if (n == 0)
            break;
        data.append(chunk.constData(), n);
        if (readOncePerSignal)
            break;
    }
    if (!done() && m_stream->atEnd() && !m_stream->isFinished() && !m_stream->hasFailed())
        sawAtEndEarly = true;
}
