#include "HttpConnection.h"

#include "AccessLog.h"
#include "BodyPump.h"
#include "HttpExchangeImpl.h"
#include "PlatformSocket.h"
#include "RequestBody.h"
#include "ResponseHead.h"
#include "base/ErrorXml.h"
#include "stats/GatewayMetrics.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcHttpConnection, "s3c.http.connection")

namespace s3c {

namespace {
constexpr qint64 kReadChunk = 64 * 1024;
// Lingering close (RFC 9112 section 9.6): after our FIN, keep discarding what the client still
// sends for a short while so its unread request bytes cannot make the kernel reset the
// connection and destroy the response before the client read it.
constexpr int kLingerMs = 2000;
constexpr qint64 kLingerMaxBytes = 1024 * 1024;
} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpServerContext *context, QObject *parent)
    : QObject(parent), m_socket(socket), m_ctx(context), m_parser(context->limits)
{
    socket->setParent(this);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    m_parser.setBodySink([this](const char *data, qsizetype size) {
        if (m_body)
            m_body->append(data, size);
    });
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::start()
{
    // Qt stops reading the socket once this much is buffered: without it a paused request
    // body would pile up in Qt's buffer instead of pushing back on the client.
    m_socket->setReadBufferSize(kSocketReadBuffer);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &HttpConnection::onBytesWritten);
    if (m_ctx->metrics) {
        connect(m_socket, &QIODevice::bytesWritten, this,
                [metrics = m_ctx->metrics](qint64 bytes) { metrics->addBytesSent(bytes); });
    }
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::teardown);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            teardown();
    });
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        teardown();
        return;
    }
    armTimer(TimerKind::Header, m_ctx->limits.headerTimeoutMs);
    scheduleProcess(); // a TLS socket may hold bytes read during the handshake
}

void HttpConnection::reject(S3Error error)
{
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::teardown);
    writeErrorAndClose(error, {});
}

void HttpConnection::beginShutdown()
{
    m_closeAfterResponse = true;
    const bool idle = m_phase == Phase::Head && !m_parser.messageStarted() &&
                      m_pendingPos >= m_pending.size() && m_socket->bytesAvailable() == 0;
    if (idle)
        closeGracefully();
}

void HttpConnection::abort()
{
    if (m_phase == Phase::Closed)
        return;
    if (m_pump)
        m_pump->cancel();
    m_socket->abort();
    teardown();
}

void HttpConnection::onReadyRead()
{
    if (m_phase == Phase::Closing) {
        m_lingerDiscarded += m_socket->skip(m_socket->bytesAvailable());
        if (m_lingerDiscarded > kLingerMaxBytes)
            abort();
        return;
    }
    processInput();
}

void HttpConnection::scheduleProcess()
{
    if (m_processScheduled)
        return;
    m_processScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_processScheduled = false;
            processInput();
        },
        Qt::QueuedConnection);
}

bool HttpConnection::canFeed() const
{
    switch (m_phase) {
    case Phase::Head:
        return m_socket->bytesToWrite() <= kMaxUnsentOutput;
    case Phase::Exchange:
        return !m_bodyDone && !m_responseStarted && m_body && !m_body->hasFailed() && m_body->room() > 0;
    default:
        return false;
    }
}

