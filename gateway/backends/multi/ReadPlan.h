#pragma once

#include "base/Result.h"

#include <QList>
#include <QString>

#include <memory>

namespace s3c {

class LocationCache;
class MissCache;

// What the read caches let one GetObject/HeadObject skip, and what its answers teach them
// (issue #11 "Caches"). Made when the read starts; the cascade asks candidates() in order.
//
// What the caches hold, and the only ways an entry is made:
//  - LocationCache, key -> backend B that served it. Made only when the read was served by B
//    and every backend before B is proven to lack the key: each one either said not-found in
//    this read or was skipped as a fresh miss (ReadCascade's earlierMissed: no earlier one
//    failed, was ejected, or lost a hedge race). B = the primary needs no proof. A read that
//    started at a remembered backend never renews the entry, so a key read more often than the
//    TTL cannot stay pinned to a fallback for ever. An entry resting on cached misses expires
//    no later than the earliest of them: knowledge never outlives the observation it came from
//    by more than one TTL.
//  - MissCache, (backend, key) -> answered NoSuchKey or NoSuchBucket, seen by a read; dropped
//    when that backend serves the key to a later read.
//  Both ignore a read that began before one of our own writes of the key finished (the striped
//  epoch): such a read may have looked before the write landed.
//
// How a read uses them:
//  - A fresh location B > 0 (not contradicted by a fresh miss of B): backends before B are
//    skipped; B and the later ones not known to miss are asked. Served by B: answered, no
//    learning. Served by a later one: answered (the ones before B were proven to lack it) and
//    the entry dropped. Nobody served: the entry was stale; it costs a retry: after a not-found
//    the key's misses are dropped too and the retry is the plain full cascade (the world changed
//    behind our back, so nothing cached about the key is trusted); after a failure the retry
//    skips only fresh misses, as any read would. A stale location never becomes an answer.
//  - Otherwise fresh misses are skipped and every other backend asked. Served: answered. Some
//    asked backend failed or was ejected: 503, exactly as without the cache (a backend that may
//    hold the object could not answer). All asked said not-found: not-found, which is then the
//    only answer ever given from cached knowledge, and only because every skipped backend is a
//    fresh miss. If every backend is a fresh miss, nobody is asked at all.
//
// Why a stale entry cannot give a wrong answer beyond the TTL window: our own writes and
// deletes (PutObject, CompleteMultipartUpload, CopyObject's destination, DeleteObject(s),
// bucket create/delete) forget the key, or everything, in both caches of the set, shared by
// every gateway thread, before their answer goes out, and void the learning of reads in flight.
// So an entry can only be outdated by a change made behind the gateway's back (an object written
// or deleted directly on a backend, or through another gateway). Such a change can go unseen for
// at most the TTL after the observation the entry rests on: an object written directly to
// backend 1 while the miss cache says backend 1 lacks it is hidden (a fallback's older copy is
// served, or 404) until that miss expires. That is the documented trade-off; TTL 0 switches a
// cache off. The cached answers are: "start at B" and "B lacks the key"; a 404 is served from
// them only as above; a 503 or a served object never comes from them.
class ReadPlan
{
public:
    enum class Use {
        Everything, // location and misses
        MissesOnly, // the retry after a remembered backend failed
        Nothing,    // the retry after a remembered backend said not-found: the full cascade
    };
    enum class Next { Answer, Retry };

    ReadPlan(std::shared_ptr<LocationCache> locations, std::shared_ptr<MissCache> misses, int backends,
             const QString &bucket, const QString &key, Use use = Use::Everything);

    // The backends to ask, in cascade order.
    const QList<int> &candidates() const { return m_candidates; }
    // Backends skipped before the first candidate (ReadCascade's depthOffset).
    int depthOffset() const { return m_candidates.isEmpty() ? 0 : m_candidates.first(); }
    // Every backend is a fresh miss: the read answers cachedNotFound() without asking anyone.
    bool answeredFromCache() const { return m_candidates.isEmpty(); }
    Failure cachedNotFound() const;

    // An asked backend answered (failure null: it served). Every answer, also a hedge's that
    // came after the cascade finished: a not-found is a not-found whenever it arrives.
    void learn(int backend, const Failure *failure);
    // The cascade finished (ReadCascade::Finish's arguments). Retry: run a new plan with
    // retryUse(); Answer: answer with the cascade's result, a verdict passed through verdict().
    Next finish(int backend, const Failure *failure, bool earlierMissed);
    Use retryUse() const { return m_retryUse; }
    // The not-found verdict of the cascade, told NoSuchKey when a skipped backend had the
    // bucket (as ReadCascade itself does for the backends it asked).
    Failure verdict(const Failure &cascadeVerdict) const;

private:
    std::shared_ptr<LocationCache> m_locations;
    std::shared_ptr<MissCache> m_misses;
    QString m_bucket;
    QString m_key;
    quint64 m_locationEpoch = 0;
    quint64 m_missEpoch = 0;
    int m_location = -1; // > 0: a remembered fallback decided where the read starts
    QList<int> m_candidates;
    QList<qint64> m_missExpiresUs; // per backend: when the skipped miss expires, 0 if not skipped as one
    bool m_skippedKeyMiss = false; // a skipped miss said NoSuchKey
    Use m_retryUse = Use::Nothing;
};

} // namespace s3c
