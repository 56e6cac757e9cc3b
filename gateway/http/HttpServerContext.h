#pragma once

#include "HttpLimits.h"

#include <QByteArray>

#include <memory>

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
};

} // namespace s3c
