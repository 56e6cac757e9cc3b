#include "ChunkQueue.h"

#include <cstring>

namespace s3c {

void ChunkQueue::append(const QByteArray &chunk)
{
    if (chunk.isEmpty())
        return;
    m_chunks.append(chunk);
    m_size += chunk.size();
}

qint64 ChunkQueue::read(char *data, qint64 maxSize)
{
    qint64 copied = 0;
    while (copied < maxSize && !m_chunks.isEmpty()) {
        const QByteArray &front = m_chunks.first();
        const qint64 n = qMin<qint64>(maxSize - copied, front.size() - m_frontOffset);
        std::memcpy(data + copied, front.constData() + m_frontOffset, size_t(n));
        copied += n;
        consume(n);
    }
    return copied;
}

QByteArray ChunkQueue::take(qint64 maxSize)
{
    if (m_chunks.isEmpty() || maxSize <= 0)
        return {};
    const QByteArray &front = m_chunks.first();
    if (m_frontOffset == 0 && front.size() <= maxSize) {
        m_size -= front.size();
        return m_chunks.takeFirst();
    }
    const qint64 n = qMin<qint64>(maxSize, front.size() - m_frontOffset);
    QByteArray out = front.sliced(m_frontOffset, n);
    consume(n);
    return out;
}

void ChunkQueue::clear()
{
    m_chunks.clear();
    m_frontOffset = 0;
    m_size = 0;
}

void ChunkQueue::consume(qint64 n)
{
    m_size -= n;
    m_frontOffset += n;
    if (m_frontOffset == m_chunks.first().size()) {
        m_chunks.removeFirst();
        m_frontOffset = 0;
    }
}

} // namespace s3c
