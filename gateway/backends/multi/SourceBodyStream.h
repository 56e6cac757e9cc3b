#pragma once

#include "DeferredBodyStream.h"

#include <QPointer>

namespace s3c {

// A backend's download (GetObjectResult::body) read as an upload (BodyStream) for another
// backend: CopyObject and UploadPartCopy whose source only a fallback holds (issue #3). Bytes
// pass straight through on demand: nothing is buffered here, so memory stays bounded and the
// writer's pace drives the reader. finished() once exactly `length` bytes were read; failed()
// if the source breaks or ends short, so the writer discards what it wrote.
class SourceBodyStream : public DeferredBodyStream
{
    Q_OBJECT
public:
    // Takes ownership of source. length: the exact byte count the source promised.
    SourceBodyStream(QIODevice *source, qint64 length, QObject *parent = nullptr);
    ~SourceBodyStream() override;

    qint64 expectedLength() const override { return m_length; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;
    // Fails the stream on purpose (a copy that must not land): the writer discards what it wrote.
    void abort() { fail(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    void sourceEnded();
    void fail();

    QPointer<QIODevice> m_source;
    qint64 m_length;
    qint64 m_read = 0;
    bool m_sourceEnded = false;
};

} // namespace s3c
