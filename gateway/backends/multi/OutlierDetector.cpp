#include "OutlierDetector.h"

#include "MonotonicClock.h"

#include <QMutexLocker>

namespace s3c {

OutlierDetector::OutlierDetector(int backends, const EjectionOptions &options,
                                 std::shared_ptr<MonotonicClock> clock)
    : m_options(options), m_clock(std::move(clock)), m_states(size_t(qMax(0, backends)))
{
}

bool OutlierDetector::ejectedLocked(int backend) const
{
    return m_options.enabled && m_clock->nowUs() < m_states[size_t(backend)].until;
}

bool OutlierDetector::isEjected(int backend) const
{
    QMutexLocker lock(&m_mutex);
    return ejectedLocked(backend);
}

qint64 OutlierDetector::ejectedUntilUs(int backend) const
{
    QMutexLocker lock(&m_mutex);
    return ejectedLocked(backend) ? m_states[size_t(backend)].until : 0;
}

int OutlierDetector::ejectionLevel(int backend) const
{
    QMutexLocker lock(&m_mutex);
    return m_states[size_t(backend)].level;
}

QList<int> OutlierDetector::filter(const QList<int> &candidates) const
{
    QList<int> healthy;
    healthy.reserve(candidates.size());
    QMutexLocker lock(&m_mutex);
    for (int b : candidates) {
        if (!ejectedLocked(b))
            healthy.append(b);
    }
    return healthy.isEmpty() ? candidates : healthy;
}

void OutlierDetector::eject(State &s, qint64 now)
{
    const qint64 base = qMax<qint64>(1, m_options.baseEjectionMs) * 1000;
    // Envoy lowers the multiplier again for every base interval the host stayed healthy, so
    // a backend that failed once last week is not punished like one failing every minute.
    if (s.lastEnd > 0 && now > s.lastEnd)
        s.level = int(qMax<qint64>(0, s.level - (now - s.lastEnd) / base));
    ++s.level;
    const qint64 duration = qMin(base * s.level, qMax<qint64>(base, m_options.maxEjectionMs * 1000));
    s.until = now + duration;
    s.lastEnd = s.until;
    s.consecutive = 0;
    s.probation = true;
}

bool OutlierDetector::recordFailure(int backend)
{
    if (!m_options.enabled)
        return false;
    QMutexLocker lock(&m_mutex);
    State &s = m_states[size_t(backend)];
    const qint64 now = m_clock->nowUs();
    if (now < s.until)
        return false; // already ejected (a late answer, or every backend is ejected)
    // A probe after an ejection that fails proves nothing changed: eject again right away
    // rather than sending it `consecutiveFailures` more requests that may each wait a timeout.
    if (s.probation || ++s.consecutive >= qMax(1, m_options.consecutiveFailures)) {
        eject(s, now);
        return true;
    }
    return false;
}

bool OutlierDetector::ejectNow(int backend)
{
    if (!m_options.enabled)
        return false;
    QMutexLocker lock(&m_mutex);
    State &s = m_states[size_t(backend)];
    const qint64 now = m_clock->nowUs();
    const bool wasEjected = now < s.until;
    if (!wasEjected)
        eject(s, now);
    return !wasEjected;
}

bool OutlierDetector::readmit(int backend)
{
    QMutexLocker lock(&m_mutex);
    State &s = m_states[size_t(backend)];
    const bool wasEjected = ejectedLocked(backend);
    s.consecutive = 0;
    s.probation = false;
    if (wasEjected) {
        s.until = m_clock->nowUs();
        s.lastEnd = s.until;
    }
    return wasEjected;
}

void OutlierDetector::recordSuccess(int backend)
{
    QMutexLocker lock(&m_mutex);
    State &s = m_states[size_t(backend)];
    s.consecutive = 0;
    if (m_clock->nowUs() >= s.until)
        s.probation = false; // the probe came back: restored
}

} // namespace s3c
