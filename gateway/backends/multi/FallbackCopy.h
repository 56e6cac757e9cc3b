#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"

#include <functional>
#include <memory>

namespace s3c {

class BodyStream;
class MultiCore;

// CopyObject / UploadPartCopy whose source the primary does not hold (issue #3): the source is
// read from the first fallback that has it and streamed into the primary as an ordinary
// PutObject / UploadPart, with bounded memory (SourceBodyStream). The copy is a write, so it
// lands on the primary only; a fallback that breaks mid-copy leaves nothing behind (the
// primary discards a failed body) and gives 503.
class FallbackCopy
{
public:
    // primaryMiss: what the primary answered for the copy (NoSuchKey / NoSuchBucket); the
    // answer again when no fallback holds the source either.
    static void copyObject(const std::shared_ptr<MultiCore> &core, const CopyObjectRequest &request,
                           const Failure &primaryMiss, qint64 startedUs, Callback<ObjectInfo> done);
    static void uploadPartCopy(const std::shared_ptr<MultiCore> &core, const UploadPartCopyRequest &request,
                               const Failure &primaryMiss, qint64 startedUs, Callback<PartInfo> done);

private:
    // What a copy needs besides its source: how to write the stream into the primary.
    template <class T> struct Job
    {
        QString operation; // for the statistics: "CopyObject", "UploadPartCopy"
        QString bucket;    // destination
        QString key;
        qint64 startedUs = 0;
        // from: the fallback that holds the source.
        std::function<void(int from, BodyStream *body, const GetObjectResult &source, Callback<T> written)> write;
        std::function<qint64(const T &)> size;
        Callback<T> done;
    };

    template <class T>
    static void run(const std::shared_ptr<MultiCore> &core, const GetObjectRequest &source,
                    const Conditions &conditions, const Failure &primaryMiss, Job<T> job);
    template <class T>
    static void streamIntoPrimary(const std::shared_ptr<MultiCore> &core, int from, GetObjectResult source,
                                  Job<T> job);
};

} // namespace s3c
