#include "HttpTestSupport.h"

#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include <cstring>

namespace s3c::test {

char patternByte(qint64 index)
{
    return char((index * 131 + (index >> 12)) & 0xff);
}

QByteArray patternBytes(qint64 offset, qint64 size)
{
    QByteArray out(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        out[i] = patternByte(offset + i);
    return out;
}

bool matchesPattern(const QByteArray &data, qint64 offset)
{
    for (qint64 i = 0; i < data.size(); ++i) {
        if (data.at(i) != patternByte(offset + i))
            return false;
    }
    return true;
}

QByteArray ParsedResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool ParsedResponse::hasHeader(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

qsizetype parseResponse(const QByteArray &buf, bool headRequest, bool closed, ParsedResponse &out)
{
    const qsizetype end = buf.indexOf("\r\n\r\n");
    if (end < 0)
        return 0;
    const QList<QByteArray> lines = buf.left(end).split('\n');
    ParsedResponse r;
    const QList<QByteArray> status = lines.first().trimmed().split(' ');
    if (status.size() < 2 || !status.first().startsWith("HTTP/1."))
        return -1;
    r.status = status.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return -1;
        r.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    qsizetype pos = end + 4;
    if (headRequest || (r.status >= 100 && r.status < 200) || r.status == 204 || r.status == 304) {
        out = r;
        return pos;
    }
    if (r.header("Transfer-Encoding").compare("chunked", Qt::CaseInsensitive) == 0) {
        r.chunked = true;
        for (;;) {
            const qsizetype lineEnd = buf.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return 0;
            bool ok = false;
            const qint64 size = buf.mid(pos, lineEnd - pos).split(';').first().toLongLong(&ok, 16);
            if (!ok)
                return -1;
            pos = lineEnd + 2;
            if (size == 0) {
                const qsizetype trailerEnd = buf.indexOf("\r\n", pos);
                if (trailerEnd < 0)
                    return 0;
                pos = trailerEnd + 2;
                break;
            }
            if (buf.size() < pos + size + 2)
                return 0;
            r.body += buf.mid(pos, size);
            pos += size + 2;
        }
        out = r;
        return pos;
    }
    if (r.hasHeader("Content-Length")) {
        const qint64 length = r.header("Content-Length").toLongLong();
        if (buf.size() < pos + length)
            return 0;
        r.body = buf.mid(pos, length);
        out = r;
        return pos + length;
    }
    if (!closed)
        return 0;
    r.body = buf.mid(pos);
    out = r;
    return buf.size();
}

RawClient::RawClient(quint16 port, QTcpSocket *socket) : m_socket(socket ? socket : new QTcpSocket(this))
{
    m_socket->setParent(this);
    connect(m_socket, &QIODevice::readyRead, this, &RawClient::onReadyRead);
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] {
        onReadyRead();
        m_closed = true;
    });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            m_closed = true;
    });
    if (!socket)
        m_socket->connectToHost(QHostAddress::LocalHost, port);
}

void RawClient::onReadyRead()
{
    if (reading && m_socket->isOpen())
        m_buffer += m_socket->readAll();
}

bool RawClient::waitConnected(int ms)
{
    return QTest::qWaitFor(
               [this] { return m_socket->state() == QAbstractSocket::ConnectedState || m_closed; }, ms) &&
           !m_closed;
}

void RawClient::send(const QByteArray &data)
{
    m_socket->write(data);
}

bool RawClient::readResponse(ParsedResponse &out, bool headRequest, int ms)
{
    // An event loop woken by the socket, with a deadline: QTest::qWaitFor would pause 10 ms
    // between polls, which throttles a 64 MiB transfer to a crawl.
    QDeadlineTimer deadline(ms);
    qsizetype used = 0;
    for (;;) {
        onReadyRead();
        used = parseResponse(m_buffer, headRequest, m_closed, out);
        if (used != 0 || m_closed || deadline.hasExpired())
            break;
        QEventLoop loop;
        connect(m_socket, &QIODevice::readyRead, &loop, &QEventLoop::quit);
        connect(m_socket, &QAbstractSocket::disconnected, &loop, &QEventLoop::quit);
        connect(m_socket, &QAbstractSocket::errorOccurred, &loop, &QEventLoop::quit);
        QTimer::singleShot(qMax<qint64>(1, deadline.remainingTime()), &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (used <= 0)
        return false;
    m_buffer.remove(0, used);
    return true;
}

bool RawClient::waitClosed(int ms)
{
    return QTest::qWaitFor([this] { return m_closed; }, ms);
}

bool RawClient::isClosed() const
{
    return m_closed;
}

PatternDevice::PatternDevice(qint64 total, qint64 endAfter, bool failAtEnd, QObject *parent)
    : QIODevice(parent), m_total(total), m_endAfter(endAfter), m_failAtEnd(failAtEnd)
{
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

qint64 PatternDevice::limit() const
{
    return m_endAfter >= 0 ? qMin(m_total, m_endAfter) : m_total;
}

qint64 PatternDevice::bytesAvailable() const
{
    return (limit() - m_produced) + QIODevice::bytesAvailable();
}

qint64 PatternDevice::readData(char *data, qint64 maxSize)
{
    const qint64 n = qMin(maxSize, limit() - m_produced);
    for (qint64 i = 0; i < n; ++i)
        data[i] = patternByte(m_produced + i);
    m_produced += n;
    if (m_produced == limit() && !m_endSignalled) {
        m_endSignalled = true;
        // Like a network reply, announce the end from the event loop.
        QTimer::singleShot(0, this, [this] {
            if (m_failAtEnd)
                close();
            else
                emit readChannelFinished();
        });
    }
    return n;
}

qint64 waitUntilStable(const std::function<qint64()> &value, int quietMs, int maxMs)
{
    QDeadlineTimer deadline(maxMs);
    qint64 last = value();
    while (!deadline.hasExpired()) {
        if (!QTest::qWaitFor([&] { return value() != last; }, quietMs))
            return last;
        last = value();
    }
    return last;
}

ServerFixture::ServerFixture(const HttpLimits &limits) : server(std::make_unique<HttpServer>(limits))
{
    handler = echoHandler;
    QObject::connect(server.get(), &HttpServer::requestReady, server.get(), [this](HttpExchange *exchange) {
        exchanges.append(exchange);
        requests.append(exchange->request());
        requestIds.append(exchange->requestId());
        handler(exchange);
    });
    server->listen(QHostAddress::LocalHost, 0);
}

void echoHandler(HttpExchange *exchange)
{
    auto *body = exchange->requestBody();
    auto data = std::make_shared<QByteArray>();
    auto finish = [exchange, body, data] {
        data->append(body->readAll());
        if (!body->isFinished() || exchange->hasResponded())
            return;
        HttpResponse response(200);
        response.setHeader("x-echo-method", exchange->request().method);
        response.setHeader("x-echo-target", exchange->request().rawTarget);
        response.setHeader("x-echo-host", exchange->request().header("Host"));
        response.body = *data;
        exchange->respond(response);
    };
    QObject::connect(body, &QIODevice::readyRead, exchange, finish);
    QObject::connect(body, &BodyStream::finished, exchange, finish);
    finish(); // bytes may be buffered already, and no readyRead comes for those
}

} // namespace s3c::test
