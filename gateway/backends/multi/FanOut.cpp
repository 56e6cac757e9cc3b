#include "FanOut.h"

#include "MultiCore.h"

namespace s3c {

namespace {

struct Gather
{
    QList<int> backends;
    QList<std::optional<Failure>> failures;
    qsizetype pending = 0;
    FanOut::Finish finish;
};

} // namespace

void FanOut::run(const std::shared_ptr<MultiCore> &core, BackendOperation operation, const QList<int> &backends,
                 Attempt attempt, Finish finish)
{
    auto gather = std::make_shared<Gather>();
    gather->backends = backends;
    gather->failures.resize(backends.size());
    gather->pending = backends.size();
    gather->finish = std::move(finish);
    if (backends.isEmpty()) {
        core->post([gather] { gather->finish(gather->backends, gather->failures); });
        return;
    }
    for (qsizetype i = 0; i < backends.size(); ++i) {
        const int backend = backends.at(i);
        const qint64 started = core->now();
        attempt(backend, [core, gather, i, backend, started, operation](const Failure *failure) {
            core->recordCall(backend, operation, failure, started);
            if (failure)
                gather->failures[i] = *failure;
            if (--gather->pending == 0) {
                FanOut::Finish finish = std::move(gather->finish);
                finish(gather->backends, gather->failures);
            }
        });
    }
}

} // namespace s3c
