#pragma once

#include "CascadeOutcome.h"
#include "CascadeState.h"
#include "LocationCache.h"
#include "MissCache.h"
#include "MultiOptions.h"
#include "OutlierDetector.h"
#include "PromoteOnRead.h"

#include <QList>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace s3c {

class Backend;
class BodyStream;
class MonotonicClock;
class Statistics;

// State shared by a MultiBackend and its requests in flight: the backends in cascade order,
// options, and the CascadeState (outlier ejection, read caches, statistics) it shares with
// the copies of the set in the gateway's other threads. Callbacks hold it by shared_ptr, so an answer that
// arrives after a config reload replaced the MultiBackend still lands somewhere valid.
class MultiCore
{
public:
    MultiCore(const QList<Backend *> &backends, const MultiOptions &options,
              std::shared_ptr<CascadeState> state);
    ~MultiCore();

    static QStringList namesOf(const QList<Backend *> &backends);

    int count() const { return int(m_backends.size()); }
    Backend *backend(int index) const { return m_backends.at(index); }
    Backend *primary() const { return m_backends.first(); }
    QString name(int index) const { return m_names.at(index); }
    const MultiOptions &options() const { return m_options; }
    Statistics &stats() const { return *m_state->stats; }
    const std::shared_ptr<Statistics> &sharedStats() const { return m_state->stats; }
    const OutlierDetector &detector() const { return *m_state->detector; }
    LocationCache &locations() { return *m_state->locations; }
    PromoteOnRead &promoter() { return *m_state->promoter; }
    MissCache &misses() { return *m_state->misses; }
    const std::shared_ptr<LocationCache> &sharedLocations() const { return m_state->locations; }
    const std::shared_ptr<MissCache> &sharedMisses() const { return m_state->misses; }
    // Our own write or delete of the key finished (or failed, and may have landed): every read
    // cache of the set, in every thread, forgets it. An empty key: a bucket was created or
    // deleted, and they forget everything. Any new path that changes what reads find must
    // call this (settleWrite does for the primary-only writes).
    void forgetKey(const QString &bucket, const QString &key);
    qint64 now() const;
    // The MultiBackend went (a reload replaced it): its backends go with it, so work this core
    // starts by itself (copy-on-read) must not touch them any more. Its own thread only.
    void retire() { m_retired = true; }
    bool isRetired() const { return m_retired; }

    // Indices [from, count) in cascade order.
    QList<int> range(int from = 0) const;
    // The candidates worth asking now: ejected backends left out (all of them if every one is).
    QList<int> healthy(const QList<int> &candidates);

    // How long a read waits for `index` before the next backend is asked too (HedgeOptions);
    // 0: no hedging.
    int hedgeDelayMs(int index) const;
    // Active health (HealthProber): eject at once / end an ejection; true when that changed it.
    bool ejectBackend(int index) { return m_state->detector->ejectNow(index); }
    bool readmitBackend(int index) { return m_state->detector->readmit(index); }

    // Files one backend call that began at startedUs into the statistics and the outlier
    // detector. failure null: it succeeded. depth >= 0 for cascaded reads (how many backends
    // were asked before), -1 otherwise. clientFault: the request body failed, not the backend.
    // operation: what the call was for (the metrics' label).
    CascadeOutcome recordCall(int index, BackendOperation operation, const Failure *failure, qint64 startedUs,
                              int depth = -1, bool clientFault = false);
    // One line of the recent-requests table.
    void recordRequest(const QString &operation, const QString &bucket, const QString &key, int status,
                       const QString &backend, qint64 startedUs, qint64 bytes);

    // A primary-only call came back (issue #3: writes go to the primary and are never retried
    // elsewhere). Records it and gives the failure to answer with, if any: backend failures
    // become ServiceUnavailable; a failed request body (bodyFailed: see bodyFailed()) stays the
    // client's error.
    std::optional<Failure> settleWrite(const Failure *failure, const QString &operation,
                                       const QString &bucket, const QString &key, qint64 startedUs,
                                       int successStatus, qint64 bytesIn, bool bodyFailed = false);
    template <class T>
    Result<T> settle(Result<T> result, const QString &operation, const QString &bucket, const QString &key,
                     qint64 startedUs, int successStatus = 200, qint64 bytesIn = 0, bool bodyFailed = false)
    {
        const auto failure = settleWrite(result.ok() ? nullptr : &result.failure(), operation, bucket, key,
                                         startedUs, successStatus, bytesIn, bodyFailed);
        return failure ? Result<T>(*failure) : std::move(result);
    }

    // Whether an upload's body failed, asked when the backend answers. The body belongs to the
    // client's exchange, which a client that hangs up takes along while the backend is still at
    // work (a frozen backend resumed, a slow disk), so the answer must look through a guard
    // taken when the request was made: a body that is gone failed too (the client left).
    static bool bodyFailed(const QPointer<BodyStream> &guard, bool hadBody);

    // Runs fn later in the calling thread: Backend callbacks must never run inside the call.
    // fn should hold the core (shared_ptr) if it needs it.
    static void post(std::function<void()> fn);

private:
    QList<Backend *> m_backends;
    QStringList m_names;
    MultiOptions m_options;
    std::shared_ptr<CascadeState> m_state;
    bool m_retired = false;
};

} // namespace s3c
