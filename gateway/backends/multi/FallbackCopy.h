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

    // Shared with copy-on-read (PromotionJob):
    // What of a source object's description may be stored with a copy of it: checksums, parts and
    // the tag count go (the primary computes its own from the bytes it receives).
    static ObjectInfo storableMeta(ObjectInfo source, const QString &key);
    // Writes `put` (its body streaming from fallback `from`) into the primary with the source's
    // tags. An S3 fallback tells only how many tags the source has (x-amz-tagging-count); then
    // they are asked from `from` first (the body waits, bounded, meanwhile), and without them
    // the write fails rather than lose the tags.
    static void putWithSourceTags(const std::shared_ptr<MultiCore> &core, int from,
                                  const QString &sourceBucket, const QString &sourceKey,
                                  const ObjectInfo &source, PutObjectRequest put,
                                  Callback<ObjectInfo> written);

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
