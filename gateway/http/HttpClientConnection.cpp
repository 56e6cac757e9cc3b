#include "HttpClientConnection.h"

#include "HttpClientReply.h"
#include "http/BodyStream.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <http_parser.h>

namespace s3c {

namespace {

constexpr qint64 kReadChunk = 64 * 1024;
constexpr qint64 kWriteHighWatermark = 256 * 1024;
constexpr qint64 kUploadChunk = 64 * 1024;
// Idle upstream connections are closed before common server keep-alive timeouts (nginx 75 s,
// S3 about 20 s idle), so that a reuse rarely meets a connection the server already dropped.
constexpr int kIdleCloseMs = 15 * 1000;

HttpClientConnection *self(http_parser *p)
{
    return static_cast<HttpClientConnection *>(p->data);
}

QNetworkReply::NetworkError mapSocketError(QAbstractSocket::SocketError e)
{
    switch (e) {
    case QAbstractSocket::ConnectionRefusedError:
        return QNetworkReply::ConnectionRefusedError;
    case QAbstractSocket::RemoteHostClosedError:
        return QNetworkReply::RemoteHostClosedError;
    case QAbstractSocket::HostNotFoundError:
        return QNetworkReply::HostNotFoundError;
    case QAbstractSocket::SocketTimeoutError:
        return QNetworkReply::TimeoutError;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return QNetworkReply::SslHandshakeFailedError;
    case QAbstractSocket::NetworkError:
        return QNetworkReply::TemporaryNetworkFailureError;
    default:
        return QNetworkReply::UnknownNetworkError;
    }
}

} // namespace

HttpClientConnection::HttpClientConnection(const QUrl &origin, bool sslSkipVerify, QObject *parent)
    : QObject(parent), m_origin(origin), m_tls(origin.scheme() == QLatin1String("https")),
      m_parser(std::make_unique<http_parser>())
{
    if (m_tls) {
        auto *ssl = new QSslSocket(this);
        if (sslSkipVerify)
            ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        connect(ssl, &QSslSocket::encrypted, this, &HttpClientConnection::onConnected);
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QAbstractSocket::connected, this, &HttpClientConnection::onConnected);
    }
    m_parser->data = this;
    connect(m_socket, &QIODevice::readyRead, this, &HttpClientConnection::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, [this] {
        touch();
        pumpUpload();
    });
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpClientConnection::onDisconnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &HttpClientConnection::onSocketError);
    m_stallTimer.setSingleShot(true);
    connect(&m_stallTimer, &QTimer::timeout, this, &HttpClientConnection::onStall);
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpClientConnection::shut);
}

HttpClientConnection::~HttpClientConnection()
{
    if (!m_reply)
        return;
    // The pool is going away under an exchange: its reader must still learn that the answer
    // ended early, from the event loop (we are inside a destructor here).
    m_reply->attach(nullptr);
    QPointer<HttpClientReply> reply = m_reply;
    QMetaObject::invokeMethod(
        reply.data(),
        [reply] {
            if (reply)
                reply->deliverError(QNetworkReply::OperationCanceledError,
                                    QStringLiteral("The backend connection was closed."));
        },
        Qt::QueuedConnection);
}

bool HttpClientConnection::isReusable() const
{
    return !m_closed && !isBusy() && m_exchanges > 0 &&
           m_socket->state() == QAbstractSocket::ConnectedState && m_socket->bytesAvailable() == 0;
}

void HttpClientConnection::start(HttpClientReply *reply, const HttpClientRequest &request,
                                 const QByteArray &body, QIODevice *upload, qint64 uploadLength)
{
    m_idleTimer.stop();
    m_reply = reply;
    reply->attach(this);
    m_request = request;
    m_body = body;
    m_upload = upload;
    m_uploadLength = upload ? qMax<qint64>(-1, uploadLength) : 0;
    m_uploadSent = 0;
    m_uploadTouched = false;
    m_headers.clear();
    m_inValue = false;
    m_headReady = m_headDelivered = m_messageDone = m_requestDone = m_gotBytes = false;
    m_reused = m_exchanges > 0;
    ++m_exchanges;
    http_parser_init(m_parser.get(), HTTP_RESPONSE);
    m_parser->data = this;
    if (upload)
        connect(upload, &QIODevice::readyRead, this, &HttpClientConnection::pumpUpload, Qt::UniqueConnection);
    if (auto *stream = qobject_cast<BodyStream *>(upload))
        connect(stream, &BodyStream::finished, this, &HttpClientConnection::pumpUpload, Qt::UniqueConnection);
    m_stallTimer.setInterval(qMax(1, request.stallTimeoutMs));
    if (m_socket->state() == QAbstractSocket::ConnectedState) {
        sendHead();
        return;
    }
    m_starting = true;
    emit reply->socketStartedConnecting();
    const quint16 port = quint16(m_origin.port(m_tls ? 443 : 80));
    if (m_tls)
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(m_origin.host(), port);
    else
        m_socket->connectToHost(m_origin.host(), port);
}

