#include "ClientAddressLimiter.h"

namespace s3c {

QByteArray ClientAddressLimiter::clientKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    if (isV4) {
        QByteArray key(5, '4');
        for (int i = 0; i < 4; ++i)
            key[i + 1] = char((v4 >> (24 - 8 * i)) & 0xff);
        return key;
    }
    const Q_IPV6ADDR v6 = address.toIPv6Address();
    QByteArray key(9, '6');
    for (int i = 0; i < 8; ++i)
        key[i + 1] = char(v6[i]);
    return key;
}

bool ClientAddressLimiter::tryAcquire(const QHostAddress &address)
{
    if (m_max <= 0)
        return true; // no per-client limit
    const QByteArray key = clientKey(address);
    std::lock_guard lock(m_mutex);
    int &n = m_counts[key];
    if (n >= m_max)
        return false;
    ++n;
    return true;
}

void ClientAddressLimiter::release(const QHostAddress &address)
{
    if (m_max <= 0)
        return;
    const QByteArray key = clientKey(address);
    std::lock_guard lock(m_mutex);
    const auto it = m_counts.find(key);
    if (it == m_counts.end())
        return;
    if (--it.value() <= 0)
        m_counts.erase(it); // memory follows the clients connected now, not every one seen
}

int ClientAddressLimiter::count(const QHostAddress &address) const
{
    std::lock_guard lock(m_mutex);
    return m_counts.value(clientKey(address));
}

} // namespace s3c
