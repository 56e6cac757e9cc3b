#include "SourceBodyStream.h"

#include "http/HttpClientReply.h"

#include <QTimer>

namespace s3c {

SourceBodyStream::SourceBodyStream(QIODevice *source, qint64 length, QObject *parent)
    : DeferredBodyStream(parent), m_source(source), m_length(qMax<qint64>(0, length))
{
    // Unbuffered: QIODevice must not read ahead into a buffer of its own.
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    if (!source) {
        fail();
        return;
    }
    source->setParent(this);
    connect(source, &QIODevice::readyRead, this, [this] {
        m_readyPending = true;
        schedule();
    });
    connect(source, &QIODevice::readChannelFinished, this, &SourceBodyStream::sourceEnded);
    connect(source, &QIODevice::aboutToClose, this, &SourceBodyStream::sourceEnded);
    if (auto *stream = qobject_cast<BodyStream *>(source)) {
        connect(stream, &BodyStream::failed, this, &SourceBodyStream::fail);
        connect(stream, &BodyStream::finished, this, &SourceBodyStream::sourceEnded);
    }
    if (auto *reply = qobject_cast<HttpClientReply *>(source)) {
        connect(reply, &HttpClientReply::errorOccurred, this, &SourceBodyStream::fail);
        connect(reply, &HttpClientReply::finished, this, &SourceBodyStream::sourceEnded);
    }
    if (m_length == 0) {
        m_finished = true;
        m_finishPending = true;
    } else {
        // A file source never emits readyRead: tell the reader its bytes are there.
        m_readyPending = true;
    }
    schedule();
}

SourceBodyStream::~SourceBodyStream()
{
    // Closing the source on deletion says aboutToClose; nobody is listening by then.
    if (m_source) {
        disconnect(m_source, nullptr, this, nullptr);
        delete m_source.data();
    }
}

qint64 SourceBodyStream::bytesAvailable() const
{
    if (m_failed || !m_source)
        return 0;
    return qMin(m_source->bytesAvailable(), m_length - m_read) + BodyStream::bytesAvailable();
}

bool SourceBodyStream::atEnd() const
{
    return m_failed || m_read >= m_length;
}

qint64 SourceBodyStream::readData(char *data, qint64 maxSize)
{
    if (m_failed || !m_source)
        return -1;
    const qint64 want = qMin(maxSize, m_length - m_read);
    if (want <= 0)
        return 0;
    const qint64 n = m_source->read(data, want);
    if (n < 0) {
        fail();
        return -1;
    }
    m_read += n;
    if (m_read == m_length) {
        m_finished = true;
        m_finishPending = true;
        schedule();
    } else if (!m_source->isSequential()) {
        if (m_source->atEnd()) {
            fail(); // the file is shorter than the object said: never store a cut copy
        } else if (n > 0) {
            m_readyPending = true; // a file has more whenever asked; keep the reader coming
            schedule();
        }
    } else if (n == 0 && m_sourceEnded) {
        fail();
    }
    return n;
}

qint64 SourceBodyStream::writeData(const char *, qint64)
{
    return -1;
}

void SourceBodyStream::sourceEnded()
{
    m_sourceEnded = true;
    // Whatever it still holds can be read; only a source with nothing left is short.
    if (!m_finished && m_source && m_source->bytesAvailable() <= 0)
        fail();
}

void SourceBodyStream::fail()
{
    if (m_finished || m_failed)
        return;
    m_failed = true;
    m_failPending = true;
    schedule();
}

} // namespace s3c
