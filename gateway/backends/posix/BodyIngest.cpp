#include "BodyIngest.h"

#include "AtomicFileWriter.h"
#include "http/BodyStream.h"

namespace s3c {

namespace {

constexpr qint64 kChunk = 1024 * 1024;

// The stream knows what went wrong (digest mismatch, client gone, bad chunk signature) and the
// S3 layer asks it; this is only the answer when nobody does.
Failure bodyFailure()
{
    return Failure{S3Error::IncompleteBody, {}};
}

} // namespace

BodyIngest::BodyIngest(BodyStream *body, std::shared_ptr<AtomicFileWriter> writer, Finished finished,
                       QObject *parent)
    : QObject(parent), m_body(body), m_writer(std::move(writer)), m_finished(std::move(finished))
{
}

void BodyIngest::start()
{
    if (!m_body) {
        fail(Failure{S3Error::InternalError, QStringLiteral("no request body")});
        return;
    }
    connect(m_body, &QIODevice::readyRead, this, &BodyIngest::drain);
    connect(m_body, &BodyStream::finished, this, &BodyIngest::complete);
    connect(m_body, &BodyStream::failed, this, [this] { fail(bodyFailure()); });
    connect(m_body, &QObject::destroyed, this, [this] { fail(bodyFailure()); });
    // Bytes (or the end) may have arrived before we connected: the stream buffered them.
    if (m_body->hasFailed())
        fail(bodyFailure());
    else if (m_body->isFinished())
        complete();
    else
        drain();
}

void BodyIngest::drain()
{
    if (m_done || !m_body)
        return;
    QByteArray buffer;
    while (!m_done) {
        buffer.resize(kChunk);
        const qint64 n = m_body->read(buffer.data(), kChunk);
        if (n < 0) { // read() fails after failed(): BodyStream contract
            fail(bodyFailure());
            return;
        }
        if (n == 0)
            return;
        Status written = m_writer->write(buffer.constData(), n);
        if (!written) {
            fail(written.failure());
            return;
        }
    }
}

void BodyIngest::complete()
{
    drain();
    if (m_done)
        return;
    if (!m_body || m_body->hasFailed()) {
        fail(bodyFailure());
        return;
    }
    const qint64 expected = m_body->expectedLength();
    if (expected >= 0 && expected != m_writer->size()) {
        fail(bodyFailure());
        return;
    }
    finish(Done{});
}

void BodyIngest::fail(const Failure &failure)
{
    if (m_done)
        return;
    m_writer->discard();
    finish(failure);
}

void BodyIngest::finish(Status status)
{
    m_done = true;
    if (m_body)
        disconnect(m_body, nullptr, this, nullptr);
    Finished finished = std::move(m_finished);
    deleteLater();
    finished(std::move(status));
}

} // namespace s3c