void HttpClientConnection::onConnected()
{
    m_starting = false;
    // Qt holds at most this much unread: once the reply is full the kernel buffers fill and
    // TCP flow control slows the server down.
    m_socket->setReadBufferSize(kReadChunk);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_reply)
        sendHead();
    else
        shut();
}

void HttpClientConnection::sendHead()
{
    QByteArray head;
    head.reserve(512 + m_request.target.size());
    head += m_request.method + ' ' + m_request.target + " HTTP/1.1\r\n";
    const bool hasBody =
        m_upload || !m_body.isEmpty() || m_request.method == "PUT" || m_request.method == "POST";
    if (m_upload && m_uploadLength < 0)
        head += "Transfer-Encoding: chunked\r\n";
    else if (hasBody)
        head += "Content-Length: " + QByteArray::number(m_upload ? m_uploadLength : m_body.size()) + "\r\n";
    for (const HttpHeader &h : std::as_const(m_request.headers))
        head += h.name + ": " + h.value + "\r\n";
    head += "\r\n";
    head += m_body;
    m_socket->write(head);
    m_socket->flush();
    touch();
    if (!m_reply)
        return;
    emit m_reply->requestSent();
    if (!m_upload)
        m_requestDone = true;
    else
        pumpUpload();
}

void HttpClientConnection::pumpUpload()
{
    if (!m_reply || !m_upload || m_requestDone || m_starting ||
        m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    const bool chunked = m_uploadLength < 0;
    bool progressed = m_uploadLength == 0;
    while ((chunked || m_uploadSent < m_uploadLength) && m_socket->bytesToWrite() < kWriteHighWatermark) {
        const qint64 want = chunked ? kUploadChunk : qMin(kUploadChunk, m_uploadLength - m_uploadSent);
        const QByteArray chunk = m_upload->read(want);
        if (chunk.isEmpty())
            break; // more comes with readyRead; a failed stream is the caller's to abort
        m_uploadTouched = true;
        if (chunked) // RFC 9112 section 7.1
            m_socket->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
        else
            m_socket->write(chunk);
        m_uploadSent += chunk.size();
        progressed = true;
    }
    if (chunked) {
        auto *stream = qobject_cast<BodyStream *>(m_upload.data());
        const bool ended = stream
                               ? stream->isFinished() && !stream->hasFailed() && stream->bytesAvailable() == 0
                               : m_upload->atEnd();
        if (ended) {
            m_socket->write(QByteArrayLiteral("0\r\n\r\n"));
            m_requestDone = true;
            progressed = true;
        }
    } else if (m_uploadSent >= m_uploadLength) {
        m_requestDone = true;
    }
    if (!progressed)
        return;
    touch();
    // The total is the sent size once a chunked upload ended, -1 before (unknown).
    emit m_reply->uploadProgress(m_uploadSent,
                                 chunked ? (m_requestDone ? m_uploadSent : -1) : m_uploadLength);
}

void HttpClientConnection::onReadyRead()
{
    if (!m_reply) {
        // Bytes on an idle connection are not an answer to anything: never reuse it.
        if (!isBusy())
            shut();
        return;
    }
    processInput();
}

void HttpClientConnection::resume()
{
    if (m_reply && !m_processing)
        QMetaObject::invokeMethod(this, &HttpClientConnection::processInput, Qt::QueuedConnection);
    else if (m_processing)
        m_processAgain = true;
}

void HttpClientConnection::processInput()
{
    if (m_processing) {
        m_processAgain = true;
        return;
    }
    m_processing = true;
    do {
        m_processAgain = false;
        bool delivered = false;
        while (m_reply && !m_messageDone && !m_closed) {
            if (m_headReady && m_reply->room() <= 0)
                break; // back-pressure: the reader has not caught up
            if (m_pendingPos >= m_pending.size()) {
                // The head goes to the reader together with the body bytes that came with it,
                // before anything more is read: a small answer is then whole at its head, and
                // the gateway can send it to its client in one write.
                if (m_headReady && !m_headDelivered)
                    break;
                const qint64 want = qMin(kReadChunk, m_socket->bytesAvailable());
                m_pending = want > 0 ? m_socket->read(want) : QByteArray();
                m_pendingPos = 0;
                if (m_pending.isEmpty())
                    break;
                m_gotBytes = true;
                touch();
            }
            const qint64 before = m_reply->bytesAvailable();
            if (!feed(m_pending.constData() + m_pendingPos, m_pending.size() - m_pendingPos))
                break;
            if (m_reply && m_reply->bytesAvailable() != before)
                delivered = true;
        }
        if (m_headReady && !m_headDelivered && m_reply) {
            m_headDelivered = true;
            QPointer<HttpClientReply> reply = m_reply;
            reply->deliverHead(int(m_parser->status_code), std::move(m_headers));
            m_headers.clear();
            if (m_reply && !m_messageDone)
                m_processAgain = true; // read on; the reader may have taken the buffered part
        }
        if (delivered && m_reply && m_headDelivered)
            emit m_reply->readyRead();
        // An answer that came before the upload ended (an early error) ends the exchange too;
        // the unsent rest makes the connection unusable, finishMessage() closes it.
        if (m_messageDone && m_reply && m_headDelivered)
            finishMessage();
    } while (m_processAgain && m_reply && !m_closed);
    m_processing = false;
}

bool HttpClientConnection::feed(const char *data, qsizetype size)
{
    static const http_parser_settings kSettings = [] {
        http_parser_settings v;
        http_parser_settings_init(&v);
        v.on_header_field = &HttpClientConnection::onHeaderField;
        v.on_header_value = &HttpClientConnection::onHeaderValue;
        v.on_headers_complete = &HttpClientConnection::onHeadersComplete;
        v.on_body = &HttpClientConnection::onBody;
        v.on_message_complete = &HttpClientConnection::onMessageComplete;
        return v;
    }();
    const size_t n = http_parser_execute(m_parser.get(), &kSettings, data, size_t(size));
    m_pendingPos += qsizetype(n);
    const auto err = HTTP_PARSER_ERRNO(m_parser.get());
    if (err == HPE_PAUSED) {
        http_parser_pause(m_parser.get(), 0);
        return true;
    }
    if (err != HPE_OK && !data) {
        // The server closed before the answer it announced was complete.
        fail(QNetworkReply::RemoteHostClosedError,
             QStringLiteral("%1 closed the connection before the answer ended").arg(m_origin.host()));
        return false;
    }
    if (err != HPE_OK) {
        fail(QNetworkReply::ProtocolFailure,
             QStringLiteral("Malformed HTTP response from %1: %2")
                 .arg(m_origin.host(), QString::fromLatin1(http_errno_description(err))));
        return false;
    }
    return true;
}

int HttpClientConnection::onHeaderField(http_parser *p, const char *at, size_t length)
{
    HttpClientConnection *c = self(p);
    if (c->m_inValue || c->m_headers.isEmpty()) {
        c->m_headers.append(HttpHeader{});
        c->m_inValue = false;
    }
    c->m_headers.last().name.append(at, qsizetype(length));
    return 0;
}

int HttpClientConnection::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    HttpClientConnection *c = self(p);
    if (c->m_headers.isEmpty())
        return 0;
    c->m_inValue = true;
    c->m_headers.last().value.append(at, qsizetype(length));
    return 0;
}

