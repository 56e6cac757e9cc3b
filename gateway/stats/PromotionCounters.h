#pragma once

#include "StatsSnapshot.h"

#include <atomic>

namespace s3c {

// The live counters of copy-on-read (PromotionStatsSnapshot): relaxed atomics, callable from
// any gateway thread without a lock; snapshot() copies them for the GUI.
class PromotionCounters
{
public:
    enum class Outcome { Copied, Changed, TooLarge, Busy, InFlight, Failed };

    void setEnabled(bool enabled) { m_enabled.store(enabled, std::memory_order_relaxed); }
    void add(Outcome outcome, qint64 bytes = 0);
    // Gauges, set by whoever holds the promoter's queue lock.
    void setLoad(int active, int queued);

    PromotionStatsSnapshot snapshot() const;

private:
    std::atomic<bool> m_enabled{false};
    static constexpr int kOutcomes = int(Outcome::Failed) + 1;
    std::atomic<quint64> m_outcomes[kOutcomes]{};
    std::atomic<quint64> m_bytesCopied{0};
    std::atomic<quint64> m_active{0};
    std::atomic<quint64> m_queued{0};
};

} // namespace s3c
