#pragma once

#include "auth/Credentials.h"
#include "http/HttpLimits.h"
#include "s3/S3Settings.h"

#include <QHostAddress>
#include <QString>

namespace s3c {

// Everything needed to run one gateway, as decided by the command line or saved configuration.
struct GatewayOptions
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 7070;
    QString certFile; // --cert / --key: serve HTTPS
    QString keyFile;
    QString posixRoot; // the local directory served
    Credentials credentials;
    S3Settings s3;
    HttpLimits limits;
    int shutdownGraceMs = 10000; // in-flight requests get this long after SIGTERM
};

} // namespace s3c
