#pragma once

#include "HttpLimits.h"

#include <QByteArray>

#include <memory>

namespace s3c {
class GatewayMetrics;
}

namespace s3c {

class AccessLog;

// What every connection of one server shares; owned by the server, which outlives its
// connections (it deletes them first).
struct HttpServerContext
{
    HttpLimits limits;
    QByteArray serverHeader = QByteArrayLiteral("s3cascade");
    bool tls = false;
    bool draining = false; // stopAccepting() was called
    bool closeEachConnection = false; // closeConnectionsAfterAnswering(): no more keep-alive
    std::shared_ptr<AccessLog> accessLog; // null: no access log
    // Gateway-wide request counters (the admin API's /metrics); null: not counted.
    GatewayMetrics *metrics = nullptr;
};

} // namespace s3c
