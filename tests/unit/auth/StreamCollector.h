#pragma once

#include "http/BodyStream.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

// Reads a BodyStream the way a backend does: on readyRead and on finished, everything available.
// Records the order of what happened so tests can check that the last byte only came after
// verification and that signals came exactly once.
class StreamCollector : public QObject
{
    Q_OBJECT
public:
    explicit StreamCollector(s3c::BodyStream *stream, qint64 readSize = 1 << 20);

    // Like a lazy reader: one read() of readSize per signal, never draining in a loop.
    bool readOncePerSignal = false;

    QByteArray data;
    int finishedCount = 0;
    int failedCount = 0;
    int readErrors = 0;         // read() returned -1
    bool sawAtEndEarly = false; // atEnd() true before finished()/failed()
    bool done() const { return finishedCount + failedCount > 0; }
    void drain();

private:
    QPointer<s3c::BodyStream> m_stream;
    qint64 m_readSize;
};
