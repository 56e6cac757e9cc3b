#pragma once

#include "ChunkQueue.h"
#include "HttpRequest.h"

#include <QByteArray>
#include <QIODevice>
#include <QList>
#include <QNetworkReply>
#include <QPointer>

#include <limits>

namespace s3c {

class HttpClientConnection;

// The answer to one HttpClientRequest, read as a sequential QIODevice while it streams in.
//
// Signals come from the event loop, never from inside HttpClientPool::send(). The body is held
// in a buffer of at most readBufferSize() (plus one socket read); while it is full the socket
// is not read, so a slow reader slows the upstream server down (back-pressure). Transport
// errors use QNetworkReply's codes so that one classification serves every backend.
class HttpClientReply : public QIODevice
{
    Q_OBJECT
public:
    using Error = QNetworkReply::NetworkError;

    explicit HttpClientReply(QObject *parent = nullptr);
    ~HttpClientReply() override;

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;

    int statusCode() const { return m_status; }
    // First header of that name (case-insensitive); several are joined with ", ".
    QByteArray rawHeader(QByteArrayView name) const;
    const QList<HttpHeader> &rawHeaderPairs() const { return m_headers; }
    bool isFinished() const { return m_finished; }
    Error error() const { return m_error; }

    // The next buffered piece of the body, at most maxSize bytes, without copying it when a
    // whole piece fits (BodyPump hands it to the client socket as it is).
    QByteArray readChunk(qint64 maxSize);

    void setReadBufferSize(qint64 size);
    qint64 readBufferSize() const { return m_readBufferSize; }
    // Ends the exchange now: the connection is closed (never reused), OperationCanceledError.
    void abort();

signals:
    void socketStartedConnecting();
    // The request head (and a small body) went out; an upload then reports uploadProgress.
    void requestSent();
    void uploadProgress(qint64 sent, qint64 total);
    // The response head arrived: statusCode() and the headers are known.
    void metaDataChanged();
    void errorOccurred(QNetworkReply::NetworkError error);
    void finished();

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    friend class HttpClientConnection;

    // From the connection.
    void attach(HttpClientConnection *connection);
    void deliverHead(int status, QList<HttpHeader> headers);
    void deliverBody(const QByteArray &data);
    void deliverEnd();
    void deliverError(Error error, const QString &message);
    qint64 room() const;

    QPointer<HttpClientConnection> m_connection;
    int m_status = 0;
    QList<HttpHeader> m_headers;
    // The body as it came, in pieces (shared with the socket reads where whole): no copy
    // between the connection and a reader that takes whole pieces.
    ChunkQueue m_body;
    qint64 m_readBufferSize = 0; // 0: unlimited
    Error m_error = QNetworkReply::NoError;
    bool m_finished = false;
};

} // namespace s3c
