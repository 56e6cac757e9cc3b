#pragma once

#include "http/BodyStream.h"

#include <QByteArray>

namespace s3c {

// A request body fed by hand: the test decides when bytes arrive, when the body is complete and
// when it fails (fault injection for the backend's atomic writes).
class FakeBodyStream : public BodyStream
{
    Q_OBJECT
public:
    explicit FakeBodyStream(qint64 expectedLength = -1, QObject *parent = nullptr);

    // Appends bytes and emits readyRead() (later, from the event loop, when `queued`).
    void feed(const QByteArray &bytes);
    void finish();
    void fail();

    qint64 expectedLength() const override { return m_expected; }
    bool isFinished() const override { return m_finished; }
    bool hasFailed() const override { return m_failed; }
    qint64 bytesAvailable() const override { return m_buffer.size() + QIODevice::bytesAvailable(); }
    bool atEnd() const override { return m_finished && m_buffer.isEmpty(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_buffer;
    qint64 m_expected;
    bool m_finished = false;
    bool m_failed = false;
};

} // namespace s3c
