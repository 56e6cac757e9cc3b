#include "HttpClientReply.h"

#include "HttpClientConnection.h"

#include <cstring>

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
    return (m_buffer.size() - m_bufferPos) + QIODevice::bytesAvailable();
}

bool HttpClientReply::atEnd() const
{
    return m_finished && m_buffer.size() == m_bufferPos;
}

QByteArray HttpClientReply::rawHeader(QByteArrayView name) const
{
    QByteArray value;
    bool found = false;
    for (const HttpHeader &h : m_headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) != 0)
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
    const qint64 available = m_buffer.size() - m_bufferPos;
    if (available == 0)
        return m_finished ? -1 : 0;
    const qint64 n = qMin(available, maxSize);
    std::memcpy(data, m_buffer.constData() + m_bufferPos, size_t(n));
    m_bufferPos += n;
    if (m_bufferPos == m_buffer.size()) {
        m_buffer.clear();
        m_bufferPos = 0;
    } else if (m_bufferPos > 256 * 1024) {
        m_buffer.remove(0, m_bufferPos);
        m_bufferPos = 0;
    }
    if (m_connection)
        m_connection->resume();
    return n;
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

void HttpClientReply::deliverBody(const char *data, qsizetype size)
{
    if (m_bufferPos == m_buffer.size()) {
        m_buffer.clear();
        m_bufferPos = 0;
    }
    m_buffer.append(data, size);
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
    return qMax<qint64>(0, m_readBufferSize - (m_buffer.size() - m_bufferPos));
}

} // namespace s3c
