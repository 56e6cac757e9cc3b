#pragma once

#include "stats/StatsSnapshot.h"

#include <optional>

namespace s3c {

// What the Statistics and Overview pages need from the gateway: a snapshot taken in the GUI
// thread without waiting for the gateway thread (Statistics::snapshot() only copies atomics and
// a small ring under a short lock). Empty when there is nothing to show: the gateway is stopped
// or counts nothing.
class StatsSource
{
public:
    virtual ~StatsSource() = default;
    virtual std::optional<StatsSnapshot> statsSnapshot() const = 0;
};

} // namespace s3c
