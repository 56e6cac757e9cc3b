#include "MonotonicClock.h"

#include <chrono>

namespace s3c {

qint64 MonotonicClock::nowUs() const
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace s3c
