#pragma once

#include "backends/multi/MonotonicClock.h"

namespace s3c::testing {

// Time that moves only when the test says so.
class ManualClock : public MonotonicClock
{
public:
    qint64 nowUs() const override { return m_now; }
    void advanceMs(qint64 ms) { m_now += ms * 1000; }
    void advanceUs(qint64 us) { m_now += us; }

private:
    qint64 m_now = 1'000'000;
};

} // namespace s3c::testing
