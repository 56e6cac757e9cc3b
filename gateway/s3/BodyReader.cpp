#include "BodyReader.h"

#include "auth/PayloadVerifier.h"
#include "http/BodyStream.h"

#include <QTimer>

namespace s3c {

void BodyReader::readAll(BodyStream *body, qint64 limit, S3Error tooLarge, Callback<QByteArray> done)
{
    new BodyReader(body, limit, tooLarge, std::move(done));
}

BodyReader::BodyReader(BodyStream *body, qint64 limit, S3Error tooLarge, Callback<QByteArray> done)
    : QObject(body), m_body(body), m_limit(limit), m_tooLarge(tooLarge), m_done(std::move(done))
{
    connect(body, &QIODevice::readyRead, this, &BodyReader::pump);
    connect(body, &BodyStream::finished, this, &BodyReader::pump);
    connect(body, &BodyStream::failed, this, &BodyReader::pump);
    // Never call back from inside readAll(): the caller's frame may still be running.
    QTimer::singleShot(0, this, &BodyReader::pump);
}

void BodyReader::pump()
{
    if (m_completed || !m_body)
        return;
    while (m_body->bytesAvailable() > 0) {
        m_data += m_body->read(qMin<qint64>(m_body->bytesAvailable(), 64 * 1024));
        if (m_data.size() > m_limit) {
            complete(Failure{m_tooLarge, {}});
            return;
        }
    }
    if (m_body->hasFailed()) {
        auto *verifier = qobject_cast<PayloadVerifier *>(m_body.data());
        complete(verifier ? verifier->failure() : Failure{S3Error::IncompleteBody, {}});
    } else if (m_body->isFinished()) {
        complete(m_data);
    }
}

void BodyReader::complete(Result<QByteArray> result)
{
    m_completed = true;
    auto done = std::move(m_done);
    deleteLater();
    done(std::move(result));
}

} // namespace s3c
