#include "ReadPlan.h"

#include "CascadeOutcome.h"
#include "LocationCache.h"
#include "MissCache.h"

#include <limits>

namespace s3c {

ReadPlan::ReadPlan(std::shared_ptr<LocationCache> locations, std::shared_ptr<MissCache> misses, int backends,
                   const QString &bucket, const QString &key, Use use)
    : m_locations(std::move(locations)), m_misses(std::move(misses)), m_bucket(bucket), m_key(key),
      m_missExpiresUs(backends, 0)
{
    // The epochs first: a write that finishes from here on voids what this read learns.
    m_locationEpoch = m_locations->epoch(bucket, key);
    m_missEpoch = m_misses->epoch(bucket, key);
    const int location = use == Use::Everything ? m_locations->lookup(bucket, key) : -1;
    const MissCache::Misses known = use != Use::Nothing ? m_misses->lookup(bucket, key) : MissCache::Misses{};
    const auto isMiss = [&known](int i) { return i < known.size() && known.at(i).expiresUs != 0; };
    // A fresh miss of the remembered backend is newer news than the entry (or as new): trust it.
    if (location > 0 && location < backends && !isMiss(location))
        m_location = location;
    int byLocation = 0;
    int byMisses = 0;
    for (int i = 0; i < backends; ++i) {
        if (i < m_location) {
            ++byLocation;
        } else if (isMiss(i)) {
            ++byMisses;
            m_missExpiresUs[i] = known.at(i).expiresUs;
            m_skippedKeyMiss |= known.at(i).keyMissing;
        } else {
            m_candidates.append(i);
        }
    }
    m_locations->countSkipped(byLocation);
    m_misses->countSkipped(byMisses);
    if (m_candidates.isEmpty())
        m_misses->countAnswered();
}

Failure ReadPlan::cachedNotFound() const
{
    return Failure{m_skippedKeyMiss ? S3Error::NoSuchKey : S3Error::NoSuchBucket, {}};
}

void ReadPlan::learn(int backend, const Failure *failure)
{
    // Only the two answers that say "not here"; NoSuchCORSConfiguration is no GetObject answer.
    if (failure && cascadeOutcome(*failure) == CascadeOutcome::NotFound &&
        (failure->error == S3Error::NoSuchKey || failure->error == S3Error::NoSuchBucket)) {
        m_misses->remember(m_bucket, m_key, backend, failure->error == S3Error::NoSuchKey, m_missEpoch);
    } else if (!failure) {
        m_misses->drop(m_bucket, m_key, backend); // it has the key now, whatever it said before
    }
}

ReadPlan::Next ReadPlan::finish(int backend, const Failure *failure, bool earlierMissed)
{
    if (backend >= 0) {
        if (failure)
            return Next::Answer; // a definitive answer (403, 412, 304 ...): nothing to learn
        if (m_location > 0) {
            // Never renewed from a read that trusted it; wrong if a later backend had to serve.
            if (backend != m_location) {
                m_locations->countStale();
                m_locations->drop(m_bucket, m_key);
            }
            return Next::Answer;
        }
        if (earlierMissed) {
            qint64 notAfter = std::numeric_limits<qint64>::max();
            for (int i = 0; i < backend; ++i) {
                if (m_missExpiresUs.at(i) != 0)
                    notAfter = qMin(notAfter, m_missExpiresUs.at(i));
            }
            m_locations->remember(m_bucket, m_key, backend, m_locationEpoch, notAfter);
        }
        return Next::Answer;
    }
    if (m_location <= 0)
        return Next::Answer;
    // The remembered backend did not serve: the entry was stale, and cannot be an answer.
    m_locations->countStale();
    m_locations->drop(m_bucket, m_key);
    if (failure && cascadeOutcome(*failure) == CascadeOutcome::NotFound) {
        m_misses->drop(m_bucket, m_key);
        m_retryUse = Use::Nothing;
    } else {
        m_retryUse = Use::MissesOnly;
    }
    return Next::Retry;
}

Failure ReadPlan::verdict(const Failure &cascadeVerdict) const
{
    if (m_skippedKeyMiss && cascadeVerdict.error == S3Error::NoSuchBucket &&
        cascadeVerdict.cause == FailureCause::None)
        return Failure{S3Error::NoSuchKey, cascadeVerdict.message};
    return cascadeVerdict;
}

} // namespace s3c
