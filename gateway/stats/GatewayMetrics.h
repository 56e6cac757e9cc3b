#pragma once

#include <QtGlobal>

#include <array>
#include <atomic>

namespace s3c {

// Gateway-wide request counters for the Prometheus exposition (issue #13 "Prometheus metrics"),
// kept by the HTTP layer for every request in every mode (embedded directory, posix, s3-multi),
// whatever answered it: the dispatcher, an auth failure or the parser. Every update is a relaxed
// atomic on fixed arrays indexed by operation and status, so the request path takes no lock and
// allocates nothing; a scrape reads them while others write (each counter is exact, the set may
// be a few increments apart, as Prometheus expects of a live process).
class GatewayMetrics
{
public:
    // Operation slots: the S3 dispatcher tags a request with its S3Operation value; untagged
    // requests (parse errors, preflights, the health path) count in kOtherOperation.
    static constexpr int kOperationSlots = 32;
    static constexpr int kOtherOperation = kOperationSlots - 1;
    // Status 100..599, one slot each: the label set stays bounded without a lookup.
    static constexpr int kFirstStatus = 100;
    static constexpr int kStatusSlots = 500;
    // Upper bounds (le) of the request duration histogram, in microseconds; the last, implicit
    // bucket is +Inf. Spaced as Prometheus' defaults, from 1 ms to 60 s.
    static constexpr std::array<qint64, 12> kDurationBoundsUs = {
        1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 10000000, 60000000};
    static constexpr int kDurationBuckets = int(kDurationBoundsUs.size()) + 1;

    // operation: an S3Operation value, or negative / out of range for "other".
    void recordRequest(int operation, int status, qint64 micros);
    void addBytesReceived(qint64 bytes);
    void addBytesSent(qint64 bytes);
    void connectionOpened() { m_connections.fetch_add(1, std::memory_order_relaxed); }
    void connectionClosed() { m_connections.fetch_sub(1, std::memory_order_relaxed); }

    quint64 requests(int operation, int status) const;
    // Non-cumulative count of bucket `bucket` (0 .. kDurationBuckets-1).
    quint64 durationBucket(int operation, int bucket) const;
    quint64 durationCount(int operation) const;
    quint64 durationSumUs(int operation) const;
    quint64 bytesReceived() const { return m_bytesReceived.load(std::memory_order_relaxed); }
    quint64 bytesSent() const { return m_bytesSent.load(std::memory_order_relaxed); }
    qint64 connectionsOpen() const { return m_connections.load(std::memory_order_relaxed); }

    static int slotOf(int operation);

private:
    struct Operation
    {
        std::array<std::atomic<quint64>, kStatusSlots> byStatus{};
        std::array<std::atomic<quint64>, kDurationBuckets> duration{};
        std::atomic<quint64> count{0};
        std::atomic<quint64> sumUs{0};
    };
    std::array<Operation, kOperationSlots> m_operations{};
    std::atomic<quint64> m_bytesReceived{0};
    std::atomic<quint64> m_bytesSent{0};
    std::atomic<qint64> m_connections{0};
};

} // namespace s3c
