#pragma once

#include "backends/Backend.h"

#include <QEventLoop>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace s3c::test {

// Violations of the asynchronous Backend contract seen by await(): a callback run from inside
// the call, on another thread, twice, or never. Tests assert it stays 0.
inline int &contractViolations()
{
    static int count = 0;
    return count;
}

// Calls `call` with a callback and waits (event loop running, no sleeping) until it was called,
// up to a deadline. Checks the contract: never from inside the call, always on this thread,
// exactly once (a second call within the next event-loop turns is counted too).
template <class T> Result<T> await(const std::function<void(Callback<T>)> &call, int timeoutMs = 20000)
{
    struct State
    {
        std::optional<Result<T>> result;
        int calls = 0;
        bool inside = true;
        QPointer<QEventLoop> loop;
    };
    auto state = std::make_shared<State>();
    QThread *caller = QThread::currentThread();
    call([state, caller](Result<T> r) {
        if (state->inside || QThread::currentThread() != caller || state->calls > 0)
            ++contractViolations();
        ++state->calls;
        state->result = std::move(r);
        if (state->loop)
            state->loop->quit();
    });
    state->inside = false;
    if (!state->result) {
        QEventLoop loop;
        state->loop = &loop;
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!state->result) {
        ++contractViolations();
        return Failure{S3Error::InternalError, QStringLiteral("test: no callback before the deadline")};
    }
    QEventLoop().processEvents(); // a duplicate answer queued right behind would show now
    return *state->result;
}

} // namespace s3c::test
