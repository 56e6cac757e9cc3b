#pragma once

#include "HttpClientRequest.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

struct http_parser;
class QTcpSocket;

namespace s3c {

class HttpClientReply;

// One keep-alive connection to an upstream server, carrying one exchange at a time: writes the
// request head, a small body or a streamed upload (paced by the socket's write buffer), parses
// the response with Debian's libhttp-parser and hands head and body to the reply as they come,
// reading the socket only while the reply has room. Lives in the gateway thread like its pool.
class HttpClientConnection : public QObject
{
    Q_OBJECT
public:
    HttpClientConnection(const QUrl &origin, bool sslSkipVerify, QObject *parent = nullptr);
    ~HttpClientConnection() override;

    // Starts an exchange; only on a new connection or one that reported idle().
    void start(HttpClientReply *reply, const HttpClientRequest &request, const QByteArray &body,
               QIODevice *upload, qint64 uploadLength);
    // Idle and still connected (a server that closed a kept-alive connection is found out here).
    bool isReusable() const;
    bool isBusy() const { return m_reply || m_starting; }

    // From the reply: it read (room again), or it is going away.
    void resume();
    void detach(HttpClientReply *reply);

signals:
    // The exchange is over and the connection can carry the next one.
    void idle();
    // The connection is gone for good; the pool forgets it.
    void closed();
    // A reused connection turned out closed by the server before any answer: the request was
    // not processed and can be sent again on a new connection.
    void retry(s3c::HttpClientReply *reply);

private:
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onMessageComplete(http_parser *p);

    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void onStall();
    void sendHead();
    void pumpUpload();
    void processInput();
    bool feed(const char *data, qsizetype size);
    void finishMessage();
    void fail(QNetworkReply::NetworkError error, const QString &message);
    void shut();
    void touch();

    QUrl m_origin;
    bool m_tls = false;
    QTcpSocket *m_socket = nullptr;
    std::unique_ptr<http_parser> m_parser;
    QTimer m_stallTimer;
    QTimer m_idleTimer;

    QPointer<HttpClientReply> m_reply;
    HttpClientRequest m_request;
    QByteArray m_body;
    QPointer<QIODevice> m_upload;
    qint64 m_uploadLength = 0;
    qint64 m_uploadSent = 0;
    bool m_uploadTouched = false;

    QByteArray m_pending;
    qsizetype m_pendingPos = 0;
    QList<HttpHeader> m_headers;
    bool m_inValue = false;
    bool m_headReady = false;
    bool m_headDelivered = false;
    bool m_messageDone = false;
    bool m_requestDone = false;
    bool m_gotBytes = false;
    bool m_reused = false;
    bool m_starting = false;
    bool m_processing = false;
    bool m_processAgain = false;
    bool m_closed = false;
    int m_exchanges = 0;
};

} // namespace s3c
