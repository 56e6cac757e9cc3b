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
class ReadCascade
{
public:
    // Calls `backend` and reports: failure null when it served (the caller keeps the value).
    using Report = std::function<void(const Failure *failure)>;
    using Attempt = std::function<void(int backend, Report report)>;
    // backend >= 0: it served (failure null) or answered definitively (failure set);
    // backend -1: nobody served and failure is the verdict. depth: backends asked before it.
    using Finish = std::function<void(int backend, int depth, const Failure *failure)>;

    // depthOffset: backends skipped before the first candidate (known not to have it), so the
    // statistics still say at which place in the cascade a read was served.
    static void run(const std::shared_ptr<MultiCore> &core, const QList<int> &candidates, Attempt attempt,
                    Finish finish, int depthOffset = 0);

private:
    struct State;
    static void next(const std::shared_ptr<State> &state);
};

} // namespace s3c
