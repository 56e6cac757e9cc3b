#include "MultiDelete.h"

#include "FanOut.h"
#include "MultiCore.h"
#include "backends/Backend.h"

namespace s3c {

namespace {

const QString kOperation = QStringLiteral("DeleteObject");

} // namespace

void MultiDelete::run(const std::shared_ptr<MultiCore> &core, const QString &bucket, const QString &key,
                      Callback<Done> done)
{
    const qint64 started = core->now();
    core->primary()->deleteObject(bucket, key, [core, bucket, key, started, done](Status primary) {
        const CascadeOutcome outcome = cascadeOutcome(primary.ok() ? nullptr : &primary.failure());
        if (outcome == CascadeOutcome::Failed || outcome == CascadeOutcome::Answered) {
            done(core->settle(std::move(primary), kOperation, bucket, key, started, 204));
            return;
        }
        core->recordCall(0, BackendOperation::Delete, primary.ok() ? nullptr : &primary.failure(), started);
        // Ejected fallbacks are asked too: skipping one would leave the object readable there.
        QList<int> others;
        for (int i : core->range(1)) {
            if (!core->backend(i)->isReadOnly())
                others.append(i);
        }
        const bool primaryHasBucket = primary.ok() || primary.error() != S3Error::NoSuchBucket;
        FanOut::run(
            core, BackendOperation::Delete, others,
            [core, bucket, key](int backend, FanOut::Report report) {
                core->backend(backend)->deleteObject(
                    bucket, key, [report](Status r) { report(r.ok() ? nullptr : &r.failure()); });
            },
            [core, bucket, key, started, primaryHasBucket,
             done](const QList<int> &, const QList<std::optional<Failure>> &failures) {
                bool anyHasBucket = primaryHasBucket;
                std::optional<Failure> answer;
                for (const auto &f : failures) {
                    const CascadeOutcome o = cascadeOutcome(f ? &*f : nullptr);
                    anyHasBucket |= !f || f->error != S3Error::NoSuchBucket;
                    if (o == CascadeOutcome::Failed && !answer) {
                        answer = Failure{
                            S3Error::ServiceUnavailable,
                            QStringLiteral("A backend that may still hold the object could not delete it.")};
                    } else if (o == CascadeOutcome::Answered && !answer) {
                        answer = *f;
                    }
                }
                if (!answer && !anyHasBucket)
                    answer = Failure{S3Error::NoSuchBucket, {}};
                core->forgetKey(bucket, key);
                const QString by = core->name(0);
                core->recordRequest(kOperation, bucket, key, answer ? httpStatus(answer->error) : 204, by,
                                    started, 0);
                if (answer)
                    done(*answer);
                else
                    done(Done{});
            });
    });
}

} // namespace s3c
