#include "HttpClientPool.h"

#include "HttpClientConnection.h"
#include "HttpClientReply.h"

namespace s3c {

HttpClientPool::HttpClientPool(int maxPerOrigin, QObject *parent)
    : QObject(parent), m_maxPerOrigin(qMax(1, maxPerOrigin))
{
}

HttpClientPool::~HttpClientPool()
{
    // Connections first: they must not call back into replies or into this pool while the
    // QObject children are torn down.
    for (const QList<HttpClientConnection *> &list : std::as_const(m_connections)) {
        for (HttpClientConnection *c : list) {
            c->disconnect(this);
            delete c;
        }
    }
    m_connections.clear();
}

HttpClientReply *HttpClientPool::send(const HttpClientRequest &request, const QByteArray &body,
                                      QIODevice *upload, qint64 uploadLength)
{
    auto *reply = new HttpClientReply(this);
    m_queue.append(Pending{reply, request, body, upload, uploadLength, false});
    connect(reply, &HttpClientReply::finished, this, [this, reply] { m_active.remove(reply); });
    connect(reply, &QObject::destroyed, this, [this, reply] { m_active.remove(reply); });
    scheduleDispatch();
    return reply;
}

int HttpClientPool::connectionCount() const
{
    int n = 0;
    for (const QList<HttpClientConnection *> &list : m_connections)
        n += int(list.size());
    return n;
}

void HttpClientPool::scheduleDispatch()
{
    if (m_dispatchScheduled)
        return;
    m_dispatchScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_dispatchScheduled = false;
            dispatch();
        },
        Qt::QueuedConnection);
}

void HttpClientPool::dispatch()
{
    for (qsizetype i = 0; i < m_queue.size();) {
        Pending &p = m_queue[i];
        if (!p.reply || p.reply->isFinished()) {
            m_queue.removeAt(i);
            continue;
        }
        HttpClientConnection *connection = connectionFor(originKey(p.request), p);
        if (!connection) {
            ++i; // that origin is at its cap; others may not be
            continue;
        }
        Pending taken = m_queue.takeAt(i);
        m_active.insert(taken.reply, taken);
        connection->start(taken.reply, taken.request, taken.body, taken.upload, taken.uploadLength);
    }
}

HttpClientConnection *HttpClientPool::connectionFor(const QString &origin, const Pending &pending)
{
    QList<HttpClientConnection *> &list = m_connections[origin];
    if (!pending.fresh) {
        for (HttpClientConnection *c : std::as_const(list)) {
            if (c->isReusable())
                return c;
        }
    }
    if (list.size() >= m_maxPerOrigin)
        return nullptr;
    auto *c = new HttpClientConnection(pending.request.origin, pending.request.sslSkipVerify, this);
    list.append(c);
    connect(c, &HttpClientConnection::idle, this, [this] {
        if (!m_queue.isEmpty())
            scheduleDispatch();
    });
    connect(c, &HttpClientConnection::closed, this, [this, c, origin] {
        m_connections[origin].removeOne(c);
        if (m_connections[origin].isEmpty())
            m_connections.remove(origin);
        c->deleteLater();
        scheduleDispatch();
    });
    connect(c, &HttpClientConnection::retry, this, &HttpClientPool::onRetry);
    return c;
}

void HttpClientPool::onRetry(HttpClientReply *reply)
{
    Pending p = m_active.take(reply);
    if (!p.reply)
        return reply->abort();
    p.fresh = true;
    m_queue.prepend(p);
    scheduleDispatch();
}

QString HttpClientPool::originKey(const HttpClientRequest &request)
{
    const QUrl &o = request.origin;
    return o.scheme() + QLatin1String("://") + o.host() + QLatin1Char(':') +
           QString::number(o.port(o.scheme() == QLatin1String("https") ? 443 : 80)) +
           (request.sslSkipVerify ? QLatin1String("/insecure") : QLatin1String(""));
}

} // namespace s3c
