#pragma once

#include "base/Result.h"

#include <memory>

namespace s3c {

class MultiCore;

// DeleteObject under DeletePolicy::All (issue #3): the primary first, then every other writable
// backend at once, so a deleted object cannot resurface from a fallback. Not-found anywhere is
// fine (S3 deletes are idempotent); the answer is NoSuchBucket only if no backend has the
// bucket. A primary that fails ends it before any fallback is touched (the client retries); a
// fallback that fails makes the answer 503, because the object may still be readable there.
// Read-only backends are left alone: they cannot delete, and say so in the documentation.
class MultiDelete
{
public:
    static void run(const std::shared_ptr<MultiCore> &core, const QString &bucket, const QString &key,
                    Callback<Done> done);
};

} // namespace s3c
