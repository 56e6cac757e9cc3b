#pragma once

#include "backends/BackendTypes.h"
#include "s3/Result.h"

#include <memory>

namespace s3c {

class S3Client;

// ListObjects over ListObjectsV2 ("ListObjectsV2", Amazon S3 API reference).
//
// The gateway pages with an exclusive marker (startAfter: the last key or common prefix it
// returned). start-after is a plain key comparison, so a marker that is a common prefix
// ("photos/") would roll up "photos/..." into the same prefix again; such repeats are dropped
// and, if a page held nothing else, the next page is fetched with the continuation token.
class S3Lister
{
public:
    static void start(S3Client *client, const ListObjectsRequest &request, Callback<ListObjectsResult> done);

private:
    struct State;
    static void fetch(const std::shared_ptr<State> &state);
};

} // namespace s3c
