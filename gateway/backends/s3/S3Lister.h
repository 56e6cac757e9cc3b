#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"

#include <memory>

namespace s3c {

class S3Client;

// ListObjects toward the backend, paged by the gateway's exclusive marker.
//
// It speaks ListObjects v1 ("ListObjects", Amazon S3 API reference): `marker` has exactly the
// meaning of the gateway's startAfter, and v1 is the one listing every S3 clone implements
// (s3rver's v2 fails on truncated pages). Its answers are not trusted blindly: entries at or
// before the marker are dropped, a page larger than max-keys is cut (moto and s3rver return
// common prefixes beyond it), and the next marker is computed here, not taken from NextMarker.
// A marker that is a common prefix ("photos/") is sent as "photos/" + U+10FFFF so that the keys
// rolled up into it are skipped even by servers that compare it as a plain key.
class S3Lister
{
public:
    static void start(S3Client *client, const ListObjectsRequest &request, Callback<ListObjectsResult> done);

    // The marker to send for `marker` (exposed for tests).
    static QString wireMarker(const QString &marker, const QString &prefix, const QString &delimiter);

private:
    struct State;
    static void fetch(const std::shared_ptr<State> &state, const QString &marker);
};

} // namespace s3c