void HttpConnection::processInput()
{
    if (m_processing || m_phase == Phase::Closing || m_phase == Phase::Closed)
        return;
    m_processing = true;
    bool bodyProgress = false;
    while (canFeed()) {
        if (m_pendingPos >= m_pending.size()) {
            // Sized to what is buffered: read(64 KiB) would allocate 64 KiB and shrink it again
            // for every small request.
            const qint64 want =
                qMin(m_socket->bytesAvailable(),
                     m_phase == Phase::Exchange ? qMin(kReadChunk, m_body->room()) : kReadChunk);
            m_pending = want > 0 ? m_socket->read(want) : QByteArray();
            m_pendingPos = 0;
            if (m_ctx->metrics)
                m_ctx->metrics->addBytesReceived(m_pending.size());
            if (m_pending.isEmpty())
                break;
        }
        qsizetype chunk = m_pending.size() - m_pendingPos;
        // Body bytes never exceed what is fed: feeding at most the room keeps the body bounded.
        if (m_phase == Phase::Exchange)
            chunk = qMin<qsizetype>(chunk, m_body->room());
        const qint64 before = m_body ? m_body->received() : 0;
        m_pendingPos += m_parser.feed(m_pending.constData() + m_pendingPos, chunk);
        if (m_body && m_body->received() != before)
            bodyProgress = true;

        switch (m_parser.event()) {
        case HttpParser::Event::Error:
            handleParseError();
            break;
        case HttpParser::Event::HeadComplete:
            handleHead();
            break;
        case HttpParser::Event::MessageComplete:
            handleMessageComplete();
            break;
        case HttpParser::Event::NeedMore:
            // RFC 9112 has no head timeout; ours starts with the first byte of a request.
            if (m_phase == Phase::Head && m_parser.messageStarted() && m_timerKind == TimerKind::Idle)
                armTimer(TimerKind::Header, m_ctx->limits.headerTimeoutMs);
            break;
        }
        if (m_parser.event() == HttpParser::Event::Error)
            break;
        if (m_body)
            m_body->notify();
    }
    if (m_phase == Phase::Exchange)
        updateBodyTimer(bodyProgress);
    if (m_phase == Phase::Head && m_socket->bytesToWrite() > kMaxUnsentOutput)
        m_outputBlocked = true; // resumed by onBytesWritten(); the idle timer bounds the wait
    m_processing = false;
}

void HttpConnection::handleHead()
{
    HttpRequest request = m_parser.takeRequest();
    request.peerAddress = m_socket->peerAddress();
    request.localPort = m_socket->localPort();
    request.secure = m_ctx->tls;
    bool complete = false;
    if (!request.hasBody() && m_pendingPos < m_pending.size()) {
        // A message without body ends with its head; the parser reports that on the head's last
        // byte, still pending. Taking it now lets a handler that answers at once keep the
        // connection alive.
        m_pendingPos += m_parser.feed(m_pending.constData() + m_pendingPos, m_pending.size() - m_pendingPos);
        complete = m_parser.event() == HttpParser::Event::MessageComplete;
    }
    startExchange(std::move(request));
    m_bodyDone = complete;
    if (m_exchange && m_phase == Phase::Exchange)
        emit requestReady(m_exchange);
}

void HttpConnection::startExchange(HttpRequest request)
{
    m_phase = Phase::Exchange;
    m_bodyDone = false;
    m_responseStarted = false;
    m_continueSent = false;
    m_keepAlive10 = request.versionMinor == 0 && request.keepAlive;
    if (!request.keepAlive || m_ctx->draining || m_ctx->closeEachConnection)
        m_closeAfterResponse = true;
    m_timer.stop();
    m_timerKind = TimerKind::None;
    auto *body = new RequestBody(request.chunked ? -1 : qMax<qint64>(request.contentLength, 0),
                                 m_ctx->limits.bodyBufferBytes, this);
    connect(body, &RequestBody::spaceAvailable, this, &HttpConnection::onBodySpace);
    m_body = body;
    m_exchange = new HttpExchangeImpl(this, std::move(request), body);
    m_bodyBytesOut = 0;
    if (m_ctx->accessLog)
        m_exchange->beginAccessRecord();
}

void HttpConnection::handleMessageComplete()
{
    m_bodyDone = true;
    if (m_body)
        m_body->markFinished();
}

void HttpConnection::handleParseError()
{
    const S3Error error = m_parser.error();
    const QString message = m_parser.errorMessage();
    qCDebug(lcHttpConnection) << "request rejected:" << s3ErrorCode(error) << message;
    if (m_phase == Phase::Exchange && m_exchange) {
        // Bad chunked framing mid-body: the body can never complete.
        m_closeAfterResponse = true;
        if (m_body) {
            m_body->markFailed();
            m_body->notify();
        }
        if (m_exchange && !m_exchange->hasResponded())
            respondError(error, message);
        return;
    }
    writeErrorAndClose(error, message);
}

