#pragma once

#include <QtGlobal>

namespace s3c {

// Limits of the HTTP data path; each breach gets a clear answer (issue #2).
struct HttpLimits
{
    int maxRequestLineBytes = 16 * 1024;
    int maxHeaderBytes = 64 * 1024;
    int maxHeaderCount = 100;
    int headerTimeoutMs = 30 * 1000;      // whole request head must arrive within this
    int idleTimeoutMs = 60 * 1000;        // keep-alive connection with no request
    int bodyStallTimeoutMs = 60 * 1000;   // no body byte for this long while one is expected
    // Gateway-wide; lowered at start to what the open-file limit allows (ProcessLimits).
    int maxConnections = 4096;
    // Connections one client (IPv4 address, IPv6 /64) may hold across all threads; 0: no limit.
    int maxConnectionsPerClient = 256;
    int listenBacklog = 1024;
    qint64 bodyBufferBytes = 1024 * 1024; // per request, before reading the socket pauses
    qint64 maxSinglePutBytes = 5LL * 1024 * 1024 * 1024; // S3's single PUT limit (EntityTooLarge)
};

} // namespace s3c
