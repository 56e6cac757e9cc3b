#pragma once

#include "PromoteOnRead.h"
#include "base/Result.h"
#include "stats/PromotionCounters.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace s3c {

class Backend;
class MultiCore;
class SourceBodyStream;

// One copy of copy-on-read (PromoteOnRead), in one gateway thread: reads the object from the
// fallback that served it (If-Match its ETag, so the copy is of what the client saw), streams
// it into the primary as a PutObject with If-None-Match: *, and files the outcome. Deletes
// itself when done; its slot then goes to the next copy waiting, which it starts in its thread.
class PromotionJob : public QObject
{
    Q_OBJECT
public:
    static void start(const std::shared_ptr<MultiCore> &core, const PromotionTicket &ticket);
    ~PromotionJob() override;

    // A write or delete of the key through the gateway: the copy must not land. Queued here by
    // PromoteOnRead from any thread.
    void abandon();

private:
    PromotionJob(const std::shared_ptr<MultiCore> &core, const PromotionTicket &ticket);
    void begin();
    void onRead(Result<GetObjectResult> read);
    void onWritten(Result<ObjectInfo> written);
    void onBackendGone();
    void finish(PromotionCounters::Outcome outcome, const QString &why = {}, qint64 bytes = 0);
    void releaseSlot();

    std::shared_ptr<MultiCore> m_core;
    PromotionTicket m_ticket;
    QPointer<Backend> m_primary;
    QPointer<Backend> m_source;
    QPointer<SourceBodyStream> m_stream;
    qint64 m_startedUs = 0;
    qint64 m_writeStartedUs = 0;
    bool m_abandoned = false;
    bool m_done = false;
};

} // namespace s3c
