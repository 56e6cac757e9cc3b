#pragma once

#include "HttpClientRequest.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace s3c {

class HttpClientConnection;
class HttpClientReply;

// Keep-alive HTTP/1.1 connections to upstream servers, in the gateway thread (no hop to a
// network thread, unlike QNetworkAccessManager; design-notes.md #1). At most `maxPerOrigin`
// connections per scheme/host/port; further requests wait in order. A request that meets a
// kept-alive connection the server had already closed is sent again once on a new connection
// (only before any answer byte and before any upload byte was taken from its source).
class HttpClientPool : public QObject
{
    Q_OBJECT
public:
    explicit HttpClientPool(int maxPerOrigin, QObject *parent = nullptr);
    ~HttpClientPool() override;

    // The reply belongs to the pool until someone takes it (setParent); its signals start from
    // the event loop. `upload`, when given, is read as it becomes readable and must yield
    // exactly `uploadLength` bytes.
    HttpClientReply *send(const HttpClientRequest &request, const QByteArray &body = {},
                          QIODevice *upload = nullptr, qint64 uploadLength = 0);

    int connectionCount() const;
    int maxPerOrigin() const { return m_maxPerOrigin; }

private:
    struct Pending
    {
        QPointer<HttpClientReply> reply;
        HttpClientRequest request;
        QByteArray body;
        QPointer<QIODevice> upload;
        qint64 uploadLength = 0;
        bool fresh = false; // a retry: never on a kept-alive connection
    };

    void scheduleDispatch();
    void dispatch();
    HttpClientConnection *connectionFor(const QString &origin, const Pending &pending);
    void onRetry(HttpClientReply *reply);
    static QString originKey(const HttpClientRequest &request);

    int m_maxPerOrigin;
    QHash<QString, QList<HttpClientConnection *>> m_connections;
    QHash<HttpClientReply *, Pending> m_active; // sent, kept for one retry
    QList<Pending> m_queue;
    bool m_dispatchScheduled = false;
};

} // namespace s3c
