#pragma once

#include "http/BodyStream.h"

namespace s3c {

// A BodyStream whose signals go out from the event loop, never from inside the reader's read()
// (the Backend contract: no re-entrant callbacks). Subclasses set m_finished / m_failed and the
// matching pending flag, then call schedule(); one queued notify() emits what is pending, in
// the order readyRead, finished, failed. Shared by SourceBodyStream and ResumingBody.
class DeferredBodyStream : public BodyStream
{
    Q_OBJECT
public:
    using BodyStream::BodyStream;

    bool isFinished() const override { return m_finished; }
    bool hasFailed() const override { return m_failed; }

protected:
    void schedule();

    bool m_finished = false;
    bool m_failed = false;
    bool m_readyPending = false;
    bool m_finishPending = false;
    bool m_failPending = false;

private:
    void notify();

    bool m_scheduled = false;
};

} // namespace s3c
