#include "S3Xml.h"

#include "HttpDates.h"

#include <QUrl>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace s3c {

namespace {

const QString kNs = QStringLiteral("http://s3.amazonaws.com/doc/2006-03-01/");

class Doc
{
public:
    explicit Doc(const QString &root) : m_xml(&m_out)
    {
        m_xml.writeStartDocument();
        m_xml.writeStartElement(root);
        m_xml.writeDefaultNamespace(kNs);
    }
    QXmlStreamWriter &w() { return m_xml; }
    void text(const QString &name, const QString &value) { m_xml.writeTextElement(name, value); }
    void boolean(const QString &name, bool value)
    {
        m_xml.writeTextElement(name, value ? QStringLiteral("true") : QStringLiteral("false"));
    }
    void number(const QString &name, qint64 value) { m_xml.writeTextElement(name, QString::number(value)); }
    QByteArray finish()
    {
        m_xml.writeEndElement();
        m_xml.writeEndDocument();
        return m_out;
    }

private:
    QByteArray m_out;
    QXmlStreamWriter m_xml;
};

void writeOwner(Doc &doc, const Owner &owner, const QString &element = QStringLiteral("Owner"))
{
    doc.w().writeStartElement(element);
    doc.text(QStringLiteral("ID"), owner.id);
    doc.text(QStringLiteral("DisplayName"), owner.displayName);
    doc.w().writeEndElement();
}

void writeContents(Doc &doc, const ObjectInfo &o, bool urlEncode, const Owner *owner)
{
    doc.w().writeStartElement(QStringLiteral("Contents"));
    doc.text(QStringLiteral("Key"), urlEncode ? S3Xml::urlEncode(o.key) : o.key);
    doc.text(QStringLiteral("LastModified"), formatIso8601(o.lastModified));
    doc.text(QStringLiteral("ETag"), QString::fromLatin1(o.etag));
    for (auto it = o.checksums.cbegin(); it != o.checksums.cend(); ++it)
        doc.text(QStringLiteral("ChecksumAlgorithm"), QString::fromLatin1(it.key()));
    doc.number(QStringLiteral("Size"), o.size);
    if (owner)
        writeOwner(doc, *owner);
    doc.text(QStringLiteral("StorageClass"), o.storageClass.isEmpty() ? QStringLiteral("STANDARD") : o.storageClass);
    doc.w().writeEndElement();
}

void writePrefixes(Doc &doc, const QStringList &prefixes, bool urlEncode)
{
    for (const QString &p : prefixes) {
        doc.w().writeStartElement(QStringLiteral("CommonPrefixes"));
        doc.text(QStringLiteral("Prefix"), urlEncode ? S3Xml::urlEncode(p) : p);
        doc.w().writeEndElement();
    }
}

QString enc(const ListEcho &echo, const QString &value)
{
    return echo.urlEncode ? S3Xml::urlEncode(value) : value;
}

} // namespace

QString S3Xml::urlEncode(const QString &value)
{
    // S3 encodes with RFC 3986 rules but keeps '/' readable.
    return QString::fromLatin1(QUrl::toPercentEncoding(value, "/"));
}

QByteArray S3Xml::listBuckets(const QList<BucketInfo> &buckets, const Owner &owner)
{
    Doc doc(QStringLiteral("ListAllMyBucketsResult"));
    writeOwner(doc, owner);
    doc.w().writeStartElement(QStringLiteral("Buckets"));
    for (const BucketInfo &b : buckets) {
        doc.w().writeStartElement(QStringLiteral("Bucket"));
        doc.text(QStringLiteral("Name"), b.name);
        doc.text(QStringLiteral("CreationDate"), formatIso8601(b.creationDate));
        doc.w().writeEndElement();
    }
    doc.w().writeEndElement();
    return doc.finish();
}

QByteArray S3Xml::location(const QString &region)
{
    // us-east-1 is reported as an empty LocationConstraint (GetBucketLocation).
    Doc doc(QStringLiteral("LocationConstraint"));
    if (region != QLatin1String("us-east-1"))
        doc.w().writeCharacters(region);
    return doc.finish();
}

QByteArray S3Xml::listObjectsV1(const ListEcho &echo, const ListObjectsResult &result, const Owner &owner)
{
    Doc doc(QStringLiteral("ListBucketResult"));
    doc.text(QStringLiteral("Name"), echo.bucket);
    doc.text(QStringLiteral("Prefix"), enc(echo, echo.prefix));
    doc.text(QStringLiteral("Marker"), enc(echo, echo.marker));
    doc.number(QStringLiteral("MaxKeys"), echo.maxKeys);
    if (!echo.delimiter.isEmpty())
        doc.text(QStringLiteral("Delimiter"), enc(echo, echo.delimiter));
    if (echo.urlEncode)
        doc.text(QStringLiteral("EncodingType"), QStringLiteral("url"));
    doc.boolean(QStringLiteral("IsTruncated"), result.truncated);
    // NextMarker is only returned with a delimiter; without one clients use the last key.
    if (result.truncated && !echo.delimiter.isEmpty())
        doc.text(QStringLiteral("NextMarker"), enc(echo, result.nextMarker));
    for (const ObjectInfo &o : result.objects)
        writeContents(doc, o, echo.urlEncode, &owner);
    writePrefixes(doc, result.commonPrefixes, echo.urlEncode);
    return doc.finish();
}

