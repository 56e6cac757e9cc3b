#pragma once

#include <QtGlobal>

namespace s3c {

// Outlier ejection as Envoy does it (design-notes.md #3): after `consecutiveFailures` failures
// in a row a backend is skipped for base * n (n: how often it was ejected lately, capped at
// max), then the next request probes it; a failed probe ejects it again at once, a success
// restores it. Not-found answers are never failures.
struct EjectionOptions
{
    bool enabled = true;
    int consecutiveFailures = 5; // Envoy's consecutive_5xx default
    qint64 baseEjectionMs = 30 * 1000;
    qint64 maxEjectionMs = 300 * 1000;
};

struct MultiOptions
{
    enum class DeletePolicy {
        Primary, // DeleteObject(s) reach the primary only; a fallback's copy stays readable
        All,     // every writable backend, so a deleted object cannot resurface from a fallback
    };
    DeletePolicy deletePolicy = DeletePolicy::Primary;
    // A listing with a failed backend answers with what the others hold (flagged partial)
    // instead of 503.
    bool partialListing = false;
    EjectionOptions ejection;
    // LocationCache: how long "key K was found on backend N, the ones before it lack it" is
    // trusted (0 disables it), and how many keys it remembers.
    qint64 locationCacheTtlMs = 5 * 1000;
    int locationCacheEntries = 10000;
};

} // namespace s3c
