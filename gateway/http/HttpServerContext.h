#pragma once

#include "HttpLimits.h"

#include <QByteArray>

namespace s3c {
class GatewayMetrics;
}

namespace s3c {

// What every connection of one server shares; owned by the server, which outlives its
// connections (it deletes them first).
struct HttpServerContext
{
    HttpLimits limits;
    QByteArray serverHeader = QByteArrayLiteral("s3cascade");
    bool tls = false;
    bool draining = false; // stopAccepting() was called
    // Gateway-wide request counters (the admin API's /metrics); null: not counted.
    GatewayMetrics *metrics = nullptr;
};

} // namespace s3c
