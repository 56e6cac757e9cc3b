#pragma once

#include "BodyStream.h"
#include "ChunkQueue.h"

namespace s3c {

// The request body as the connection decodes it: a bounded buffer between the socket and the
// application (design-notes.md #1). The connection appends, the reader drains; while the buffer
// is full the connection stops reading the socket, so TCP flow control slows the client down.
class RequestBody : public BodyStream
{
    Q_OBJECT
public:
    // expectedLength: Content-Length, or -1 for chunked. capacity: HttpLimits::bodyBufferBytes.
    RequestBody(qint64 expectedLength, qint64 capacity, QObject *parent = nullptr);

    qint64 expectedLength() const override { return m_expected; }
    bool isFinished() const override { return m_finished; }
    bool hasFailed() const override { return m_failed; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;

    // Producer side, used by the connection only.
    qint64 room() const { return m_capacity - m_buffer.size(); }
    qint64 buffered() const { return m_buffer.size(); }
    qint64 received() const { return m_received; }
    void append(const char *data, qsizetype size);
    // Emits what the last appends and state changes mean, outside the parser's callbacks so a
    // reader can act (even respond) without re-entering the parser.
    void notify();
    void markFinished();
    void markFailed();

signals:
    // The reader made room after the buffer had filled: the connection may read the socket again.
    void spaceAvailable();

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    ChunkQueue m_buffer;
    qint64 m_received = 0;
    qint64 m_expected;
    qint64 m_capacity;
    bool m_finished = false;
    bool m_failed = false;
    bool m_dataPending = false;     // readyRead owed
    bool m_finishPending = false;   // finished() owed
    bool m_failPending = false;     // failed() owed
    bool m_producerStalled = false; // the buffer filled up; spaceAvailable() owed
};

} // namespace s3c
