#include "PromotionCounters.h"

namespace s3c {

void PromotionCounters::add(Outcome outcome, qint64 bytes)
{
    m_outcomes[int(outcome)].fetch_add(1, std::memory_order_relaxed);
    if (outcome == Outcome::Copied && bytes > 0)
        m_bytesCopied.fetch_add(quint64(bytes), std::memory_order_relaxed);
}

void PromotionCounters::setLoad(int active, int queued)
{
    m_active.store(quint64(qMax(0, active)), std::memory_order_relaxed);
    m_queued.store(quint64(qMax(0, queued)), std::memory_order_relaxed);
}

PromotionStatsSnapshot PromotionCounters::snapshot() const
{
    const auto count = [this](Outcome o) { return m_outcomes[int(o)].load(std::memory_order_relaxed); };
    PromotionStatsSnapshot s;
    s.enabled = m_enabled.load(std::memory_order_relaxed);
    s.copied = count(Outcome::Copied);
    s.bytesCopied = m_bytesCopied.load(std::memory_order_relaxed);
    s.skippedChanged = count(Outcome::Changed);
    s.skippedTooLarge = count(Outcome::TooLarge);
    s.skippedBusy = count(Outcome::Busy);
    s.skippedInFlight = count(Outcome::InFlight);
    s.failed = count(Outcome::Failed);
    s.active = m_active.load(std::memory_order_relaxed);
    s.queued = m_queued.load(std::memory_order_relaxed);
    return s;
}

} // namespace s3c
