#pragma once

#include "base/Result.h"
#include "stats/StatsSnapshot.h"

#include <QList>

#include <functional>
#include <memory>
#include <optional>

namespace s3c {

class MultiCore;

// Asks several backends at once and waits for all of them (merged listings, delete-from-all).
// Every call is recorded in the statistics and the outlier detector as it comes back.
class FanOut
{
public:
    using Report = std::function<void(const Failure *failure)>;
    using Attempt = std::function<void(int backend, Report report)>;
    // One entry per backend asked, in the order given: nullopt when it succeeded.
    using Finish =
        std::function<void(const QList<int> &backends, const QList<std::optional<Failure>> &failures)>;

    static void run(const std::shared_ptr<MultiCore> &core, BackendOperation operation, const QList<int> &backends,
                    Attempt attempt, Finish finish);
};

} // namespace s3c
