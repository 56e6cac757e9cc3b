#include "StatsSnapshot.h"

#include <numeric>

namespace s3c {

quint64 BackendStatsSnapshot::failuresTotal() const
{
    return std::accumulate(failures.begin(), failures.end(), quint64(0));
}

quint64 BackendStatsSnapshot::fallbackHits() const
{
    return std::accumulate(hitsAtDepth.begin() + 1, hitsAtDepth.end(), quint64(0));
}

} // namespace s3c