QByteArray S3Xml::listObjectsV2(const ListEcho &echo, const ListObjectsResult &result, const Owner &owner,
                                const QString &nextContinuationToken)
{
    Doc doc(QStringLiteral("ListBucketResult"));
    doc.text(QStringLiteral("Name"), echo.bucket);
    doc.text(QStringLiteral("Prefix"), enc(echo, echo.prefix));
    doc.number(QStringLiteral("KeyCount"), result.objects.size() + result.commonPrefixes.size());
    doc.number(QStringLiteral("MaxKeys"), echo.maxKeys);
    if (!echo.delimiter.isEmpty())
        doc.text(QStringLiteral("Delimiter"), enc(echo, echo.delimiter));
    if (echo.urlEncode)
        doc.text(QStringLiteral("EncodingType"), QStringLiteral("url"));
    doc.boolean(QStringLiteral("IsTruncated"), result.truncated);
    if (echo.hasContinuationToken)
        doc.text(QStringLiteral("ContinuationToken"), echo.continuationToken);
    if (result.truncated)
        doc.text(QStringLiteral("NextContinuationToken"), nextContinuationToken);
    if (!echo.startAfter.isEmpty())
        doc.text(QStringLiteral("StartAfter"), enc(echo, echo.startAfter));
    for (const ObjectInfo &o : result.objects)
        writeContents(doc, o, echo.urlEncode, echo.fetchOwner ? &owner : nullptr);
    writePrefixes(doc, result.commonPrefixes, echo.urlEncode);
    return doc.finish();
}

QByteArray S3Xml::copyObjectResult(const ObjectInfo &info)
{
    Doc doc(QStringLiteral("CopyObjectResult"));
    doc.text(QStringLiteral("LastModified"), formatIso8601(info.lastModified));
    doc.text(QStringLiteral("ETag"), QString::fromLatin1(info.etag));
    return doc.finish();
}

QByteArray S3Xml::copyPartResult(const PartInfo &part)
{
    Doc doc(QStringLiteral("CopyPartResult"));
    doc.text(QStringLiteral("LastModified"), formatIso8601(part.lastModified));
    doc.text(QStringLiteral("ETag"), QString::fromLatin1(part.etag));
    return doc.finish();
}

QByteArray S3Xml::initiateMultipart(const MultipartUpload &upload)
{
    Doc doc(QStringLiteral("InitiateMultipartUploadResult"));
    doc.text(QStringLiteral("Bucket"), upload.bucket);
    doc.text(QStringLiteral("Key"), upload.key);
    doc.text(QStringLiteral("UploadId"), upload.uploadId);
    return doc.finish();
}

QByteArray S3Xml::completeMultipart(const QString &location, const QString &bucket, const QString &key,
                                    const QByteArray &etag)
{
    Doc doc(QStringLiteral("CompleteMultipartUploadResult"));
    doc.text(QStringLiteral("Location"), location);
    doc.text(QStringLiteral("Bucket"), bucket);
    doc.text(QStringLiteral("Key"), key);
    doc.text(QStringLiteral("ETag"), QString::fromLatin1(etag));
    return doc.finish();
}

QByteArray S3Xml::listParts(const ListPartsResult &result, const ListPartsRequest &request, const Owner &owner)
{
    Doc doc(QStringLiteral("ListPartsResult"));
    doc.text(QStringLiteral("Bucket"), request.bucket);
    doc.text(QStringLiteral("Key"), request.key);
    doc.text(QStringLiteral("UploadId"), request.uploadId);
    writeOwner(doc, owner, QStringLiteral("Initiator"));
    writeOwner(doc, owner);
    doc.text(QStringLiteral("StorageClass"), QStringLiteral("STANDARD"));
    doc.number(QStringLiteral("PartNumberMarker"), request.partNumberMarker);
    doc.number(QStringLiteral("NextPartNumberMarker"), result.nextPartNumberMarker);
    doc.number(QStringLiteral("MaxParts"), request.maxParts);
    doc.boolean(QStringLiteral("IsTruncated"), result.truncated);
    for (const PartInfo &p : result.parts) {
        doc.w().writeStartElement(QStringLiteral("Part"));
        doc.number(QStringLiteral("PartNumber"), p.partNumber);
        doc.text(QStringLiteral("LastModified"), formatIso8601(p.lastModified));
        doc.text(QStringLiteral("ETag"), QString::fromLatin1(p.etag));
        doc.number(QStringLiteral("Size"), p.size);
        doc.w().writeEndElement();
    }
    return doc.finish();
}