int HttpClientConnection::onHeadersComplete(http_parser *p)
{
    HttpClientConnection *c = self(p);
    // 1xx interim answers (100 Continue) are skipped: the final one follows.
    if (p->status_code >= 100 && p->status_code < 200) {
        c->m_headers.clear();
        c->m_inValue = false;
        return 0;
    }
    for (HttpHeader &h : c->m_headers)
        h.value = h.value.trimmed();
    c->m_headReady = true;
    http_parser_pause(p, 1);
    // A HEAD answer announces a length but carries no body (RFC 9110 section 9.3.2).
    return c->m_request.method == "HEAD" ? 1 : 0;
}

int HttpClientConnection::onBody(http_parser *p, const char *at, size_t length)
{
    HttpClientConnection *c = self(p);
    if (!c->m_reply)
        return -1;
    // A read that is all body (the common case past the head) is handed on as it is, shared.
    const QByteArray &pending = c->m_pending;
    if (at == pending.constData() && qsizetype(length) == pending.size())
        c->m_reply->deliverBody(pending);
    else
        c->m_reply->deliverBody(QByteArray(at, qsizetype(length)));
    if (c->m_reply->room() <= 0)
        http_parser_pause(p, 1);
    return 0;
}

int HttpClientConnection::onMessageComplete(http_parser *p)
{
    HttpClientConnection *c = self(p);
    if (p->status_code >= 100 && p->status_code < 200)
        return 0;
    c->m_messageDone = true;
    http_parser_pause(p, 1);
    return 0;
}

