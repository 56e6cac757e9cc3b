#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <array>

namespace s3c {

// Why a backend call failed, as the statistics count it. Refused, Timeout and Reset come from
// the transport (FailureCause); ServerError is a 5xx the backend answered itself.
enum class FailureKind { Refused, Timeout, Reset, ServerError, Other };
inline constexpr int kFailureKinds = 5;

// What a backend call was for, as the Prometheus counter labels it (bounded: four values).
enum class BackendOperation { Read, Write, Delete, List };
inline constexpr int kBackendOperations = 4;
// How a call ended: hit, miss, client error, then one per FailureKind.
inline constexpr int kCallResults = 3 + kFailureKinds;

// Reads served at depth 0 (first backend tried), 1, ... ; the last slot counts every deeper one.
inline constexpr int kDepthSlots = 4;

// Plain copies handed to the GUI thread: no atomics, no locks, safe to keep.
struct BackendStatsSnapshot
{
    QString name;
    quint64 requests = 0;     // calls made to this backend
    quint64 hits = 0;         // calls it answered successfully (for reads: it served them)
    quint64 misses = 0;       // NoSuchKey / NoSuchBucket answers
    quint64 clientErrors = 0; // other definitive S3 answers: 403, 412, 304, 416 ...
    std::array<quint64, kFailureKinds> failures{};
    // Reads it served, by how many other backends had been tried first.
    std::array<quint64, kDepthSlots> hitsAtDepth{};
    quint64 bytesIn = 0;  // object bytes written to it
    quint64 bytesOut = 0; // object bytes it handed out for reads
    quint64 latencyCount = 0;
    qint64 latencyP50Us = 0; // from a log-bucketed histogram: within 25 %
    qint64 latencyP95Us = 0;
    bool ejected = false;  // outlier ejection currently skips it
    quint64 ejections = 0; // times it was ejected
    quint64 readmissions = 0; // times an ejection ended (a probe passed, or its window ran out)
    QDateTime stateSince;     // UTC, when it last went from healthy to ejected or back; invalid: never
    QDateTime ejectedUntil;   // UTC, while ejected by failures: when it will be tried again
                              // (invalid: until a health probe succeeds)
    QString lastFailure;      // why its last call or health probe failed (no secrets); empty: never
    QDateTime lastFailureAt;  // UTC
    QDateTime lastProbeAt;    // UTC, the last active health probe's answer; invalid: not probed
    bool lastProbeOk = false;
    quint64 hedges = 0;    // reads also sent here because the backend before was slow
    quint64 resumes = 0;   // downloads another backend broke off mid-body, finished from here

    quint64 failureCount(FailureKind kind) const { return failures[static_cast<int>(kind)]; }
    quint64 failuresTotal() const;
    quint64 fallbackHits() const; // reads it served after another backend was tried
};

// One line of the GUI's table of recent requests.
struct RecentRequest
{
    quint64 sequence = 0; // 1, 2, ... in recording order; lets a poller fetch only new lines
    QDateTime time;       // UTC, when the request finished
    QString operation;    // "GetObject", "PutObject", ...
    QString bucket;
    QString key;
    int status = 0;  // HTTP status the gateway answers with
    QString backend; // who served it, empty if nobody did
    qint64 latencyUs = 0;
    qint64 bytes = 0;
    QString method; // "GET", "PUT", ...: the operation's HTTP method (RecentRequests::httpMethod)
};

// Copy-on-read ("promoteOnRead", issue #11): objects served from a fallback copied into the
// primary in the background. Every offer ends in exactly one of copied, a skipped* or failed.
struct PromotionStatsSnapshot
{
    bool enabled = false;
    quint64 copied = 0;
    quint64 bytesCopied = 0;
    quint64 skippedChanged = 0;  // the primary held the key (conditional write refused), a write or
                                 // delete through the gateway came first, or the fallback's copy changed
    quint64 skippedTooLarge = 0; // over promoteMaxBytes
    quint64 skippedBusy = 0;     // queue full, or the primary ejected
    quint64 skippedInFlight = 0; // the same key was being copied already
    quint64 failed = 0;          // a backend failed during the copy; the next read offers it again
    quint64 active = 0;          // copies running now
    quint64 queued = 0;          // copies waiting for a slot

    quint64 skipped() const { return skippedChanged + skippedTooLarge + skippedBusy + skippedInFlight; }
};

// One read cache of the backend set (issue #11): the location cache (key -> the backend that
// served it) or the miss cache ((backend, key) -> answered not-found).
struct CacheStatsSnapshot
{
    quint64 lookups = 0;       // reads that consulted it
    quint64 hits = 0;          // ... and found a fresh entry
    quint64 skipped = 0;       // backend requests not made thanks to it
    quint64 stale = 0;         // entries a read relied on that proved wrong (the read retried)
    quint64 answered = 0;      // miss cache: reads answered not-found without asking anyone
    quint64 evictions = 0;     // entries dropped to stay within the memory cap
    quint64 invalidations = 0; // our own writes and deletes that made it forget
    qint64 entries = 0;
    qint64 bytes = 0; // estimated memory held (keys plus per-entry overhead)
};

struct StatsSnapshot
{
    QList<BackendStatsSnapshot> backends; // in cascade order
    PromotionStatsSnapshot promotion;
    CacheStatsSnapshot locationCache;
    CacheStatsSnapshot missCache;
    QList<RecentRequest> recent;          // oldest first
    quint64 recentTotal = 0;              // requests ever recorded (the ring keeps the last few)
};

} // namespace s3c