void HttpConnection::sendContinue(HttpExchangeImpl *exchange)
{
    if (exchange != m_exchange || m_phase != Phase::Exchange || m_responseStarted || m_continueSent ||
        m_bodyDone || !exchange->request().expectContinue)
        return;
    m_continueSent = true;
    m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    m_socket->flush(); // the client is waiting for it; do not wait for the next poll
    updateBodyTimer(false);
}

// Bodies up to this size are read and sent together with the response head.
constexpr qint64 kInlineBodyBytes = 64 * 1024;

void HttpConnection::respond(HttpExchangeImpl *exchange, const HttpResponse &response, QIODevice *device)
{
    if (exchange != m_exchange || m_phase != Phase::Exchange || m_responseStarted) {
        delete device;
        return;
    }
    m_responseStarted = true;
    exchange->noteResponse(response);
    m_responseStatus = response.status;
    if (!m_bodyDone) {
        // Answered before the body arrived (an error, or a final status instead of 100
        // Continue, RFC 9110 section 10.1.1): we will not read an unknown rest, so close.
        m_closeAfterResponse = true;
        if (m_body && !m_body->isFinished()) {
            m_body->markFailed();
            QPointer<RequestBody> body = m_body;
            QMetaObject::invokeMethod(
                this,
                [body] {
                    if (body)
                        body->notify();
                },
                Qt::QueuedConnection);
        }
    }
    updateBodyTimer(false);

    const HttpRequest &request = exchange->request();
    const bool http11 = request.versionMinor >= 1;
    BodyFraming framing = BodyFraming::Length;
    qint64 length = response.body.size();
    if (device) {
        if (response.contentLength >= 0) {
            length = response.contentLength;
        } else if (!device->isSequential()) {
            length = qMax<qint64>(0, device->size() - device->pos());
        } else {
            framing = http11 ? BodyFraming::Chunked : BodyFraming::UntilClose;
            length = 0;
        }
    }
    const bool isHead = request.method == "HEAD";
    ResponseHead::Params params;
    params.headRequest = isHead && framing == BodyFraming::Length;
    if (isHead || ResponseHead::statusHasNoBody(response.status)) {
        framing = BodyFraming::None;
        delete device;
        device = nullptr;
    }
    if (framing == BodyFraming::UntilClose)
        m_closeAfterResponse = true; // RFC 9112 section 6.3 rule 8: the close ends the body
    params.framing = framing;
    params.length = length;
    params.close = m_closeAfterResponse;
    params.keepAlive10 = m_keepAlive10;
    params.requestId = exchange->requestId();
    params.hostId = exchange->hostId();
    params.serverHeader = m_ctx->serverHeader;

    QByteArray out;
    if (request.expectContinue && !m_continueSent && !m_closeAfterResponse) {
        // A final answer to "Expect: 100-continue" on a connection we keep open (the body was
        // empty, or already complete) goes out behind an interim 100 Continue. RFC 9110 section
        // 10.1.1 lets a server omit it here, but botocore (1.43 and earlier) then keeps the final
        // status line it read while waiting as the status of every later response on that
        // connection, so the next UploadPart's head is parsed as a header block and its ETag is
        // lost (s3transfer: KeyError 'ETag'; boto/boto3#4507). S3 always sends the 100.
        m_continueSent = true;
        out = QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n");
    }
    out += ResponseHead::build(response, params);
    if (framing == BodyFraming::Length && !device) {
        out += response.body;
        m_bodyBytesOut = response.body.size();
    }
    if (framing == BodyFraming::Length && device && length <= kInlineBodyBytes &&
        (!device->isSequential() || device->bytesAvailable() >= length)) {
        // A small body goes out with its head in one write: one syscall and one wake-up of the
        // client instead of a write plus a sendfile or a pump. A small file, or an answer a
        // backend already sent in full (an S3 backend's reply).
        const QByteArray small = device->read(length);
        if (small.size() == length) {
            out += small;
            m_bodyBytesOut = small.size();
            delete device;
            device = nullptr;
        } else if (!device->isSequential()) {
            device->seek(device->pos() - qMax<qsizetype>(0, small.size())); // let the pump report it
        } else {
            // A sequential device cannot be rewound: short means broken.
            delete device;
            qCWarning(lcHttpConnection) << "aborting response: the body source ended early";
            abort();
            return;
        }
    }
    m_socket->write(out);
    // Qt would send it only when the next poll reports the socket writable: one more loop
    // iteration per response, which small GETs feel. The kernel takes it now (non-blocking).
    m_socket->flush();
    if (!device) {
        onResponseWritten();
        return;
    }
    auto *pump = new BodyPump(m_socket, device, framing, length, true, this);
    m_pump = pump;
    connect(pump, &BodyPump::done, this, &HttpConnection::onResponseWritten);
    connect(pump, &BodyPump::failed, this, [this](const QString &reason, bool clientGone) {
        if (clientGone)
            qCDebug(lcHttpConnection) << "client left during the response:" << reason;
        else
            qCWarning(lcHttpConnection) << "aborting response:" << reason;
        // Hand over what is queued (a visibly short body helps diagnosis), then close without
        // ever completing the framing.
        m_socket->flush();
        abort();
    });
    pump->start();
}

