#pragma once

#include "HttpLimits.h"

#include <QByteArray>

namespace s3c {

// What every connection of one server shares; owned by the server, which outlives its
// connections (it deletes them first).
struct HttpServerContext
{
    HttpLimits limits;
    QByteArray serverHeader = QByteArrayLiteral("s3cascade");
    bool tls = false;
    bool draining = false; // stopAccepting() was called
};

} // namespace s3c
