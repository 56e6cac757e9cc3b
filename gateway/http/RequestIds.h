#pragma once

#include <QByteArray>

namespace s3c {

// x-amz-request-id and x-amz-id-2 for every answer (issue #12: they were a fresh random number
// and a fresh base64 string per request). A request id is a per-thread counter mixed once
// (splitmix64, a bijection, so a thread never repeats one) over a per-thread random start, as 16
// upper-case hex digits like S3's; the host id is one random token per serving thread, as S3's
// x-amz-id-2 names the host that answered. Neither is a secret or a capability.
class RequestIds
{
public:
    static QByteArray next();
    static QByteArray hostId();
};

} // namespace s3c
