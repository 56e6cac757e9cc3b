#pragma once

#include "base/Result.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace s3c {

class MultiCore;

// Asks backends one after another until one answers (issue #3, GetObject/HeadObject/HeadBucket):
// not-found and failures move on to the next, any other S3 answer (403, 412, 304, 416 ...) ends
// the cascade and is returned. When nobody served, the verdict is not-found only if every
// candidate said so; if any failed or was skipped as ejected it is 503, because the object may
// be on the backend that could not answer (design-notes.md #3: no false 404).
//
// Hedged reads (Dean and Barroso, "The Tail at Scale"; issue #11): when the backend asked last
// has not answered within its hedge delay (MultiCore::hedgeDelayMs), the next one is asked too,
// without cancelling the first. The first good answer wins; an answer that comes after the
// cascade finished is still filed (statistics, health) and then dropped. A not-found from a
// later backend never decides while an earlier one may still serve.
class ReadCascade
{
public:
    // Calls `backend` and reports: failure null when it served. Returns true when the answer was
    // taken; false when the cascade had already finished, and the caller must drop its value
    // (a body it holds, say).
    using Report = std::function<bool(const Failure *failure)>;
    using Attempt = std::function<void(int backend, Report report)>;
    // backend >= 0: it served (failure null) or answered definitively (failure set);
    // backend -1: nobody served and failure is the verdict. depth: backends asked before it.
    // earlierMissed: every backend before it said not-found (false when a hedge won while an
    // earlier one was still on its way, or an earlier candidate was left out as ejected: that
    // one may hold the key, a location cache must not learn otherwise).
    using Finish = std::function<void(int backend, int depth, const Failure *failure, bool earlierMissed)>;

    // candidates: in cascade order (ascending), possibly with gaps where a cache knows the
    // backend lacks the key. depthOffset: backends skipped before the first candidate (known not
    // to have it); with the gaps, the statistics still say at which place in the cascade a read
    // was served.
    static void run(const std::shared_ptr<MultiCore> &core, const QList<int> &candidates, Attempt attempt,
                    Finish finish, int depthOffset = 0);

private:
    struct State;
    static void launch(const std::shared_ptr<State> &state);
    static void onReport(const std::shared_ptr<State> &state, int position, qint64 started,
                         const Failure *failure, bool *taken);
    static void settle(const std::shared_ptr<State> &state);
};

} // namespace s3c
