#include "EndpointAddresses.h"

#include <QNetworkInterface>

namespace s3c {

bool EndpointAddresses::isAnyAddress(const QHostAddress &address)
{
    return address == QHostAddress::Any || address == QHostAddress::AnyIPv4 ||
           address == QHostAddress::AnyIPv6;
}

QList<QUrl> EndpointAddresses::forBinding(const QUrl &endpoint, const QHostAddress &bindAddress)
{
    return forBinding(endpoint, bindAddress, QNetworkInterface::allAddresses());
}

QList<QUrl> EndpointAddresses::forBinding(const QUrl &endpoint, const QHostAddress &bindAddress,
                                          const QList<QHostAddress> &interfaceAddresses)
{
    QList<QUrl> urls{endpoint};
    if (!isAnyAddress(bindAddress))
        return urls;
    // QHostAddress::Any is dual-stack, AnyIPv4 only IPv4, AnyIPv6 (on Linux) both as well.
    const bool ipv6 = bindAddress != QHostAddress::AnyIPv4;
    for (const QHostAddress &address : interfaceAddresses) {
        // Link-local addresses need a scope id clients cannot put in a URL reliably: skip them.
        if (address.isLoopback() || address.isLinkLocal() || address.isMulticast())
            continue;
        const bool isV4 = address.protocol() == QAbstractSocket::IPv4Protocol;
        if (!isV4 && (!ipv6 || address.protocol() != QAbstractSocket::IPv6Protocol))
            continue;
        QUrl url = endpoint;
        url.setHost(address.toString());
        if (!urls.contains(url))
            urls.append(url);
    }
    return urls;
}

} // namespace s3c
