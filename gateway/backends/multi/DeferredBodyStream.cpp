#include "DeferredBodyStream.h"

#include <QTimer>

namespace s3c {

void DeferredBodyStream::schedule()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, &DeferredBodyStream::notify);
}

void DeferredBodyStream::notify()
{
    m_scheduled = false;
    const bool ready = m_readyPending && !m_failed && !m_finished;
    const bool fin = m_finishPending;
    const bool failedNow = m_failPending;
    m_readyPending = m_finishPending = m_failPending = false;
    if (ready)
        emit readyRead();
    if (fin)
        emit finished();
    if (failedNow)
        emit failed();
}

} // namespace s3c