QByteArray S3Xml::listUploads(const ListUploadsResult &result, const ListUploadsRequest &request, bool urlEncode,
                              const Owner &owner)
{
    auto e = [urlEncode](const QString &v) { return urlEncode ? S3Xml::urlEncode(v) : v; };
    Doc doc(QStringLiteral("ListMultipartUploadsResult"));
    doc.text(QStringLiteral("Bucket"), request.bucket);
    doc.text(QStringLiteral("KeyMarker"), e(request.keyMarker));
    doc.text(QStringLiteral("UploadIdMarker"), request.uploadIdMarker);
    doc.text(QStringLiteral("NextKeyMarker"), e(result.nextKeyMarker));
    doc.text(QStringLiteral("NextUploadIdMarker"), result.nextUploadIdMarker);
    if (!request.delimiter.isEmpty())
        doc.text(QStringLiteral("Delimiter"), e(request.delimiter));
    doc.text(QStringLiteral("Prefix"), e(request.prefix));
    if (urlEncode)
        doc.text(QStringLiteral("EncodingType"), QStringLiteral("url"));
    doc.number(QStringLiteral("MaxUploads"), request.maxUploads);
    doc.boolean(QStringLiteral("IsTruncated"), result.truncated);
    for (const MultipartUpload &u : result.uploads) {
        doc.w().writeStartElement(QStringLiteral("Upload"));
        doc.text(QStringLiteral("Key"), e(u.key));
        doc.text(QStringLiteral("UploadId"), u.uploadId);
        writeOwner(doc, owner, QStringLiteral("Initiator"));
        writeOwner(doc, owner);
        doc.text(QStringLiteral("StorageClass"), QStringLiteral("STANDARD"));
        doc.text(QStringLiteral("Initiated"), formatIso8601(u.initiated));
        doc.w().writeEndElement();
    }
    writePrefixes(doc, result.commonPrefixes, urlEncode);
    return doc.finish();
}

QByteArray S3Xml::deleteResult(const QList<DeleteOutcome> &outcomes, bool quiet)
{
    Doc doc(QStringLiteral("DeleteResult"));
    for (const DeleteOutcome &o : outcomes) {
        if (o.ok) {
            if (quiet) // quiet mode reports only errors (DeleteObjects)
                continue;
            doc.w().writeStartElement(QStringLiteral("Deleted"));
            doc.text(QStringLiteral("Key"), o.key);
            doc.w().writeEndElement();
        } else {
            doc.w().writeStartElement(QStringLiteral("Error"));
            doc.text(QStringLiteral("Key"), o.key);
            doc.text(QStringLiteral("Code"), QString::fromLatin1(s3ErrorCode(o.failure.error)));
            doc.text(QStringLiteral("Message"), o.failure.text());
            doc.w().writeEndElement();
        }
    }
    return doc.finish();
}

Result<QStringList> S3Xml::parseDelete(const QByteArray &xml, bool *quiet)
{
    QXmlStreamReader r(xml);
    QStringList keys;
    bool sawRoot = false;
    *quiet = false;
    QStringList path;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            path.append(r.name().toString());
            if (path.size() == 1) {
                if (path.first() != QLatin1String("Delete"))
                    return Failure{S3Error::MalformedXML, {}};
                sawRoot = true;
            } else if (path.size() == 2 && path[1] == QLatin1String("Quiet")) {
                *quiet = r.readElementText().trimmed().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
                path.removeLast();
            } else if (path.size() == 3 && path[1] == QLatin1String("Object") && path[2] == QLatin1String("Key")) {
                keys.append(r.readElementText());
                path.removeLast();
            }
        } else if (r.isEndElement()) {
            path.removeLast();
        }
    }
    if (r.hasError() || !sawRoot || keys.isEmpty())
        return Failure{S3Error::MalformedXML, {}};
    return keys;
}

Result<QList<CompletedPart>> S3Xml::parseCompleteMultipart(const QByteArray &xml)
{
    QXmlStreamReader r(xml);
    QList<CompletedPart> parts;
    QStringList path;
    CompletedPart current;
    bool sawRoot = false;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            path.append(r.name().toString());
            if (path.size() == 1) {
                if (path.first() != QLatin1String("CompleteMultipartUpload"))
                    return Failure{S3Error::MalformedXML, {}};
                sawRoot = true;
            } else if (path.size() == 2 && path[1] == QLatin1String("Part")) {
                current = CompletedPart{};
            } else if (path.size() == 3 && path[1] == QLatin1String("Part")) {
                const QString text = r.readElementText().trimmed();
                if (path[2] == QLatin1String("PartNumber")) {
                    bool ok = false;
                    current.partNumber = text.toInt(&ok);
                    if (!ok)
                        return Failure{S3Error::MalformedXML, {}};
                } else if (path[2] == QLatin1String("ETag")) {
                    current.etag = text.toLatin1();
                }
                path.removeLast();
            }
        } else if (r.isEndElement()) {
            if (path.size() == 2 && path[1] == QLatin1String("Part"))
                parts.append(current);
            path.removeLast();
        }
    }
    if (r.hasError() || !sawRoot || parts.isEmpty())
        return Failure{S3Error::MalformedXML, {}};
    return parts;
}

} // namespace s3c
