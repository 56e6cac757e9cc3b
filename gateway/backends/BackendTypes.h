#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

class QIODevice;

namespace s3c {

class BodyStream;

// Plain data carried between the S3 layer and the backends.

struct BucketInfo
{
    QString name;
    QDateTime creationDate; // UTC
};

// An object's tags (S3 "Categorizing your storage using tags"): key/value pairs in the order
// given, keys unique; ObjectTagging checks and converts them.
using ObjectTags = QList<QPair<QString, QString>>;

// What S3 keeps about an object besides its bytes.
struct ObjectInfo
{
    QString key;
    qint64 size = 0;
    QDateTime lastModified; // UTC, second precision is enough for HTTP dates
    QByteArray etag;        // with quotes: "\"9b2cf535f27731c974343645a3985328\"" or "\"...-3\""
    QByteArray contentType; // empty: application/octet-stream
    // Stored response headers, names lower-case: content-encoding, content-disposition,
    // content-language, cache-control, expires, and x-amz-meta-* (user metadata).
    QList<QPair<QByteArray, QByteArray>> headers;
    // Verified checksums, algorithm ("CRC32", "CRC32C", "SHA1", "SHA256") -> base64 value.
    QMap<QByteArray, QByteArray> checksums;
    QString storageClass = QStringLiteral("STANDARD");
    int partsCount = 0; // > 0 for objects made by a multipart upload
    // Sizes of those parts in order, for GetObject/HeadObject ?partNumber=N; empty where unknown
    // (objects completed before the sizes were kept, or from a backend that does not tell).
    QList<qint64> partSizes;
    ObjectTags tags;    // replaced as a whole by every write of the object (PutObjectTagging too)
};

// Preconditions of GET/HEAD (If-*) or of a copy source (x-amz-copy-source-if-*).
struct Conditions
{
    QByteArray ifMatch;     // raw header value: "\"etag\"", list, or "*"
    QByteArray ifNoneMatch;
    std::optional<QDateTime> ifModifiedSince;
    std::optional<QDateTime> ifUnmodifiedSince;

    bool isEmpty() const
    {
        return ifMatch.isEmpty() && ifNoneMatch.isEmpty() && !ifModifiedSince && !ifUnmodifiedSince;
    }
};

// Preconditions of a write (S3 "conditional writes": PutObject, CompleteMultipartUpload), checked
// by the backend atomically with the write itself, so that of two writers only one can win.
struct WriteConditions
{
    QByteArray ifMatch;       // an ETag: replace only that version (412 if another, 404 if absent)
    bool ifNoneMatch = false; // If-None-Match: "*": create only, never replace (412)

    bool isEmpty() const { return ifMatch.isEmpty() && !ifNoneMatch; }
};

// A Range header as asked: bytes=first-last, bytes=first-, bytes=-suffix.
struct RangeSpec
{
    qint64 first = -1;  // -1 with suffix: the last `suffix` bytes
    qint64 last = -1;   // -1: to the end
    qint64 suffix = -1;
};

// A range resolved against an object's size: inclusive byte offsets.
struct ByteRange
{
    qint64 first = 0;
    qint64 last = -1;
    qint64 length() const { return last - first + 1; }
};

struct GetObjectRequest
{
    QString bucket;
    QString key;
    std::optional<RangeSpec> range;
    Conditions conditions;
    bool headOnly = false; // HEAD: no body device wanted
    int partNumber = 0;    // ?partNumber=N (1..10000): that part only, instead of a range
};

struct GetObjectResult
{
    ObjectInfo info;
    std::optional<ByteRange> range; // set when a range was served (206)
    QIODevice *body = nullptr;      // exactly the bytes to send; the receiver takes ownership; null for HEAD
    QString servedBy;               // name of the backend that served it (x-s3cascade-backend)
};

struct PutObjectRequest
{
    QString bucket;
    QString key;
    ObjectInfo meta;            // contentType, headers, checksums (expected; verified by the stream)
    BodyStream *body = nullptr; // not owned; read until finished() or failed()
    WriteConditions conditions;
};

struct CopyObjectRequest
{
    QString sourceBucket;
    QString sourceKey;
    QString bucket;
    QString key;
    bool replaceMetadata = false; // x-amz-metadata-directive: REPLACE
    ObjectInfo meta;              // the new metadata when replaceMetadata
    Conditions sourceConditions;
    bool replaceTags = false;     // x-amz-tagging-directive: REPLACE; else the source's tags
    ObjectTags tags;              // the new tags when replaceTags (x-amz-tagging)
};

struct ListObjectsRequest
{
    QString bucket;
    QString prefix;
    QString delimiter;
    QString startAfter; // exclusive; v1 marker, v2 start-after or the decoded continuation token
    int maxKeys = 1000; // 0..1000
};

struct ListObjectsResult
{
    QList<ObjectInfo> objects;  // sorted by key (UTF-8 byte order, as S3)
    QStringList commonPrefixes; // sorted
    bool truncated = false;
    QString nextMarker; // last key or common prefix returned, when truncated
    QStringList servedBy; // backends whose entries the listing holds (x-s3cascade-backend)
    bool partial = false; // a backend failed and "partialListing" allowed answering without it
};

struct MultipartUpload
{
    QString bucket;
    QString key;
    QString uploadId;
    QDateTime initiated;
    ObjectInfo meta; // metadata given at CreateMultipartUpload
};

struct PartInfo
{
    int partNumber = 0;
    QByteArray etag; // quoted
    qint64 size = 0;
    QDateTime lastModified;
    QMap<QByteArray, QByteArray> checksums;
};

struct UploadPartRequest
{
    QString bucket;
    QString key;
    QString uploadId;
    int partNumber = 0;
    BodyStream *body = nullptr; // for UploadPart, not owned
};

struct UploadPartCopyRequest
{
    QString bucket;
    QString key;
    QString uploadId;
    int partNumber = 0;
    QString sourceBucket;
    QString sourceKey;
    std::optional<ByteRange> sourceRange; // x-amz-copy-source-range (already validated)
    Conditions sourceConditions;
};

struct ListPartsRequest
{
    QString bucket;
    QString key;
    QString uploadId;
    int partNumberMarker = 0;
    int maxParts = 1000;
};

struct ListPartsResult
{
    MultipartUpload upload;
    QList<PartInfo> parts;
    bool truncated = false;
    int nextPartNumberMarker = 0;
};

struct ListUploadsRequest
{
    QString bucket;
    QString prefix;
    QString delimiter;
    QString keyMarker;
    QString uploadIdMarker;
    int maxUploads = 1000;
};

struct ListUploadsResult
{
    QList<MultipartUpload> uploads; // sorted by key, then initiation time
    QStringList commonPrefixes;
    bool truncated = false;
    QString nextKeyMarker;
    QString nextUploadIdMarker;
};

struct CompletedPart
{
    int partNumber = 0;
    QByteArray etag; // as the client sent it (quotes optional)
};

} // namespace s3c
