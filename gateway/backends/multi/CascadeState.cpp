#include "CascadeState.h"

#include "LocationCache.h"
#include "MissCache.h"
#include "MonotonicClock.h"
#include "OutlierDetector.h"
#include "PromoteOnRead.h"
#include "stats/Statistics.h"

namespace s3c {

std::shared_ptr<CascadeState> CascadeState::create(const QStringList &names, const MultiOptions &options,
                                                   std::shared_ptr<Statistics> stats,
                                                   std::shared_ptr<MonotonicClock> clock)
{
    auto state = std::make_shared<CascadeState>();
    state->stats = stats ? std::move(stats) : std::make_shared<Statistics>(names);
    state->clock = clock ? std::move(clock) : std::make_shared<MonotonicClock>();
    state->detector = std::make_shared<OutlierDetector>(int(names.size()), options.ejection, state->clock);
    // One backend (the posix and plain s3 modes run through a set of one): there is nothing to
    // skip, and a miss cache would only hide files put into the directory behind our back.
    const bool cascade = names.size() > 1;
    state->locations = std::make_shared<LocationCache>(cascade ? options.locationCacheTtlMs : 0,
                                                       options.locationCacheMaxBytes, state->clock,
                                                       state->stats->locationCache());
    state->misses = std::make_shared<MissCache>(cascade ? options.missCacheTtlMs : 0, options.missCacheMaxBytes,
                                                state->clock, state->stats->missCache());
    state->promoter = std::make_shared<PromoteOnRead>(options.promote, state->stats);
    return state;
}

} // namespace s3c
