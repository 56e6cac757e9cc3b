#include "ReadCascade.h"

#include "MultiCore.h"

namespace s3c {

struct ReadCascade::State
{
    std::shared_ptr<MultiCore> core;
    QList<int> order;
    int position = 0;
    bool unanswered = false; // a candidate failed or was skipped: no 404 verdict
    // The not-found verdict: NoSuchBucket unless some backend had the bucket and said the key
    // (or the CORS configuration) is not there.
    S3Error notFound = S3Error::NoSuchBucket;
    int depthOffset = 0;
    Attempt attempt;
    Finish finish;
};

void ReadCascade::run(const std::shared_ptr<MultiCore> &core, const QList<int> &candidates, Attempt attempt,
                      Finish finish, int depthOffset)
{
    auto state = std::make_shared<State>();
    state->core = core;
    state->order = core->healthy(candidates);
    state->unanswered = state->order.size() < candidates.size();
    state->attempt = std::move(attempt);
    state->finish = std::move(finish);
    state->depthOffset = depthOffset;
    if (state->order.isEmpty()) {
        // Nothing to ask; still answer later, never inside the caller's call.
        core->post([state] { next(state); });
        return;
    }
    next(state);
}

void ReadCascade::next(const std::shared_ptr<State> &state)
{
    if (state->position >= state->order.size()) {
        Failure verdict;
        if (state->unanswered || state->order.isEmpty()) {
            verdict = Failure{S3Error::ServiceUnavailable,
                              QStringLiteral("A backend that may hold the object could not answer.")};
        } else {
            verdict = Failure{state->notFound, {}};
        }
        Finish finish = std::move(state->finish);
        finish(-1, state->position, &verdict);
        return;
    }
    const int backend = state->order.at(state->position);
    const int depth = state->depthOffset + state->position;
    const qint64 started = state->core->now();
    state->attempt(backend, [state, backend, depth, started](const Failure *failure) {
        switch (state->core->recordCall(backend, failure, started, depth)) {
        case CascadeOutcome::Served:
        case CascadeOutcome::Answered: {
            Finish finish = std::move(state->finish);
            finish(backend, depth, failure);
            return;
        }
        case CascadeOutcome::NotFound:
            if (failure->error != S3Error::NoSuchBucket)
                state->notFound = failure->error;
            break;
        case CascadeOutcome::Failed:
            state->unanswered = true;
            break;
        }
        ++state->position;
        next(state);
    });
}

} // namespace s3c
