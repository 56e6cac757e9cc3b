#pragma once

#include "base/Result.h"
#include "stats/StatsSnapshot.h"

namespace s3c {

// What one backend's answer means for the cascade (issue #3 "Cascade semantics").
enum class CascadeOutcome {
    Served,   // it answered successfully
    NotFound, // NoSuchKey / NoSuchBucket: ask the next backend; never a health problem
    Failed,   // it could not answer (transport cause or 5xx): ask the next, count toward ejection
    Answered, // any other S3 answer (403, 412, 304, 416, 501 ...): final, returned as is
};

CascadeOutcome cascadeOutcome(const Failure *failure);
inline CascadeOutcome cascadeOutcome(const Failure &failure)
{
    return cascadeOutcome(&failure);
}
// How the statistics file a failure whose outcome is Failed.
FailureKind failureKind(const Failure &failure);

} // namespace s3c
