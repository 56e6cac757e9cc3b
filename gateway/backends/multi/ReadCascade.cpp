#include "ReadCascade.h"

#include "MultiCore.h"
#include "stats/Statistics.h"

#include <QLoggingCategory>
#include <QTimer>

#include <limits>

namespace s3c {

Q_LOGGING_CATEGORY(lcHedge, "s3c.multi.hedge")

struct ReadCascade::State
{
    std::shared_ptr<MultiCore> core;
    QList<int> order;
    int launched = 0;        // order[0, launched) were asked
    int pending = 0;         // asked and not answered yet
    bool unanswered = false; // a candidate failed or was skipped: no 404 verdict
    // The not-found verdict: NoSuchBucket unless some backend had the bucket and said the key
    // (or the CORS configuration) is not there.
    S3Error notFoundError = S3Error::NoSuchBucket;
    bool finished = false;
    int notFoundBefore = 0; // how many of the first positions answered not-found, in a row
    QList<bool> notFound;   // per position
    int depthOffset = 0;
    QList<int> candidates;
    // The first candidate left out as ejected: a backend after it is not proven to be the
    // first holder of the key, whatever the others said (earlierMissed).
    int firstEjected = std::numeric_limits<int>::max();
    Attempt attempt;
    Finish finish;
    std::unique_ptr<QTimer> hedgeTimer; // lives in the calling thread, as the callbacks do
};

void ReadCascade::run(const std::shared_ptr<MultiCore> &core, const QList<int> &candidates, Attempt attempt,
                      Finish finish, int depthOffset)
{
    auto state = std::make_shared<State>();
    state->core = core;
    state->order = core->healthy(candidates);
    state->notFound = QList<bool>(state->order.size(), false);
    state->unanswered = state->order.size() < candidates.size();
    state->candidates = candidates;
    for (int c : candidates) {
        if (!state->order.contains(c)) {
            state->firstEjected = c;
            break;
        }
    }
    state->attempt = std::move(attempt);
    state->finish = std::move(finish);
    state->depthOffset = depthOffset;
    if (state->order.isEmpty()) {
        // Nothing to ask; still answer later, never inside the caller's call.
        core->post([state] { settle(state); });
        return;
    }
    launch(state);
}

void ReadCascade::launch(const std::shared_ptr<State> &state)
{
    const int position = state->launched++;
    ++state->pending;
    const int backend = state->order.at(position);
    const qint64 started = state->core->now();
    if (state->launched < state->order.size()) {
        const int delay = state->core->hedgeDelayMs(backend);
        if (delay > 0) {
            if (!state->hedgeTimer) {
                state->hedgeTimer = std::make_unique<QTimer>();
                state->hedgeTimer->setSingleShot(true);
                std::weak_ptr<State> weak = state;
                QObject::connect(state->hedgeTimer.get(), &QTimer::timeout, [weak] {
                    const auto s = weak.lock();
                    if (!s || s->finished || s->launched >= s->order.size())
                        return;
                    // The backend asked last is slow: ask the next one as well.
                    const int next = s->order.at(s->launched);
                    qCDebug(lcHedge, "hedged read: %s is slow, asking %s too",
                            qUtf8Printable(s->core->name(s->order.at(s->launched - 1))),
                            qUtf8Printable(s->core->name(next)));
                    s->core->stats().backend(next).addHedge();
                    launch(s);
                });
            }
            state->hedgeTimer->start(delay);
        }
    } else if (state->hedgeTimer) {
        state->hedgeTimer->stop();
    }
    state->attempt(backend, [state, position, started](const Failure *failure) {
        bool taken = false;
        onReport(state, position, started, failure, &taken);
        return taken;
    });
}

void ReadCascade::onReport(const std::shared_ptr<State> &state, int position, qint64 started,
                           const Failure *failure, bool *taken)
{
    const int backend = state->order.at(position);
    // Candidates in cascade order may leave gaps (backends a cache knows lack the key): they
    // count as tried, so the depth still says at which place of the cascade the read was served.
    const int gaps = qMax(0, int(backend - state->candidates.first() - state->candidates.indexOf(backend)));
    const int depth = state->depthOffset + position + gaps;
    const CascadeOutcome outcome = state->core->recordCall(backend, BackendOperation::Read, failure, started, depth);
    --state->pending;
    if (state->finished)
        return; // a hedge that lost: filed above, its value dropped by the caller
    switch (outcome) {
    case CascadeOutcome::Served:
    case CascadeOutcome::Answered: {
        state->finished = true;
        *taken = true;
        if (state->hedgeTimer)
            state->hedgeTimer->stop();
        Finish finish = std::move(state->finish);
        finish(backend, depth, failure, state->notFoundBefore >= position && backend < state->firstEjected);
        return;
    }
    case CascadeOutcome::NotFound:
        if (failure->error != S3Error::NoSuchBucket)
            state->notFoundError = failure->error;
        state->notFound[position] = true;
        while (state->notFoundBefore < state->notFound.size() && state->notFound.at(state->notFoundBefore))
            ++state->notFoundBefore;
        break;
    case CascadeOutcome::Failed:
        state->unanswered = true;
        break;
    }
    if (state->pending > 0)
        return; // an earlier or a hedged request may still serve
    if (state->launched < state->order.size()) {
        launch(state);
        return;
    }
    settle(state);
}

void ReadCascade::settle(const std::shared_ptr<State> &state)
{
    if (state->finished)
        return;
    state->finished = true;
    if (state->hedgeTimer)
        state->hedgeTimer->stop();
    Failure verdict;
    if (state->unanswered || state->order.isEmpty()) {
        verdict = Failure{S3Error::ServiceUnavailable,
                          QStringLiteral("A backend that may hold the object could not answer.")};
    } else {
        verdict = Failure{state->notFoundError, {}};
    }
    Finish finish = std::move(state->finish);
    finish(-1, state->launched, &verdict, false);
}

} // namespace s3c