void HttpConnection::respondError(S3Error error, const QString &message)
{
    HttpResponse response(httpStatus(error));
    response.setHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/xml"));
    response.body = renderErrorXml(error, message, QString::fromUtf8(m_exchange->request().rawPath()),
                                   m_exchange->requestId());
    m_closeAfterResponse = true;
    m_exchange->respond(response);
}

void HttpConnection::writeErrorAndClose(S3Error error, const QString &message)
{
    if (m_phase == Phase::Closing || m_phase == Phase::Closed)
        return;
    HttpResponse response(httpStatus(error));
    response.setHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/xml"));
    ResponseHead::Params params;
    params.requestId = HttpExchangeImpl::newRequestId();
    params.hostId = HttpExchangeImpl::newHostId();
    params.serverHeader = m_ctx->serverHeader;
    params.close = true;
    response.body = renderErrorXml(error, message, {}, params.requestId);
    params.length = response.body.size();
    // Refused before a request could be handed out (unparseable head, head timeout, over the
    // connection cap): still one line, so a flood or a broken client shows in the log.
    if (m_ctx->accessLog)
        m_ctx->accessLog->recordRefusal(m_socket->peerAddress(), response.status, params.requestId,
                                        params.length);
    if (m_ctx->metrics) // a request that never became an exchange (its head was refused)
        m_ctx->metrics->recordRequest(-1, response.status, 0);
    m_socket->write(ResponseHead::build(response, params) + response.body);
    m_closeAfterResponse = true;
    closeGracefully();
}

void HttpConnection::onResponseWritten()
{
    if (m_phase != Phase::Exchange)
        return;
    finishAccessRecord(true);
    if (m_pump) {
        countZeroCopy();
        m_pump->deleteLater();
    }
    m_pump = nullptr;
    if (m_exchange) {
        countExchange(m_responseStatus);
        m_exchange->deleteLater();
    }
    m_exchange = nullptr;
    m_body = nullptr;
    if (m_closeAfterResponse) {
        closeGracefully();
        return;
    }
    m_phase = Phase::Head;
    m_responseStarted = false;
    m_bodyDone = false;
    m_continueSent = false;
    armTimer(TimerKind::Idle, m_ctx->limits.idleTimeoutMs);
    scheduleProcess(); // a pipelined request may be waiting
}

void HttpConnection::countExchange(int status)
{
    if (m_ctx->metrics && m_exchange)
        m_ctx->metrics->recordRequest(m_exchange->operationTag(), status, m_exchange->elapsedMicros());
}

void HttpConnection::countZeroCopy()
{
    if (m_ctx->metrics && m_pump)
        m_ctx->metrics->addBytesSent(m_pump->zeroCopyBytesSent());
}

