#pragma once

#include "LatencyHistogram.h"
#include "StatsSnapshot.h"

#include <QMutex>

#include <array>
#include <atomic>

namespace s3c {

// The live counters of one backend. Every method is a relaxed atomic update, callable from any
// thread without a lock; snapshot() copies them into a plain struct for the GUI.
class BackendCounters
{
public:
    void addRequest() { m_requests.fetch_add(1, std::memory_order_relaxed); }
    // The same call by operation and result (0 hit, 1 miss, 2 client error, 3 + FailureKind).
    void addCall(BackendOperation operation, int result)
    {
        m_calls[size_t(operation)][size_t(result)].fetch_add(1, std::memory_order_relaxed);
    }
    quint64 calls(BackendOperation operation, int result) const
    {
        return m_calls[size_t(operation)][size_t(result)].load(std::memory_order_relaxed);
    }
    // A successful answer. For a cascaded read, depth says how many other backends were tried
    // before this one served it; -1 for anything else (writes, listings).
    void addHit(int depth = -1);
    void addMiss() { m_misses.fetch_add(1, std::memory_order_relaxed); }
    void addClientError() { m_clientErrors.fetch_add(1, std::memory_order_relaxed); }
    void addFailure(FailureKind kind) { m_failures[int(kind)].fetch_add(1, std::memory_order_relaxed); }
    void addBytesIn(qint64 bytes);
    void addBytesOut(qint64 bytes);
    void addLatency(qint64 micros) { m_latency.record(micros); }
    // Latency of calls the backend answered (found or not), which hedged reads wait on.
    void addAnswerLatency(qint64 micros) { m_answerLatency.record(micros); }
    quint64 answerCount() const { return m_answerLatency.count(); }
    qint64 answerLatencyPercentile(double q) const { return m_answerLatency.percentile(q); }
    // A read also sent to this backend because the one before it was slow (hedged).
    void addHedge() { m_hedges.fetch_add(1, std::memory_order_relaxed); }
    // A download that another backend broke off mid-body, carried on from this one (ResumingBody).
    void addResume() { m_resumes.fetch_add(1, std::memory_order_relaxed); }
    void setEjected(bool ejected);
    // Health as the statistics show it (issue #11). Transitions count once however often they
    // are re-asserted. `until`: when a passive ejection ends by itself (invalid: only a probe
    // ends it); the snapshot shows it healthy after that even if no request came to say so.
    void markEjected(const QString &reason, const QDateTime &until = {});
    // True when this ended an ejection.
    bool markReadmitted();
    // The reason of the latest failed call or probe; kept for the GUI and the admin API.
    void noteFailure(const QString &reason);
    void noteProbe(bool ok, const QString &reason = {});

    BackendStatsSnapshot snapshot(const QString &name) const;
    // Every call's latency, for the Prometheus histogram.
    const LatencyHistogram &latency() const { return m_latency; }

private:
    std::atomic<quint64> m_requests{0};
    std::array<std::array<std::atomic<quint64>, kCallResults>, kBackendOperations> m_calls{};
    std::atomic<quint64> m_hits{0};
    std::atomic<quint64> m_misses{0};
    std::atomic<quint64> m_clientErrors{0};
    std::array<std::atomic<quint64>, kFailureKinds> m_failures{};
    std::array<std::atomic<quint64>, kDepthSlots> m_hitsAtDepth{};
    std::atomic<quint64> m_bytesIn{0};
    std::atomic<quint64> m_bytesOut{0};
    std::atomic<bool> m_ejected{false};
    std::atomic<quint64> m_ejections{0};
    std::atomic<quint64> m_hedges{0};
    std::atomic<quint64> m_resumes{0};
    LatencyHistogram m_latency;
    LatencyHistogram m_answerLatency;
    // Written on failures and state changes only, never on the path of a successful call.
    mutable QMutex m_healthMutex;
    std::atomic<quint64> m_readmissions{0};
    QDateTime m_stateSince;
    QDateTime m_ejectedUntil;
    QString m_lastFailure;
    QDateTime m_lastFailureAt;
    QDateTime m_lastProbeAt;
    bool m_lastProbeOk = false;
};

} // namespace s3c
