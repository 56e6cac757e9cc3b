#pragma once

#include <QHash>
#include <QHostAddress>

#include <mutex>

namespace s3c {

// Counts the connections each client holds across every worker thread, so that one client
// opening idle sockets cannot take the whole connection cap (issue #10 item 7). A client is an
// IPv4 address, or an IPv6 /64 (what one subscriber is usually given); IPv4-mapped IPv6 counts
// as its IPv4 address. Thread-safe.
class ClientAddressLimiter
{
public:
    explicit ClientAddressLimiter(int maxPerClient) : m_max(maxPerClient) {}

    // Takes a slot for address; false (nothing taken) when it already holds its share.
    bool tryAcquire(const QHostAddress &address);
    void release(const QHostAddress &address);
    int count(const QHostAddress &address) const;
    int maxPerClient() const { return m_max; }

    static QByteArray clientKey(const QHostAddress &address);

private:
    mutable std::mutex m_mutex;
    QHash<QByteArray, int> m_counts;
    int m_max;
};

} // namespace s3c
