#include "ReadsHistory.h"

#include <numeric>

namespace s3c {

ReadsHistory::ReadsHistory(int windowSeconds) : m_windowSeconds(windowSeconds)
{
}

quint64 ReadsHistory::readsServed(const BackendStatsSnapshot &backend)
{
    // hitsAtDepth counts only reads the cascade served (writes and listings are not in it).
    return std::accumulate(backend.hitsAtDepth.begin(), backend.hitsAtDepth.end(), quint64(0));
}

void ReadsHistory::clear()
{
    m_backends.clear();
    m_last.clear();
    m_samples.clear();
}

void ReadsHistory::add(const StatsSnapshot &snapshot, const QDateTime &time)
{
    QStringList names;
    QList<quint64> now;
    for (const BackendStatsSnapshot &backend : snapshot.backends) {
        names.append(backend.name);
        now.append(readsServed(backend));
    }
    bool restarted = names != m_backends;
    for (qsizetype i = 0; !restarted && i < now.size(); ++i)
        restarted = now.at(i) < m_last.at(i); // counters went back: a new Statistics
    if (restarted) {
        m_backends = names;
        m_samples.clear();
        m_last = now;
        m_samples.push_back({time, QList<quint64>(now.size(), 0)});
        return;
    }
    Sample sample{time, {}};
    for (qsizetype i = 0; i < now.size(); ++i)
        sample.reads.append(now.at(i) - m_last.at(i));
    m_last = now;
    m_samples.push_back(sample);
    const QDateTime oldest = time.addSecs(-m_windowSeconds);
    // A sample covers the second before its time: the one stamped exactly `oldest` is outside.
    while (!m_samples.empty() && m_samples.front().time <= oldest)
        m_samples.pop_front();
}

quint64 ReadsHistory::total(int index) const
{
    quint64 sum = 0;
    for (const Sample &sample : m_samples)
        sum += sample.reads.value(index);
    return sum;
}

} // namespace s3c
