#pragma once

#include "base/Result.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace s3c {

class AtomicFileWriter;
class BodyStream;

// Drains a request BodyStream into an AtomicFileWriter on the gateway thread as chunks arrive
// (each read is at most 1 MiB, one write(2), no event-loop stall worth a thread hop), and reports
// once: Done when the stream finished and every byte is in the temp file, or the failure (the
// stream failed or went away, or the disk refused a write) after discarding the temp file.
// Deletes itself after reporting; deleting it earlier (its parent, the backend, is destroyed)
// reports nothing and discards the temp file with the writer.
class BodyIngest : public QObject
{
    Q_OBJECT
public:
    using Finished = std::function<void(Status)>;

    BodyIngest(BodyStream *body, std::shared_ptr<AtomicFileWriter> writer, Finished finished,
               QObject *parent);

    // Must be called from the event loop, not from inside a Backend call: it may finish at once.
    void start();

private:
    void drain();
    void complete();
    void fail(const Failure &failure);
    void finish(Status status);

    QPointer<BodyStream> m_body;
    std::shared_ptr<AtomicFileWriter> m_writer;
    Finished m_finished;
    bool m_done = false;
};

} // namespace s3c
