#pragma once

#include "http/BodyStream.h"

namespace s3c {

// A download body for FaultBackend: hands out `data` and then either ends cleanly (finished())
// or breaks like a connection reset mid-body (failed(), read() -1) once every byte was read,
// or, after stallAtEnd(), does neither: a backend that stopped sending and never says so.
// Sequential, everything available at once; signals come from the event loop.
class FaultBody : public BodyStream
{
    Q_OBJECT
public:
    FaultBody(QByteArray data, bool breakAtEnd, QObject *parent = nullptr);
    void stallAtEnd() { m_stallAtEnd = true; }

    qint64 expectedLength() const override { return m_breakAtEnd ? -1 : m_data.size(); }
    bool isFinished() const override { return m_finished; }
    bool hasFailed() const override { return m_failed; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    void end();

    QByteArray m_data;
    qint64 m_pos = 0;
    bool m_breakAtEnd;
    bool m_stallAtEnd = false;
    bool m_finished = false;
    bool m_failed = false;
    bool m_ending = false;
};

} // namespace s3c
