#pragma once

#include <QByteArray>
#include <QString>

namespace s3c {

class GatewayMetrics;
class Statistics;
struct ProcessMetrics;

// The Prometheus text exposition format 0.0.4 of the gateway's counters (issue #13 "Prometheus
// metrics"). Names follow the Prometheus conventions: base units (seconds, bytes), `_total` for
// counters, histograms in seconds, and only bounded labels (operation, status code, backend name
// from the configuration, a position in the cascade); never a bucket or key.
class MetricsExporter
{
public:
    struct BuildInfo
    {
        QString version;
        QString qt;
        QString openssl;
    };

    static QByteArray render(const GatewayMetrics &metrics, Statistics *stats, const ProcessMetrics &process,
                             const BuildInfo &build);
    static constexpr const char *kContentType = "text/plain; version=0.0.4; charset=utf-8";
    // A label value with \, " and newline escaped (exposition format, "Text format details").
    static QByteArray escapeLabel(const QString &value);
};

} // namespace s3c
