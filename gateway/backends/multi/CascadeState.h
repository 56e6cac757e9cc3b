#pragma once

#include "MultiOptions.h"

#include <QStringList>

#include <memory>

namespace s3c {

class LocationCache;
class MissCache;
class MonotonicClock;
class OutlierDetector;
class PromoteOnRead;
class Statistics;

// What every copy of one backend set shares. The gateway serves from several threads, each with
// its own MultiBackend over its own backend objects (sockets and timers belong to one thread),
// but health and knowledge must be one: a backend ejected by one thread is skipped by all, a
// write through one thread is seen by the read caches of all, and the GUI reads one set of
// statistics.
struct CascadeState
{
    std::shared_ptr<Statistics> stats;
    std::shared_ptr<MonotonicClock> clock;
    std::shared_ptr<OutlierDetector> detector;
    std::shared_ptr<LocationCache> locations;
    std::shared_ptr<PromoteOnRead> promoter; // copy-on-read: one queue and one set of keys in flight
    std::shared_ptr<MissCache> misses;

    // stats and clock are made when null (stats must then name `names`).
    static std::shared_ptr<CascadeState> create(const QStringList &names, const MultiOptions &options,
                                                std::shared_ptr<Statistics> stats = {},
                                                std::shared_ptr<MonotonicClock> clock = {});
};

} // namespace s3c
