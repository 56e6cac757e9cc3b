#pragma once

#include "base/Result.h"
#include "backends/BackendTypes.h"

#include <QByteArray>

namespace s3c {

// Parameters a listing was asked with, echoed back in its XML.
struct ListEcho
{
    QString bucket;
    QString prefix;
    QString delimiter;
    QString marker;            // v1 Marker
    QString startAfter;        // v2 StartAfter
    QString continuationToken; // v2, as given
    bool hasContinuationToken = false; // v2: the parameter was sent, even empty
    int maxKeys = 1000;
    bool urlEncode = false;    // encoding-type=url
    bool fetchOwner = false;   // v2 fetch-owner (v1 always has Owner)
};

struct Owner
{
    QString id;
    QString displayName;
};

struct DeleteRequestEntry
{
    QString key;
};

struct DeleteOutcome
{
    QString key;
    Failure failure; // error None: deleted
    bool ok = true;
};

// S3's XML documents, written with QXmlStreamWriter and read with QXmlStreamReader
// (namespace http://s3.amazonaws.com/doc/2006-03-01/).
class S3Xml
{
public:
    static QByteArray listBuckets(const QList<BucketInfo> &buckets, const Owner &owner);
    static QByteArray location(const QString &region);
    static QByteArray listObjectsV1(const ListEcho &echo, const ListObjectsResult &result, const Owner &owner);
    static QByteArray listObjectsV2(const ListEcho &echo, const ListObjectsResult &result, const Owner &owner,
                                    const QString &nextContinuationToken);
    static QByteArray copyObjectResult(const ObjectInfo &info);
    static QByteArray copyPartResult(const PartInfo &part);
    static QByteArray initiateMultipart(const MultipartUpload &upload);
    static QByteArray completeMultipart(const QString &location, const QString &bucket, const QString &key,
                                        const QByteArray &etag);
    static QByteArray listParts(const ListPartsResult &result, const ListPartsRequest &request, const Owner &owner);
    static QByteArray listUploads(const ListUploadsResult &result, const ListUploadsRequest &request,
                                  bool urlEncode, const Owner &owner);
    static QByteArray deleteResult(const QList<DeleteOutcome> &outcomes, bool quiet);

    // <Delete><Quiet/><Object><Key/></Object>...</Delete>
    static Result<QStringList> parseDelete(const QByteArray &xml, bool *quiet);
    // <CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>...</CompleteMultipartUpload>
    static Result<QList<CompletedPart>> parseCompleteMultipart(const QByteArray &xml);

    // encoding-type=url: S3 encodes like a form value ("a b" -> "a+b"? no: S3 uses %20).
    static QString urlEncode(const QString &value);
};

} // namespace s3c
