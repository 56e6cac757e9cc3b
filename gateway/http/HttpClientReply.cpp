#include "HttpClientReply.h"

#include "HttpClientConnection.h"

namespace s3c {

HttpClientReply::HttpClientReply(QObject *parent) : QIODevice(parent)
{
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

HttpClientReply::~HttpClientReply()
{
    // A reply dropped mid-answer leaves its connection in an unknown state: never reuse it.
    if (m_connection)
        m_connection->detach(this);
}

qint64 HttpClientReply::bytesAvailable() const
{
    return m_body.size() + QIODevice::bytesAvailable();
}

bool HttpClientReply::atEnd() const
{
    return m_finished && m_body.isEmpty();
}

QByteArray HttpClientReply::rawHeader(QByteArrayView name) const
{
    QByteArray value;
    bool found = false;
    for (const HttpHeader &h : m_headers) {
        if (!h.hasName(name))
            continue;
        if (found)
            value += ", ";
        value += h.value;
        found = true;
    }
    return value;
}

void HttpClientReply::setReadBufferSize(qint64 size)
{
    m_readBufferSize = qMax<qint64>(0, size);
    if (m_connection)
        m_connection->resume();
}

void HttpClientReply::abort()
{
    if (m_finished)
        return;
    if (m_connection)
        m_connection->detach(this);
    m_connection = nullptr;
    deliverError(QNetworkReply::OperationCanceledError, QStringLiteral("Operation canceled"));
}

qint64 HttpClientReply::readData(char *data, qint64 maxSize)
{
    if (m_body.isEmpty())
        return m_finished ? -1 : 0;
    const qint64 n = m_body.read(data, maxSize);
    if (m_connection)
        m_connection->resume();
    return n;
}

QByteArray HttpClientReply::readChunk(qint64 maxSize)
{
    QByteArray out = m_body.take(maxSize);
    if (!out.isEmpty() && m_connection)
        m_connection->resume();
    return out;
}

void HttpClientReply::attach(HttpClientConnection *connection)
{
    m_connection = connection;
}

void HttpClientReply::deliverHead(int status, QList<HttpHeader> headers)
{
    m_status = status;
    m_headers = std::move(headers);
    emit metaDataChanged();
}

void HttpClientReply::deliverBody(const QByteArray &data)
{
    m_body.append(data);
}

void HttpClientReply::deliverEnd()
{
    m_connection = nullptr;
    m_finished = true;
    if (bytesAvailable() > 0)
        emit readyRead();
    emit readChannelFinished();
    emit finished();
}

void HttpClientReply::deliverError(Error error, const QString &message)
{
    if (m_finished)
        return;
    m_connection = nullptr;
    m_error = error;
    m_finished = true;
    setErrorString(message);
    emit errorOccurred(error);
    emit finished();
}

qint64 HttpClientReply::room() const
{
    if (m_readBufferSize <= 0)
        return std::numeric_limits<qint64>::max();
    return qMax<qint64>(0, m_readBufferSize - m_body.size());
}

} // namespace s3c
