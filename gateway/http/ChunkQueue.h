#pragma once

#include <QByteArray>
#include <QList>

namespace s3c {

// Bytes in the pieces they arrived in, read from the front: the buffer of a request body
// (RequestBody) and of a backend reply (HttpClientReply). Pieces are kept as they came (shared,
// not copied), and a reader that takes whole pieces gets them without a copy.
class ChunkQueue
{
public:
    void append(const QByteArray &chunk);
    // Copies up to maxSize bytes into data; returns how many.
    qint64 read(char *data, qint64 maxSize);
    // The next piece, or its first maxSize bytes; shared with the queue when it is whole.
    QByteArray take(qint64 maxSize);
    void clear();

    qint64 size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

private:
    void consume(qint64 n); // of the front piece

    QList<QByteArray> m_chunks;
    qsizetype m_frontOffset = 0; // bytes of m_chunks.first() already read
    qint64 m_size = 0;
};

} // namespace s3c
