#pragma once

#include <QtGlobal>

namespace s3c {

// The process_* figures every Prometheus client library exports (client_python's
// ProcessCollector), read from /proc on Linux; -1 where the platform does not tell.
struct ProcessMetrics
{
    qint64 residentBytes = -1;
    qint64 virtualBytes = -1;
    qint64 openFds = -1;
    qint64 maxFds = -1;
    double cpuSeconds = -1;
    double startTimeSeconds = -1; // since the Unix epoch

    static ProcessMetrics read();
};

} // namespace s3c
