#pragma once

#include "http/BodyStream.h"

namespace s3c::test {

// A BodyStream of `length` deterministic bytes (byteAt()) produced on demand, so a 64 MiB upload
// costs no memory in the test itself. With failAt >= 0 it fails once that many bytes were read
// (fault injection: a client that vanished or a body that failed verification).
class PatternBodyStream : public BodyStream
{
    Q_OBJECT
public:
    explicit PatternBodyStream(qint64 length, qint64 failAt = -1, QObject *parent = nullptr);

    static char byteAt(qint64 offset) { return char('a' + (offset * 7 + offset / 1021) % 26); }
    static QByteArray bytes(qint64 offset, qint64 length);

    qint64 expectedLength() const override { return m_length; }
    bool isFinished() const override { return m_position >= m_length && !m_failed; }
    bool hasFailed() const override { return m_failed; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override { return m_position >= m_length || m_failed; }
    qint64 position() const { return m_position; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    qint64 m_length;
    qint64 m_failAt;
    qint64 m_position = 0;
    bool m_failed = false;
};

} // namespace s3c::test
