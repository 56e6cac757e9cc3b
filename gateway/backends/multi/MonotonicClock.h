#pragma once

#include <QtGlobal>

namespace s3c {

// Seam for time (style.md #7): latency and ejection windows read this clock, so tests move time
// by hand instead of sleeping.
class MonotonicClock
{
public:
    virtual ~MonotonicClock() = default;
    // Microseconds since an arbitrary origin; never goes backwards.
    virtual qint64 nowUs() const;
};

} // namespace s3c
