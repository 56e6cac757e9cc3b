#include "MultiListing.h"

#include "FanOut.h"
#include "ListingMerger.h"
#include "MultiCore.h"
#include "backends/Backend.h"

#include <QHash>

namespace s3c {

namespace {

Failure unavailable()
{
    return Failure{S3Error::ServiceUnavailable,
                   QStringLiteral("A backend could not be listed; the listing would be incomplete.")};
}

// What the fan-out's answers add up to, before merging.
struct Tally
{
    QList<int> answered;               // backends whose listing came back, in cascade order
    bool failed = false;               // a backend failed or was skipped as ejected
    std::optional<Failure> definitive; // the first other S3 answer (403 ...), in cascade order
};

Tally tally(const QList<int> &backends, const QList<std::optional<Failure>> &failures, bool skipped)
{
    Tally t;
    t.failed = skipped;
    for (qsizetype i = 0; i < backends.size(); ++i) {
        const std::optional<Failure> &f = failures.at(i);
        switch (cascadeOutcome(f ? &*f : nullptr)) {
        case CascadeOutcome::Served:
            t.answered.append(backends.at(i));
            break;
        case CascadeOutcome::NotFound:
            break;
        case CascadeOutcome::Failed:
            t.failed = true;
            break;
        case CascadeOutcome::Answered:
            if (!t.definitive)
                t.definitive = *f;
            break;
        }
    }
    return t;
}

} // namespace

void MultiListing::listBuckets(const std::shared_ptr<MultiCore> &core, Callback<QList<BucketInfo>> done)
{
    const qint64 started = core->now();
    const QList<int> all = core->range();
    const QList<int> asked = core->healthy(all);
    const bool skipped = asked.size() < all.size();
    auto lists = std::make_shared<QHash<int, QList<BucketInfo>>>();
    FanOut::run(
        core, BackendOperation::List, asked,
        [core, lists](int backend, FanOut::Report report) {
            core->backend(backend)->listBuckets([lists, backend, report](Result<QList<BucketInfo>> r) {
                if (r.ok())
                    lists->insert(backend, r.value());
                report(r.ok() ? nullptr : &r.failure());
            });
        },
        [core, lists, skipped, started, done](const QList<int> &backends,
                                              const QList<std::optional<Failure>> &failures) {
            const Tally t = tally(backends, failures, skipped);
            std::optional<Failure> answer = t.definitive;
            if (!answer && t.failed && (!core->options().partialListing || t.answered.isEmpty()))
                answer = unavailable();
            QStringList by;
            QList<QList<BucketInfo>> ordered;
            for (int b : t.answered) {
                ordered.append(lists->value(b));
                by.append(core->name(b));
            }
            core->recordRequest(QStringLiteral("ListBuckets"), {}, {},
                                answer ? httpStatus(answer->error) : 200, by.join(QLatin1Char(',')), started,
                                0);
            if (answer)
                done(*answer);
            else
                done(ListingMerger::mergeBuckets(ordered));
        });
}

void MultiListing::listObjects(const std::shared_ptr<MultiCore> &core, const ListObjectsRequest &request,
                               Callback<ListObjectsResult> done)
{
    const qint64 started = core->now();
    const QList<int> all = core->range();
    const QList<int> asked = core->healthy(all);
    const bool skipped = asked.size() < all.size();
    auto pages = std::make_shared<QHash<int, ListObjectsResult>>();
    FanOut::run(
        core, BackendOperation::List, asked,
        [core, request, pages](int backend, FanOut::Report report) {
            core->backend(backend)->listObjects(request,
                                                [pages, backend, report](Result<ListObjectsResult> r) {
                                                    if (r.ok())
                                                        pages->insert(backend, std::move(r.value()));
                                                    report(r.ok() ? nullptr : &r.failure());
                                                });
        },
        [core, request, pages, skipped, started, done](const QList<int> &backends,
                                                       const QList<std::optional<Failure>> &failures) {
            const Tally t = tally(backends, failures, skipped);
            std::optional<Failure> answer = t.definitive;
            if (!answer && t.failed && (!core->options().partialListing || t.answered.isEmpty()))
                answer = unavailable();
            if (!answer && t.answered.isEmpty())
                answer = Failure{S3Error::NoSuchBucket, {}}; // every backend said so
            if (answer) {
                core->recordRequest(QStringLiteral("ListObjects"), request.bucket, {},
                                    httpStatus(answer->error), {}, started, 0);
                done(*answer);
                return;
            }
            ListingMerger merger(request);
            for (int b : t.answered)
                merger.add(core->name(b), pages->value(b));
            ListObjectsResult result = merger.result();
            result.partial = t.failed;
            core->recordRequest(QStringLiteral("ListObjects"), request.bucket, request.prefix, 200,
                                result.servedBy.join(QLatin1Char(',')), started, 0);
            done(std::move(result));
        });
}

} // namespace s3c