void HttpConnection::closeGracefully()
{
    if (m_phase == Phase::Closing || m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closing;
    m_pending.clear();
    m_pendingPos = 0;
    // Bound the flush of what is still queued for a client that stopped reading.
    armTimer(TimerKind::Linger, qMax(kLingerMs, m_ctx->limits.idleTimeoutMs));
    continueClosing();
}

void HttpConnection::continueClosing()
{
    if (m_phase != Phase::Closing || m_writeShutdown || m_socket->bytesToWrite() > 0)
        return;
    m_writeShutdown = true;
    armTimer(TimerKind::Linger, kLingerMs);
    if (m_ctx->tls || !PlatformSocket::shutdownWrite(m_socket->socketDescriptor())) {
        // TLS needs its close_notify, which Qt sends on disconnectFromHost().
        m_socket->disconnectFromHost();
        return;
    }
    onReadyRead(); // discard what is already buffered
}

void HttpConnection::onBytesWritten()
{
    if (m_phase == Phase::Closing) {
        continueClosing();
    } else if (m_outputBlocked && m_socket->bytesToWrite() <= kMaxUnsentOutput) {
        m_outputBlocked = false;
        scheduleProcess();
    }
}

void HttpConnection::teardown()
{
    if (m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closed;
    finishAccessRecord(false); // the client left, or the response was aborted
    m_timer.stop();
    m_timerKind = TimerKind::None;
    if (m_pump) {
        m_pump->cancel();
        countZeroCopy();
        m_pump->deleteLater();
        m_pump = nullptr;
    }
    if (m_exchange) {
        if (m_body && !m_body->isFinished()) {
            m_body->markFailed();
            m_body->notify();
        }
        if (m_exchange) {
            // The answer never completed: nginx's 499 "client closed request", whatever status
            // had started to go out.
            countExchange(kClientClosedStatus);
            m_exchange->notifyClientGone();
            m_exchange->deleteLater();
        }
    }
    emit closed();
    deleteLater();
}

void HttpConnection::armTimer(TimerKind kind, int ms)
{
    m_timerKind = kind;
    m_timer.start(qMax(ms, 1));
}

void HttpConnection::updateBodyTimer(bool progressed)
{
    // The stall clock runs only while we wait on the client: not while the reader lets the
    // buffer fill, nor while the client rightly waits for our 100 Continue.
    const bool waitingForClient = m_phase == Phase::Exchange && !m_bodyDone && !m_responseStarted && m_body &&
                                  !m_body->hasFailed() && m_body->room() > 0 &&
                                  !(m_exchange && m_exchange->request().expectContinue && !m_continueSent);
    if (!waitingForClient) {
        if (m_timerKind == TimerKind::BodyStall) {
            m_timer.stop();
            m_timerKind = TimerKind::None;
        }
        return;
    }
    if (progressed || m_timerKind != TimerKind::BodyStall || !m_timer.isActive())
        armTimer(TimerKind::BodyStall, m_ctx->limits.bodyStallTimeoutMs);
}

void HttpConnection::onTimeout()
{
    const TimerKind kind = m_timerKind;
    m_timerKind = TimerKind::None;
    switch (kind) {
    case TimerKind::Header:
        // Nothing of a request yet: nothing to answer, just close.
        if (m_phase == Phase::Head && m_parser.messageStarted())
            writeErrorAndClose(S3Error::RequestTimeout, {});
        else
            closeGracefully();
        break;
    case TimerKind::Idle:
        closeGracefully(); // RFC 9112 section 9.8: a server may close an idle connection at any time
        break;
    case TimerKind::BodyStall:
        if (m_phase != Phase::Exchange)
            break;
        m_closeAfterResponse = true;
        if (m_body) {
            m_body->markFailed();
            m_body->notify();
        }
        if (m_exchange && !m_exchange->hasResponded())
            respondError(S3Error::RequestTimeout, {});
        break;
    case TimerKind::Linger:
        abort();
        break;
    case TimerKind::None:
        break;
    }
}

void HttpConnection::onBodySpace()
{
    scheduleProcess();
}

void HttpConnection::finishAccessRecord(bool complete)
{
    if (m_ctx->accessLog && m_exchange)
        m_exchange->finishAccessRecord(*m_ctx->accessLog, complete,
                                       m_bodyBytesOut + (m_pump ? m_pump->bytesSent() : 0));
}

} // namespace s3c