void HttpClientConnection::finishMessage()
{
    m_stallTimer.stop();
    // Reusable only if both sides ended cleanly and nothing follows the answer.
    const bool keepAlive = http_should_keep_alive(m_parser.get()) && m_requestDone &&
                           m_socket->state() == QAbstractSocket::ConnectedState &&
                           m_pendingPos >= m_pending.size() && m_socket->bytesAvailable() == 0;
    QPointer<HttpClientReply> reply = m_reply;
    m_reply = nullptr;
    if (m_upload)
        disconnect(m_upload, nullptr, this, nullptr);
    m_upload = nullptr;
    m_body.clear();
    if (reply)
        reply->deliverEnd();
    if (!keepAlive) {
        shut();
        return;
    }
    m_idleTimer.start(kIdleCloseMs);
    // Direct: the pool only schedules a dispatch (from the event loop) when requests wait.
    emit idle();
}

void HttpClientConnection::onDisconnected()
{
    if (m_closed)
        return;
    if (m_reply && m_headDelivered && !m_messageDone) {
        // A body delimited by the close (no Content-Length, not chunked) ends here.
        m_pending.clear();
        m_pendingPos = 0;
        const bool processing = m_processing;
        m_processing = true;
        feed(nullptr, 0);
        m_processing = processing;
        if (m_messageDone && m_reply) {
            m_requestDone = true; // the server ended the exchange
            finishMessage();
            return;
        }
    }
    if (m_reply)
        return fail(QNetworkReply::RemoteHostClosedError,
                    QStringLiteral("%1 closed the connection").arg(m_origin.host()));
    shut();
}

void HttpClientConnection::onSocketError()
{
    if (m_closed)
        return;
    const QAbstractSocket::SocketError e = m_socket->error();
    if (e == QAbstractSocket::RemoteHostClosedError) {
        // Read what is still buffered first: the close may end a body (onDisconnected).
        if (m_reply)
            processInput();
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
        return;
    }
    if (!m_reply)
        return shut();
    fail(mapSocketError(e), m_socket->errorString());
}

void HttpClientConnection::onStall()
{
    fail(
        QNetworkReply::TimeoutError,
        QStringLiteral("No data moved for %1 ms with %2").arg(m_request.stallTimeoutMs).arg(m_origin.host()));
}

void HttpClientConnection::fail(QNetworkReply::NetworkError error, const QString &message)
{
    QPointer<HttpClientReply> reply = m_reply;
    m_reply = nullptr;
    const bool retryable =
        reply && m_reused && !m_gotBytes && !m_uploadTouched &&
        (error == QNetworkReply::RemoteHostClosedError || error == QNetworkReply::UnknownNetworkError);
    shut();
    if (!reply)
        return;
    if (retryable) {
        reply->attach(nullptr);
        emit retry(reply);
        return;
    }
    reply->deliverError(error, message);
}

void HttpClientConnection::detach(HttpClientReply *reply)
{
    if (reply != m_reply)
        return;
    if (m_messageDone && m_headDelivered && !m_closed) {
        // The whole answer was in (its reader took it from the buffer and went): the
        // connection is at a message boundary and can carry the next exchange.
        m_reply = nullptr;
        finishMessage();
        return;
    }
    m_reply = nullptr;
    // The answer was not read to its end: the stream position is unknown, never reuse.
    shut();
}

void HttpClientConnection::shut()
{
    if (m_closed)
        return;
    m_closed = true;
    m_stallTimer.stop();
    m_idleTimer.stop();
    if (m_upload)
        disconnect(m_upload, nullptr, this, nullptr);
    m_socket->abort();
    QMetaObject::invokeMethod(this, &HttpClientConnection::closed, Qt::QueuedConnection);
}

void HttpClientConnection::touch()
{
    if (m_reply)
        m_stallTimer.start();
}

} // namespace s3c
