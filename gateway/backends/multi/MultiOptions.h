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

// Hedged reads (issue #11): when a backend has not answered a read within the delay, the next
// backend is asked as well and the first good answer wins.
struct HedgeOptions
{
    // -1: adaptive, twice the backend's p95 answer latency clamped to [minMs, maxMs] (maxMs
    // until it answered minSamples reads); 0: never hedge; N > 0: after N ms.
    int afterMs = -1;
    int minMs = 50;
    int maxMs = 1000;
    int minSamples = 20;
};

// Active health (issue #11): each backend that wants it is probed on its own with a cheap
// signed request (HeadBucket of a name no one uses: any S3 answer, 404 or 403, means alive); a
// probe that fails or is not answered within timeoutMs ejects it at once, one that succeeds
// readmits it. Probes run every intervalMs, every ejectedIntervalMs while ejected.
struct HealthOptions
{
    bool enabled = true;
    bool prober = false; // this copy of the set sends the probes (one per gateway, not per thread)
    int intervalMs = 5000;
    int ejectedIntervalMs = 1000;
    int timeoutMs = 1000;
};

// Mid-stream failover of GET (issue #11, ResumingBody): when the backend serving a download
// breaks after the response started, the rest is asked of another holder of the same object
// with a Range request from the first byte not yet sent.
struct ResumeOptions
{
    // Resumes one download may start (each may ask several backends); 0 switches resuming off.
    int maxAttempts = 3;
    // No byte from the serving backend for this long while its client waits for one (not while
    // the client is the slow side) counts as a stall: a resume is asked for, and the first of
    // the two to deliver carries on. 0: only a broken body resumes (S3 backends break a body
    // that moved no byte for 120 s themselves).
    int stallMs = 2000;
    // How long each backend asked to resume has to answer with its response head.
    int timeoutMs = 5000;
};

// Copy-on-read (issue #11, as Cloudflare R2 Sippy migrates): an object a fallback served is
// copied into the primary in the background (PromoteOnRead), with a conditional write that
// never replaces what the primary holds.
struct PromoteOptions
{
    bool enabled = false;
    int concurrency = 4;                        // copies running at once, over all gateway threads
    int queue = 64;                             // copies waiting for a slot; beyond: skipped
    qint64 maxBytes = 5LL * 1024 * 1024 * 1024; // larger objects are not copied (one PutObject)
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
    HedgeOptions hedge;
    HealthOptions health;
    ResumeOptions resume;
    PromoteOptions promote;
    // The read caches (issue #11, ReadPlan): how long "key K was served by backend N" and
    // "backend N said K is not there" are trusted (0 disables that cache), and the memory each
    // may hold (keys plus per-entry overhead, LruTable::entryCost; least recently used go
    // first). A byte cap rather than an entry count: keys run from 1 to 1024 bytes, and memory
    // is what an operator budgets. 16 MiB is some 60 000 entries of 40-character keys.
    qint64 locationCacheTtlMs = 5 * 1000;
    qint64 locationCacheMaxBytes = 16 * 1024 * 1024;
    qint64 missCacheTtlMs = 5 * 1000;
    qint64 missCacheMaxBytes = 16 * 1024 * 1024;
};

} // namespace s3c
