#pragma once

#include "backends/BackendTypes.h"
#include "s3/Result.h"

#include <functional>
#include <memory>
#include <optional>

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
    struct Source
    {
        int backend = -1;
        GetObjectResult object;
    };
    using SourceCallback = std::function<void(Result<Source>)>;
    // Cascades over the fallbacks for the source, checking the copy-source conditions (which
    // fail with 412, never 304: S3 CopyObject).
    static void findSource(const std::shared_ptr<MultiCore> &core, const GetObjectRequest &request,
                           const Conditions &conditions, const Failure &primaryMiss, SourceCallback done);
    // After the write: a source that broke mid-stream is the fallback's failure, not the client's.
    static std::optional<Failure> sourceBroke(const std::shared_ptr<MultiCore> &core, int backend,
                                              const BodyStream &stream, const Failure &primaryAnswer,
                                              qint64 startedUs);
};

} // namespace s3c
