#include "ProcessLimits.h"

#include <climits>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

namespace s3c {

qint64 ProcessLimits::raiseOpenFileLimit()
{
#ifdef Q_OS_UNIX
    struct rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    rlim_t want = rl.rlim_max;
#if defined(Q_OS_MACOS) && defined(OPEN_MAX)
    // macOS refuses a soft limit above OPEN_MAX even when the hard limit is unlimited.
    if (want == RLIM_INFINITY || want > rlim_t(OPEN_MAX))
        want = OPEN_MAX;
#endif
    if (want != RLIM_INFINITY && rl.rlim_cur < want) {
        struct rlimit raised = rl;
        raised.rlim_cur = want;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            rl = raised;
    }
    if (rl.rlim_cur == RLIM_INFINITY)
        return -1;
    return qint64(rl.rlim_cur);
#else
    return -1; // Windows: sockets are handles with no such per-process limit
#endif
}

int ProcessLimits::connectionsFitting(qint64 openFiles)
{
    if (openFiles < 0)
        return INT_MAX;
    constexpr qint64 kReserve = 64;
    return int(qBound<qint64>(16, (openFiles - kReserve) / 2, qint64(INT_MAX)));
}

} // namespace s3c
