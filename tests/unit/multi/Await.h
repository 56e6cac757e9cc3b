#pragma once

#include "base/Result.h"

#include <QCoreApplication>
#include <QTest>

#include <memory>
#include <optional>

namespace s3c::testing {

// Runs one asynchronous Backend call and waits (with a deadline, never a sleep) for its answer.
// Fails the test if the callback ran inside the call (the Backend contract forbids it) or more
// than once.
template <class T, class Call> Result<T> await(Call &&call, int timeoutMs = 5000)
{
    struct State
    {
        std::optional<Result<T>> result;
        bool inside = true;
        bool reentrant = false;
        int calls = 0;
    };
    auto state = std::make_shared<State>();
    call([state](Result<T> r) {
        state->reentrant |= state->inside;
        ++state->calls;
        state->result.emplace(std::move(r));
    });
    state->inside = false;
    if (!QTest::qWaitFor([state] { return state->result.has_value(); }, timeoutMs)) {
        QTest::qFail("the backend never answered", __FILE__, __LINE__);
        return Failure{S3Error::InternalError, QStringLiteral("no answer")};
    }
    QCoreApplication::processEvents(); // a second, wrong answer would be queued by now
    if (state->reentrant)
        QTest::qFail("the callback ran inside the call", __FILE__, __LINE__);
    if (state->calls != 1)
        QTest::qFail("the callback ran more than once", __FILE__, __LINE__);
    return *state->result;
}

// Whether a call is still unanswered after the event loop ran dry.
template <class T> struct Pending
{
    std::shared_ptr<std::optional<Result<T>>> result = std::make_shared<std::optional<Result<T>>>();
    Callback<T> callback()
    {
        auto r = result;
        return [r](Result<T> v) { r->emplace(std::move(v)); };
    }
    bool answered() const { return result->has_value(); }
};

} // namespace s3c::testing
