#pragma once

#include "backends/BackendTypes.h"
#include "http/HttpRequest.h"

#include <QList>



namespace s3c {

class HttpClientReply;

// Object metadata and request options as S3 headers, both ways.
class S3ObjectHeaders
{
public:
    // Content-Type, stored headers (content-encoding, ..., x-amz-meta-*) and, when known before
    // the body and checksums are enabled, x-amz-checksum-<algorithm>.
    static QList<HttpHeader> forMetadata(const ObjectInfo &meta, bool withChecksums);
    // If-* for GET/HEAD, or x-amz-copy-source-if-* with prefix "x-amz-copy-source-".
    static QList<HttpHeader> forConditions(const Conditions &conditions, const QByteArray &prefix = {});
    // If-Match / If-None-Match of a conditional PutObject or CompleteMultipartUpload.
    static QList<HttpHeader> forWriteConditions(const WriteConditions &conditions);
    // "bytes=first-last", "bytes=first-", "bytes=-suffix".
    static QByteArray rangeValue(const RangeSpec &range);
    static QByteArray httpDate(const QDateTime &time);

    // ObjectInfo from a GET/HEAD answer; `range` gets Content-Range of a 206.
    static ObjectInfo objectInfo(const HttpClientReply *reply, const QString &key,
                                 std::optional<ByteRange> *range);
    static QMap<QByteArray, QByteArray> checksums(const HttpClientReply *reply);
    static QByteArray quotedEtag(const QByteArray &etag);
};

} // namespace s3c
