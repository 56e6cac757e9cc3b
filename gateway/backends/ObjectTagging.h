#pragma once

#include "BackendTypes.h"
#include "base/Result.h"

#include <QByteArray>

namespace s3c {

// Object tags in their two wire forms -- the Tagging XML of Put/GetObjectTagging and the
// x-amz-tagging header of PutObject, CreateMultipartUpload and CopyObject -- and the limits S3
// puts on them ("Categorizing your storage using tags", S3 API reference Tag/S3Tag):
// at most 10 tags per object, keys unique, key 1-128 and value 0-256 Unicode characters drawn
// from letters, numbers, separators and _ . : / = + - @ (the documented pattern
// ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$), no key starting with the reserved "aws:".
// Lives below the S3 layer because the S3 backend speaks the same XML to the service it fronts.
class ObjectTagging
{
public:
    static constexpr int MaxTags = 10;
    static constexpr int MaxKeyLength = 128;
    static constexpr int MaxValueLength = 256;
    // A full Tagging document with 10 tags at their longest is under 8 KiB even when every
    // character takes 4 bytes of UTF-8 or an entity; bodies beyond this are not a tag set.
    static constexpr qint64 MaxXmlBytes = 64 * 1024;

    // InvalidTag (with S3's message) for the first rule broken.
    static Status validate(const ObjectTags &tags);
    // <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>: MalformedXML for
    // anything else, then validate() unless `check` is false (a backend's answer: its tags are
    // what they are, the gateway only relays them).
    static Result<ObjectTags> parseXml(const QByteArray &xml, bool check = true);
    // The Tagging document of GetObjectTagging (and of a PutObjectTagging sent upstream).
    static QByteArray toXml(const ObjectTags &tags);
    // "k1=v1&k2=v2", UTF-8 then URL-encoded as query parameters ('+' is a space). A bad encoding
    // or a repeated key is InvalidArgument, as S3 answers; then validate().
    static Result<ObjectTags> parseHeader(const QByteArray &value);
    // The x-amz-tagging value for `tags` (RFC 3986 unreserved characters kept).
    static QByteArray toHeader(const ObjectTags &tags);
};

} // namespace s3c
