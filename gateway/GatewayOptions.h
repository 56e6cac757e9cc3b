#pragma once

#include "admin/AdminOptions.h"
#include "auth/Credentials.h"
#include "config/BackendsConfig.h"
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
    // What is served: `backends` when it has entries (s3-multi, or the saved configuration),
    // else the one local directory `posixRoot`. GatewaySetup::resolve() turns the latter into a
    // one-entry configuration, so the gateway itself only ever runs a BackendsConfig.
    QString posixRoot;
    QString configFile; // s3-multi --config FILE
    BackendsConfig backends;
    Credentials credentials;
    S3Settings s3;
    HttpLimits limits;
    int shutdownGraceMs = 10000; // in-flight requests get this long after SIGTERM
    // --drain-delay: after SIGTERM, keep serving this long while isDraining() already tells a
    // load balancer's health check to stop sending, every answer closing its connection; then
    // stop as above. 0: stop at once.
    int drainDelayMs = 0;
    // --access-log: one JSON line per request to this file ("-": standard output); empty: none.
    QString accessLogPath;
    // Threads serving requests, each with its own connections and copy of the backends
    // (Gateway): 0 picks one per core, at most kMaxWorkerThreads.
    static constexpr int kMaxWorkerThreads = 16;
    int workerThreads = 0;
    AdminOptions admin; // --admin: the admin API beside the S3 endpoint
};

} // namespace s3c
