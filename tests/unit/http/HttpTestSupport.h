#pragma once

#include "http/HttpExchange.h"
#include "http/HttpServer.h"

#include <QByteArray>
#include <QIODevice>
#include <QList>
#include <QPointer>
#include <QTcpSocket>

#include <functional>
#include <memory>

namespace s3c::test {

// Deterministic body bytes, so a test can check any slice without keeping the whole body.
char patternByte(qint64 index);
QByteArray patternBytes(qint64 offset, qint64 size);
bool matchesPattern(const QByteArray &data, qint64 offset);

// One response as a client parses it, framing included.
struct ParsedResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool chunked = false;
    QByteArray header(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;
};

// A raw HTTP/1.1 client over a real loopback socket: what it sends is exactly what the server
// gets, and responses are parsed by hand so framing mistakes show.
class RawClient : public QObject
{
    Q_OBJECT
public:
    explicit RawClient(quint16 port, QTcpSocket *socket = nullptr);
    bool waitConnected(int ms = 5000);
    void send(const QByteArray &data);
    // Next response (1xx included); headRequest: no body follows whatever the headers say.
    bool readResponse(ParsedResponse &out, bool headRequest = false, int ms = 10000);
    bool waitClosed(int ms = 10000);
    bool isClosed() const;
    QTcpSocket *socket() const { return m_socket; }
    QByteArray &received() { return m_buffer; }
    bool reading = true; // false: leave bytes in the socket (client-side back-pressure)

private:
    void onReadyRead();
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    bool m_closed = false;
};

// Parses one response from the front of buf: bytes consumed, 0 if incomplete, -1 if malformed.
qsizetype parseResponse(const QByteArray &buf, bool headRequest, bool closed, ParsedResponse &out);

// A sequential device producing `total` pattern bytes on demand, ending with
// readChannelFinished(), or ending early after `endAfter` bytes.
class PatternDevice : public QIODevice
{
    Q_OBJECT
public:
    // failAtEnd: at endAfter, close() without readChannelFinished(), the way a broken source
    // disappears.
    explicit PatternDevice(qint64 total, qint64 endAfter = -1, bool failAtEnd = false,
                           QObject *parent = nullptr);
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    qint64 produced() const { return m_produced; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    qint64 limit() const;
    qint64 m_total;
    qint64 m_endAfter;
    qint64 m_produced = 0;
    bool m_failAtEnd;
    bool m_endSignalled = false;
};

// Waits until value() stops changing for quietMs (a deadline, not a sleep); returns its value.
qint64 waitUntilStable(const std::function<qint64()> &value, int quietMs = 500, int maxMs = 60000);

// The server under test plus a handler; the default handler echoes the request.
struct ServerFixture
{
    explicit ServerFixture(const HttpLimits &limits = {});
    std::unique_ptr<HttpServer> server;
    std::function<void(HttpExchange *)> handler;
    QList<QPointer<HttpExchange>> exchanges; // null once answered (the connection deletes them)
    QList<HttpRequest> requests;             // copies that outlive the exchanges
    QList<QByteArray> requestIds;
    quint16 port() const { return server->serverPort(); }
};

// Reads the whole body, then answers 200 with it and x-echo-* headers describing the request.
void echoHandler(HttpExchange *exchange);

} // namespace s3c::test
