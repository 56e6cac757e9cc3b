#pragma once

#include "auth/Clock.h"

// The time seam (style.md #7): a clock the test sets and moves.
class FixedClock : public s3c::Clock
{
public:
    explicit FixedClock(const QDateTime &now) : m_now(now) {}
    QDateTime nowUtc() const override { return m_now; }
    void set(const QDateTime &now) { m_now = now; }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};
