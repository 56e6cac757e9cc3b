#include "Statistics.h"

namespace s3c {

Statistics::Statistics(const QStringList &backendNames, int recentCapacity)
    : Statistics(backendNames, std::make_shared<RecentRequests>(recentCapacity))
{
}

Statistics::Statistics(const QStringList &backendNames, std::shared_ptr<RecentRequests> recent)
    : m_names(backendNames), m_recent(recent ? std::move(recent) : std::make_shared<RecentRequests>())
{
    m_backends.reserve(size_t(backendNames.size()));
    for (qsizetype i = 0; i < backendNames.size(); ++i)
        m_backends.push_back(std::make_unique<BackendCounters>());
}

Statistics::~Statistics() = default;

StatsSnapshot Statistics::snapshot() const
{
    StatsSnapshot s;
    s.backends.reserve(m_names.size());
    for (size_t i = 0; i < m_backends.size(); ++i)
        s.backends.append(m_backends[i]->snapshot(m_names.at(qsizetype(i))));
    s.promotion = m_promotion.snapshot();
    s.recent = m_recent->entries();
    s.recentTotal = m_recent->total();
    s.locationCache = m_locationCache->snapshot();
    s.missCache = m_missCache->snapshot();
    return s;
}

} // namespace s3c
