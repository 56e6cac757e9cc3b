#include "MetricsExporter.h"

#include "ProcessMetrics.h"
#include "s3/S3Router.h"
#include "stats/GatewayMetrics.h"
#include "stats/Statistics.h"

#include <QLocale>

namespace s3c {

namespace {

// The S3Operation values fit the fixed slots of GatewayMetrics, the last being "other".
static_assert(int(S3Operation::DeleteObjectTagging) < GatewayMetrics::kOtherOperation,
              "GatewayMetrics::kOperationSlots is too small for S3Operation");

// Upper bounds of the backend latency histogram: powers of four in microseconds (1.024 ms to
// 67 s), which are bucket edges of LatencyHistogram, so each cumulative count is exact.
constexpr qint64 kBackendBoundsUs[] = {1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18,
                                       1 << 20, 1 << 22, 1 << 24, 1 << 26};

class Writer
{
public:
    void header(const char *name, const char *type, const char *help)
    {
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += help;
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }
    void sample(const QByteArray &name, const QByteArray &labels, double value)
    {
        m_out += name;
        if (!labels.isEmpty())
            m_out += '{' + labels + '}';
        m_out += ' ';
        m_out += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
        m_out += '\n';
    }
    void sample(const QByteArray &name, const QByteArray &labels, quint64 value)
    {
        m_out += name;
        if (!labels.isEmpty())
            m_out += '{' + labels + '}';
        m_out += ' ';
        m_out += QByteArray::number(value);
        m_out += '\n';
    }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

QByteArray label(const char *name, const QByteArray &value)
{
    return QByteArray(name) + "=\"" + value + '"';
}

QByteArray seconds(qint64 micros)
{
    return QByteArray::number(double(micros) / 1e6, 'g', QLocale::FloatingPointShortest);
}

QByteArray operationName(int slot)
{
    return slot == GatewayMetrics::kOtherOperation ? QByteArray("Other")
                                                   : QByteArray(S3Router::name(S3Operation(slot)));
}

void renderRequests(Writer &w, const GatewayMetrics &m)
{
    w.header("s3cascade_requests_total", "counter",
             "S3 requests answered, by operation and HTTP status (499: the client left first).");
    for (int op = 0; op < GatewayMetrics::kOperationSlots; ++op) {
        if (m.durationCount(op) == 0)
            continue;
        for (int i = 0; i < GatewayMetrics::kStatusSlots; ++i) {
            const int status = GatewayMetrics::kFirstStatus + i;
            if (const quint64 n = m.requests(op, status))
                w.sample("s3cascade_requests_total",
                         label("operation", operationName(op)) + ',' +
                             label("code", QByteArray::number(status)),
                         n);
        }
    }
    w.header("s3cascade_request_duration_seconds", "histogram",
             "Time from a request's complete head to the end of its answer, by operation.");
    for (int op = 0; op < GatewayMetrics::kOperationSlots; ++op) {
        const quint64 count = m.durationCount(op);
        if (count == 0)
            continue;
        const QByteArray opLabel = label("operation", operationName(op));
        quint64 cumulative = 0;
        for (int b = 0; b < int(GatewayMetrics::kDurationBoundsUs.size()); ++b) {
            cumulative += m.durationBucket(op, b);
            w.sample("s3cascade_request_duration_seconds_bucket",
                     opLabel + ',' + label("le", seconds(GatewayMetrics::kDurationBoundsUs[size_t(b)])),
                     cumulative);
        }
        cumulative += m.durationBucket(op, GatewayMetrics::kDurationBuckets - 1);
        // +Inf equals _count, read once: a request counted between the reads must not make
        // the buckets disagree with it.
        w.sample("s3cascade_request_duration_seconds_bucket", opLabel + ',' + label("le", "+Inf"),
                 cumulative);
        w.sample("s3cascade_request_duration_seconds_sum", opLabel, double(m.durationSumUs(op)) / 1e6);
        w.sample("s3cascade_request_duration_seconds_count", opLabel, cumulative);
    }
    w.header("s3cascade_bytes_received_total", "counter",
             "Bytes read from S3 clients (request heads and bodies).");
    w.sample("s3cascade_bytes_received_total", {}, m.bytesReceived());
    w.header("s3cascade_bytes_sent_total", "counter",
             "Bytes written to S3 clients (response heads and bodies).");
    w.sample("s3cascade_bytes_sent_total", {}, m.bytesSent());
    w.header("s3cascade_connections_open", "gauge", "S3 client connections open now.");
    w.sample("s3cascade_connections_open", {}, double(qMax<qint64>(0, m.connectionsOpen())));
}

void renderBackends(Writer &w, Statistics &stats)
{
    const int count = stats.backendCount();
    QList<BackendStatsSnapshot> snaps;
    QList<QByteArray> names;
    for (int i = 0; i < count; ++i) {
        snaps.append(stats.backend(i).snapshot(stats.backendName(i)));
        names.append(label("backend", MetricsExporter::escapeLabel(stats.backendName(i))));
    }
    w.header(
        "s3cascade_cascade_reads_total", "counter",
        "Reads served, by the position in the cascade (1: the primary) of the backend that served them.");
    for (int i = 0; i < count; ++i) {
        quint64 served = 0;
        for (quint64 n : snaps[i].hitsAtDepth)
            served += n;
        w.sample("s3cascade_cascade_reads_total", label("served_by_position", QByteArray::number(i + 1)),
                 served);
    }
    w.header("s3cascade_backend_requests_total", "counter",
             "Calls to each backend, by what they were for and how they ended.");
    static const char *const kOperationNames[kBackendOperations] = {"read", "write", "delete", "list"};
    static const char *const kResultNames[kCallResults] = {"hit",   "miss",         "client_error", "refused",
                                                           "timeout", "reset", "server_error", "other"};
    for (int i = 0; i < count; ++i) {
        const BackendCounters &counters = stats.backend(i);
        for (int op = 0; op < kBackendOperations; ++op) {
            for (int r = 0; r < kCallResults; ++r) {
                const quint64 n = counters.calls(BackendOperation(op), r);
                // Only outcomes seen, and always the read hits: the series exists from the start.
                if (n == 0 && !(op == 0 && r == 0))
                    continue;
                w.sample("s3cascade_backend_requests_total",
                         names[i] + ",operation=\"" + kOperationNames[op] + "\",result=\"" + kResultNames[r] + '"', n);
            }
        }
    }
    w.header("s3cascade_backend_request_duration_seconds", "histogram", "Latency of each backend's calls.");
    for (int i = 0; i < count; ++i) {
        const LatencyHistogram &h = stats.backend(i).latency();
        const quint64 total = h.count();
        for (qint64 bound : kBackendBoundsUs)
            w.sample("s3cascade_backend_request_duration_seconds_bucket",
                     names[i] + ',' + label("le", seconds(bound)), qMin(total, h.countBelow(bound)));
        w.sample("s3cascade_backend_request_duration_seconds_bucket", names[i] + ",le=\"+Inf\"", total);
        w.sample("s3cascade_backend_request_duration_seconds_sum", names[i], double(h.sumMicros()) / 1e6);
        w.sample("s3cascade_backend_request_duration_seconds_count", names[i], total);
    }
    w.header("s3cascade_backend_up", "gauge",
             "1 while the backend is in the cascade, 0 while it is ejected.");
    for (int i = 0; i < count; ++i)
        w.sample("s3cascade_backend_up", names[i], double(snaps[i].ejected ? 0 : 1));
    w.header("s3cascade_backend_ejections_total", "counter", "Times each backend was ejected for failing.");
    for (int i = 0; i < count; ++i)
        w.sample("s3cascade_backend_ejections_total", names[i], snaps[i].ejections);
}

void renderProcess(Writer &w, const ProcessMetrics &p)
{
    if (p.cpuSeconds >= 0) {
        w.header("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
        w.sample("process_cpu_seconds_total", {}, p.cpuSeconds);
    }
    if (p.residentBytes >= 0) {
        w.header("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        w.sample("process_resident_memory_bytes", {}, double(p.residentBytes));
    }
    if (p.virtualBytes >= 0) {
        w.header("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
        w.sample("process_virtual_memory_bytes", {}, double(p.virtualBytes));
    }
    if (p.openFds >= 0) {
        w.header("process_open_fds", "gauge", "Number of open file descriptors.");
        w.sample("process_open_fds", {}, double(p.openFds));
    }
    if (p.maxFds >= 0) {
        w.header("process_max_fds", "gauge", "Maximum number of open file descriptors.");
        w.sample("process_max_fds", {}, double(p.maxFds));
    }
    if (p.startTimeSeconds >= 0) {
        w.header("process_start_time_seconds", "gauge",
                 "Start time of the process since unix epoch in seconds.");
        w.sample("process_start_time_seconds", {}, p.startTimeSeconds);
    }
}

} // namespace

QByteArray MetricsExporter::escapeLabel(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (char c : utf8) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

QByteArray MetricsExporter::render(const GatewayMetrics &metrics, Statistics *stats,
                                   const ProcessMetrics &process, const BuildInfo &build)
{
    Writer w;
    renderRequests(w, metrics);
    if (stats)
        renderBackends(w, *stats);
    w.header("s3cascade_build_info", "gauge", "Always 1; the labels say which build runs.");
    w.sample("s3cascade_build_info",
             label("version", escapeLabel(build.version)) + ',' + label("qt", escapeLabel(build.qt)) + ',' +
                 label("openssl", escapeLabel(build.openssl)),
             1.0);
    renderProcess(w, process);
    return w.take();
}

} // namespace s3c
