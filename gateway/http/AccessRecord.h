#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace s3c {

// One line of the access log, filled while the request is served: the HTTP layer knows the
// client, status, sizes and timing; the application (S3Dispatcher) adds who asked for what.
// Only moved onto the log's queue at the end; formatting happens on the log's writer thread.
// Nothing here may hold a secret: no request target (a presigned URL's query carries its
// signature), no Authorization header, only the access key id.
struct AccessRecord
{
    qint64 startMs = 0;    // wall clock when the request head arrived, ms since the epoch
    qint64 durationNs = 0; // head arrived -> last response byte handed to the kernel
    QHostAddress remote;
    QByteArray method;
    QByteArray requestId;
    QByteArray userAgent;       // as sent; the writer bounds it
    QString accessKey;          // the key id the request was signed with (or claimed to be)
    const char *operation = ""; // static string: "GetObject", ... (S3Router::name), "" if unknown
    QString bucket;
    QString key;
    QByteArray backend;   // x-s3cascade-backend of the answer: who served the read
    int status = 0;       // 0: no response was started
    qint64 bytesIn = 0;   // request body bytes as received (after HTTP chunked framing)
    qint64 bytesOut = 0;  // response body bytes handed to the socket
    bool complete = true; // false: the client left or the response was aborted mid-way
};

} // namespace s3c
