#pragma once

#include "http/BodyStream.h"

#include <QByteArray>

// A raw request body fed by hand, for fault injection (style.md #7): bytes arrive when the test
// says so, in pieces it chooses; it can end early or fail. Semantics follow the HTTP layer's
// RequestBody: isFinished() once every byte has arrived, signals emitted by the producer.
class FakeBodyStream : public s3c::BodyStream
{
    Q_OBJECT
public:
    explicit FakeBodyStream(qint64 expectedLength = -1, QObject *parent = nullptr);

    void feed(const QByteArray &data); // append and emit readyRead
    void finish();                     // all bytes arrived: emit finished
    void fail();                       // the client went away: emit failed

    qint64 expectedLength() const override { return m_expected; }
    bool isFinished() const override { return m_finished; }
    bool hasFailed() const override { return m_failed; }
    qint64 bytesAvailable() const override;
    qint64 consumed() const { return m_consumed; } // bytes the reader took so far

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_buffer;
    qint64 m_expected;
    qint64 m_consumed = 0;
    bool m_finished = false;
    bool m_failed = false;
};
