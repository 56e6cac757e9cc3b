#pragma once

#include "stats/StatsSnapshot.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

#include <deque>

namespace s3c {

// Reads served per backend over a sliding window (the chart's last 5 minutes): each snapshot's
// cumulative served-read counters become one sample of "reads since the previous snapshot".
// Bounded: samples older than the window are dropped. A change of the backend set (config
// reload, restart) starts a new history, since the counters start again from zero.
class ReadsHistory
{
public:
    struct Sample
    {
        QDateTime time;       // UTC
        QList<quint64> reads; // per backend, in backend order
    };

    explicit ReadsHistory(int windowSeconds = 300);

    void add(const StatsSnapshot &snapshot, const QDateTime &time);
    void clear();

    QStringList backends() const { return m_backends; }
    const std::deque<Sample> &samples() const { return m_samples; }
    int windowSeconds() const { return m_windowSeconds; }
    // Reads served by backend `index` within the window.
    quint64 total(int index) const;

    static quint64 readsServed(const BackendStatsSnapshot &backend);

private:
    int m_windowSeconds;
    QStringList m_backends;
    QList<quint64> m_last; // cumulative counters at the previous snapshot
    std::deque<Sample> m_samples;
};

} // namespace s3c
