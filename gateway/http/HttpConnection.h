#pragma once

#include "HttpParser.h"
#include "HttpServerContext.h"
#include "base/S3Error.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QIODevice;
class QTcpSocket;

namespace s3c {

class BodyPump;
class HttpExchange;
class HttpExchangeImpl;
class HttpResponse;
class RequestBody;

// One client connection: parses requests one at a time, hands each to the application as an
// exchange, streams its body with back-pressure, writes the response, then either parses the
// next (keep-alive, pipelining) or closes. Timeouts and limits answer with S3 XML errors.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of socket.
    HttpConnection(QTcpSocket *socket, const HttpServerContext *context, QObject *parent = nullptr);
    ~HttpConnection() override;

    void start();
    // Answer error at once and close: used over the connection cap (503 SlowDown).
    void reject(S3Error error);
    // The server stops accepting: close now if idle, else after the current response.
    void beginShutdown();
    void abort();
    bool isClosed() const { return m_phase == Phase::Closed; }

    // From HttpExchangeImpl.
    void respond(HttpExchangeImpl *exchange, const HttpResponse &response, QIODevice *body);
    void sendContinue(HttpExchangeImpl *exchange);

    // Socket read buffer: the most Qt holds for us while we do not read (back-pressure).
    static constexpr qint64 kSocketReadBuffer = 64 * 1024;
    // Unsent output above which no further (pipelined) request is read: a client that sends but
    // never reads must not make us buffer its answers (back-pressure on output as on input).
    static constexpr qint64 kMaxUnsentOutput = 64 * 1024;

signals:
    void requestReady(s3c::HttpExchange *exchange);
    // The socket is gone; the connection deletes itself (deleteLater).
    void closed();

private:
    enum class Phase { Head, Exchange, Closing, Closed };
    enum class TimerKind { None, Header, Idle, BodyStall, Linger };

    void onReadyRead();
    void scheduleProcess();
    void processInput();
    bool canFeed() const;
    void handleHead();
    void handleMessageComplete();
    void handleParseError();
    void startExchange(HttpRequest request);
    void respondError(S3Error error, const QString &message);
    void writeErrorAndClose(S3Error error, const QString &message);
    void onResponseWritten();
    void countExchange(int status);
    void countZeroCopy();
    void closeGracefully();
    void continueClosing();
    void onBytesWritten();
    void teardown();
    void armTimer(TimerKind kind, int ms);
    void updateBodyTimer(bool progressed);
    void onTimeout();
    void onBodySpace();
    void finishAccessRecord(bool complete);

    QTcpSocket *m_socket;
    const HttpServerContext *m_ctx;
    HttpParser m_parser;
    QByteArray m_pending; // read from the socket, not yet consumed by the parser
    qsizetype m_pendingPos = 0;
    QPointer<HttpExchangeImpl> m_exchange;
    QPointer<RequestBody> m_body;
    QPointer<BodyPump> m_pump;
    QTimer m_timer;
    TimerKind m_timerKind = TimerKind::None;
    Phase m_phase = Phase::Head;
    qint64 m_lingerDiscarded = 0;
    qint64 m_bodyBytesOut = 0; // response body bytes written with the head (access log)
    bool m_bodyDone = false;
    bool m_responseStarted = false;
    bool m_continueSent = false;
    bool m_closeAfterResponse = false;
    bool m_writeShutdown = false;
    bool m_processing = false;
    bool m_processScheduled = false;
    bool m_keepAlive10 = false;
    bool m_outputBlocked = false; // reading waits for the client to take our output
    int m_responseStatus = 0;
    static constexpr int kClientClosedStatus = 499;
};

} // namespace s3c
