#pragma once

#include "MultiOptions.h"

#include <QList>
#include <QMutex>

#include <memory>
#include <vector>

namespace s3c {

class MonotonicClock;

// Envoy-style outlier ejection over the cascade's backends (design-notes.md #3). Time comes
// from a MonotonicClock so tests move it by hand. Ejection ends lazily: the first request after
// the window probes the backend again; no timer runs. Thread-safe: the gateway's worker threads
// share one detector per backend set, so a backend is ejected for all of them at once.
class OutlierDetector
{
public:
    OutlierDetector(int backends, const EjectionOptions &options, std::shared_ptr<MonotonicClock> clock);

    bool isEjected(int backend) const;
    // When the current ejection ends, in MonotonicClock microseconds; 0 if not ejected.
    qint64 ejectedUntilUs(int backend) const;
    // Ejections in the current run of bad health (it decays while the backend stays healthy).
    int ejectionLevel(int backend) const;

    // `candidates` in the same order without the ejected ones; all of them when every one is
    // ejected, because trying a possibly dead backend beats answering nothing at all.
    QList<int> filter(const QList<int> &candidates) const;

    // Returns true when this failure ejected the backend.
    bool recordFailure(int backend);
    void recordSuccess(int backend);
    // Active health: a failed probe ejects at once (returns true when it was not ejected yet),
    // a succeeded one ends an ejection (returns true when it was ejected).
    bool ejectNow(int backend);
    bool readmit(int backend);

private:
    struct State
    {
        int consecutive = 0;
        int level = 0;          // multiplier of the next ejection time
        qint64 until = 0;       // ejected while now < until
        qint64 lastEnd = 0;     // when the last ejection ends
        bool probation = false; // ejected before and not yet proven healthy
    };

    void eject(State &s, qint64 now);
    bool ejectedLocked(int backend) const;

    EjectionOptions m_options;
    std::shared_ptr<MonotonicClock> m_clock;
    mutable QMutex m_mutex;
    std::vector<State> m_states;
};

} // namespace s3c
