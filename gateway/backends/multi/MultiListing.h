#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"

#include <memory>

namespace s3c {

class MultiCore;

// ListBuckets and ListObjects over every backend at once, merged (ListingMerger). Ejected
// backends are not asked and count as failed. A failed backend makes the answer 503, or, with
// partialListing, a listing of what the others hold flagged partial (issue #3). A bucket that
// no answering backend has is NoSuchBucket only if no backend failed: it may be on that one.
class MultiListing
{
public:
    static void listBuckets(const std::shared_ptr<MultiCore> &core, Callback<QList<BucketInfo>> done);
    static void listObjects(const std::shared_ptr<MultiCore> &core, const ListObjectsRequest &request,
                            Callback<ListObjectsResult> done);
};

} // namespace s3c
