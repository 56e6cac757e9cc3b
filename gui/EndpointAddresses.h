#pragma once

#include <QHostAddress>
#include <QList>
#include <QUrl>

namespace s3c {

// The URLs clients can reach a gateway at. Bound to one address, that is the endpoint itself;
// bound to every interface, also each LAN address of this machine (so a phone on the same
// network can use a presigned link), loopback first.
class EndpointAddresses
{
public:
    static QList<QUrl> forBinding(const QUrl &endpoint, const QHostAddress &bindAddress);
    // Same, from explicit interface addresses (tests).
    static QList<QUrl> forBinding(const QUrl &endpoint, const QHostAddress &bindAddress,
                                  const QList<QHostAddress> &interfaceAddresses);
    static bool isAnyAddress(const QHostAddress &address);
};

} // namespace s3c
