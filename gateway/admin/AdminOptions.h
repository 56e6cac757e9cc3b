#pragma once

#include <QByteArray>
#include <QHostAddress>

namespace s3c {

// The admin API's listener (issue #13 "Admin listener"): off unless --admin is given.
struct AdminOptions
{
    bool enabled = false;
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;
    // The bearer token (S3CASCADE_ADMIN_TOKEN, else the 0600 file beside credentials.json).
    // Never logged, never sent.
    QByteArray token;
    // --admin-auth-all: /healthz, /readyz and /metrics need the token too.
    bool authAll = false;
    // A request head and body together may not exceed this; larger ones are refused before
    // QHttpServer (which has no limit of its own, design-notes.md #1) buffers them.
    qint64 maxRequestBytes = 1024 * 1024;
    int idleTimeoutMs = 60 * 1000;    // a connection with no byte in either direction
    int requestTimeoutMs = 30 * 1000; // a request begun must be complete within this
    int maxConnections = 64;          // admin clients are few: a dashboard, a GUI, curl
};

} // namespace s3c
