#pragma once

#include "BackendCounters.h"
#include "PromotionCounters.h"
#include "CacheCounters.h"
#include "RecentRequests.h"
#include "StatsSnapshot.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace s3c {

// Everything the gateway counts about its backends, shared between the gateway threads (which
// records) and the GUI thread (which takes snapshots). The set of backends is fixed at
// construction, so looking one up takes no lock; a config reload makes a new Statistics. The
// recent requests are about the gateway, not one backend set: a reload passes the old ring on, so
// the request count and the table survive it.
class Statistics
{
public:
    explicit Statistics(const QStringList &backendNames, int recentCapacity = 256);
    Statistics(const QStringList &backendNames, std::shared_ptr<RecentRequests> recent);
    ~Statistics();

    int backendCount() const { return int(m_backends.size()); }
    QString backendName(int index) const { return m_names.at(index); }
    BackendCounters &backend(int index) { return *m_backends.at(size_t(index)); }
    // Copy-on-read of this backend set (one for all its threads).
    PromotionCounters &promotion() { return m_promotion; }
    RecentRequests &recent() { return *m_recent; }
    std::shared_ptr<RecentRequests> sharedRecent() const { return m_recent; }
    // The backend set's read caches count into these (shared: the caches may outlive a lookup).
    const std::shared_ptr<CacheCounters> &locationCache() const { return m_locationCache; }
    const std::shared_ptr<CacheCounters> &missCache() const { return m_missCache; }

    // A plain copy, safe to take from any thread at any time.
    StatsSnapshot snapshot() const;

private:
    const QStringList m_names;
    std::vector<std::unique_ptr<BackendCounters>> m_backends;
    PromotionCounters m_promotion;
    std::shared_ptr<RecentRequests> m_recent;
    std::shared_ptr<CacheCounters> m_locationCache = std::make_shared<CacheCounters>();
    std::shared_ptr<CacheCounters> m_missCache = std::make_shared<CacheCounters>();
};

} // namespace s3c
