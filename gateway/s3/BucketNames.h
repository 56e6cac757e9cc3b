#pragma once

#include <QString>

namespace s3c {

// Amazon S3 "Bucket naming rules" (general purpose buckets).
class BucketNames
{
public:
    // Full rules, checked on CreateBucket: 3-63 chars of a-z 0-9 . -, starting and ending with a
    // letter or digit, no "..", not an IPv4 address, no xn-- / sthree- prefix, no -s3alias /
    // --ol-s3 suffix.
    static bool isValidForCreate(const QString &name);
    // Minimal safety for every other request: a name that could never be a bucket is refused
    // before it reaches a backend (no '/', no leading '.', not empty, at most 255 chars).
    static bool isPlausible(const QString &name);
};

} // namespace s3c
