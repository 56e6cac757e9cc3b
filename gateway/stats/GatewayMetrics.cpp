#include "GatewayMetrics.h"

namespace s3c {

int GatewayMetrics::slotOf(int operation)
{
    return operation >= 0 && operation < kOtherOperation ? operation : kOtherOperation;
}

void GatewayMetrics::recordRequest(int operation, int status, qint64 micros)
{
    Operation &op = m_operations[size_t(slotOf(operation))];
    const int statusSlot = status - kFirstStatus;
    if (statusSlot >= 0 && statusSlot < kStatusSlots)
        op.byStatus[size_t(statusSlot)].fetch_add(1, std::memory_order_relaxed);
    micros = qMax<qint64>(0, micros);
    int bucket = 0;
    while (bucket < int(kDurationBoundsUs.size()) && micros > kDurationBoundsUs[size_t(bucket)])
        ++bucket;
    op.duration[size_t(bucket)].fetch_add(1, std::memory_order_relaxed);
    op.count.fetch_add(1, std::memory_order_relaxed);
    op.sumUs.fetch_add(quint64(micros), std::memory_order_relaxed);
}

void GatewayMetrics::addBytesReceived(qint64 bytes)
{
    if (bytes > 0)
        m_bytesReceived.fetch_add(quint64(bytes), std::memory_order_relaxed);
}

void GatewayMetrics::addBytesSent(qint64 bytes)
{
    if (bytes > 0)
        m_bytesSent.fetch_add(quint64(bytes), std::memory_order_relaxed);
}

quint64 GatewayMetrics::requests(int operation, int status) const
{
    const int statusSlot = status - kFirstStatus;
    if (statusSlot < 0 || statusSlot >= kStatusSlots)
        return 0;
    return m_operations[size_t(slotOf(operation))].byStatus[size_t(statusSlot)].load(
        std::memory_order_relaxed);
}

quint64 GatewayMetrics::durationBucket(int operation, int bucket) const
{
    if (bucket < 0 || bucket >= kDurationBuckets)
        return 0;
    return m_operations[size_t(slotOf(operation))].duration[size_t(bucket)].load(std::memory_order_relaxed);
}

quint64 GatewayMetrics::durationCount(int operation) const
{
    return m_operations[size_t(slotOf(operation))].count.load(std::memory_order_relaxed);
}

quint64 GatewayMetrics::durationSumUs(int operation) const
{
    return m_operations[size_t(slotOf(operation))].sumUs.load(std::memory_order_relaxed);
}

} // namespace s3c
