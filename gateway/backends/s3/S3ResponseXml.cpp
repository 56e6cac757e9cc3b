#include "S3ResponseXml.h"

#include "S3ObjectHeaders.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace s3c {

namespace {

Failure malformed(const QString &what)
{
    return Failure{S3Error::ServiceUnavailable,
                   QStringLiteral("Backend sent a malformed %1 answer.").arg(what)};
}

QDateTime isoTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.toUTC();
}

bool isTrue(const QString &text)
{
    return text.trimmed().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

// Opens the document and checks its root element. moto names some roots "...Response" where
// the API reference says "...Result" (CompleteMultipartUpload, ListParts); both are accepted.
bool openRoot(QXmlStreamReader &xml, QLatin1String root)
{
    if (!xml.readNextStartElement())
        return false;
    if (xml.name() == root)
        return true;
    const QString name = xml.name().toString();
    const QString expected = root;
    return expected.endsWith(QLatin1String("Result")) && name.endsWith(QLatin1String("Response")) &&
           name.chopped(8) == expected.chopped(6);
}

ObjectInfo readContents(QXmlStreamReader &xml)
{
    ObjectInfo o;
    while (xml.readNextStartElement()) {
        const auto n = xml.name();
        if (n == QLatin1String("Key"))
            o.key = xml.readElementText();
        else if (n == QLatin1String("Size"))
            o.size = xml.readElementText().toLongLong();
        else if (n == QLatin1String("LastModified"))
            o.lastModified = isoTime(xml.readElementText());
        else if (n == QLatin1String("ETag"))
            o.etag = S3ObjectHeaders::quotedEtag(xml.readElementText().toUtf8());
        else if (n == QLatin1String("StorageClass"))
            o.storageClass = xml.readElementText();
        else
            xml.skipCurrentElement();
    }
    return o;
}

QString readPrefix(QXmlStreamReader &xml)
{
    QString prefix;
    while (xml.readNextStartElement()) {
        if (xml.name() == QLatin1String("Prefix"))
            prefix = xml.readElementText();
        else
            xml.skipCurrentElement();
    }
    return prefix;
}

} // namespace

Result<QList<BucketInfo>> S3ResponseXml::listBuckets(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    if (!openRoot(xml, QLatin1String("ListAllMyBucketsResult")))
        return malformed(QStringLiteral("ListBuckets"));
    QList<BucketInfo> out;
    while (xml.readNextStartElement()) {
        if (xml.name() != QLatin1String("Buckets")) {
            xml.skipCurrentElement();
            continue;
        }
        while (xml.readNextStartElement()) {
            BucketInfo b;
            while (xml.readNextStartElement()) {
                if (xml.name() == QLatin1String("Name"))
                    b.name = xml.readElementText();
                else if (xml.name() == QLatin1String("CreationDate"))
                    b.creationDate = isoTime(xml.readElementText());
                else
                    xml.skipCurrentElement();
            }
            out.append(b);
        }
    }
    if (xml.hasError())
        return malformed(QStringLiteral("ListBuckets"));
    return out;
}

Result<ListObjectsResult> S3ResponseXml::listObjects(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    if (!openRoot(xml, QLatin1String("ListBucketResult")))
        return malformed(QStringLiteral("ListObjects"));
    ListObjectsResult page;
    while (xml.readNextStartElement()) {
        const auto n = xml.name();
        if (n == QLatin1String("Contents"))
            page.objects.append(readContents(xml));
        else if (n == QLatin1String("CommonPrefixes"))
            page.commonPrefixes.append(readPrefix(xml));
        else if (n == QLatin1String("IsTruncated"))
            page.truncated = isTrue(xml.readElementText());
        else
            xml.skipCurrentElement();
    }
    if (xml.hasError())
        return malformed(QStringLiteral("ListObjects"));
    return page;
}

Result<QString> S3ResponseXml::uploadId(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    if (!openRoot(xml, QLatin1String("InitiateMultipartUploadResult")))
        return malformed(QStringLiteral("CreateMultipartUpload"));
    QString id;
    while (xml.readNextStartElement()) {
        if (xml.name() == QLatin1String("UploadId"))
            id = xml.readElementText();
        else
            xml.skipCurrentElement();
    }
    if (id.isEmpty())
        return malformed(QStringLiteral("CreateMultipartUpload"));
    return id;
}

Result<ObjectInfo> S3ResponseXml::copyResult(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    if (!xml.readNextStartElement() ||
        (xml.name() != QLatin1String("CopyObjectResult") && xml.name() != QLatin1String("CopyPartResult")))
        return malformed(QStringLiteral("copy"));
    ObjectInfo o = readContents(xml);
    if (o.etag.isEmpty())
        return malformed(QStringLiteral("copy"));
    return o;
}

Result<QByteArray> S3ResponseXml::completeEtag(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    if (!openRoot(xml, QLatin1String("CompleteMultipartUploadResult")))
        return malformed(QStringLiteral("CompleteMultipartUpload"));
    QByteArray etag;
    while (xml.readNextStartElement()) {
        if (xml.name() == QLatin1String("ETag"))
            etag = S3ObjectHeaders::quotedEtag(xml.readElementText().toUtf8());
        else
            xml.skipCurrentElement();
    }
    return etag;
}

Result<ListPartsResult> S3ResponseXml::listParts(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    if (!openRoot(xml, QLatin1String("ListPartsResult")))
        return malformed(QStringLiteral("ListParts"));
    ListPartsResult out;
    while (xml.readNextStartElement()) {
        const auto n = xml.name();
        if (n == QLatin1String("Bucket"))
            out.upload.bucket = xml.readElementText();
        else if (n == QLatin1String("Key"))
            out.upload.key = xml.readElementText();
        else if (n == QLatin1String("UploadId"))
            out.upload.uploadId = xml.readElementText();
        else if (n == QLatin1String("IsTruncated"))
            out.truncated = isTrue(xml.readElementText());
        else if (n == QLatin1String("NextPartNumberMarker"))
            out.nextPartNumberMarker = xml.readElementText().toInt();
        else if (n == QLatin1String("StorageClass"))
            out.upload.meta.storageClass = xml.readElementText();
        else if (n == QLatin1String("Part")) {
            PartInfo p;
            while (xml.readNextStartElement()) {
                const auto m = xml.name();
                if (m == QLatin1String("PartNumber"))
                    p.partNumber = xml.readElementText().toInt();
                else if (m == QLatin1String("ETag"))
                    p.etag = S3ObjectHeaders::quotedEtag(xml.readElementText().toUtf8());
                else if (m == QLatin1String("Size"))
                    p.size = xml.readElementText().toLongLong();
                else if (m == QLatin1String("LastModified"))
                    p.lastModified = isoTime(xml.readElementText());
                else
                    xml.skipCurrentElement();
            }
            out.parts.append(p);
        } else
            xml.skipCurrentElement();
    }
    if (xml.hasError())
        return malformed(QStringLiteral("ListParts"));
    return out;
}

Result<ListUploadsResult> S3ResponseXml::listUploads(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    if (!openRoot(xml, QLatin1String("ListMultipartUploadsResult")))
        return malformed(QStringLiteral("ListMultipartUploads"));
    ListUploadsResult out;
    QString bucket;
    while (xml.readNextStartElement()) {
        const auto n = xml.name();
        if (n == QLatin1String("Bucket"))
            bucket = xml.readElementText();
        else if (n == QLatin1String("IsTruncated"))
            out.truncated = isTrue(xml.readElementText());
        else if (n == QLatin1String("NextKeyMarker"))
            out.nextKeyMarker = xml.readElementText();
        else if (n == QLatin1String("NextUploadIdMarker"))
            out.nextUploadIdMarker = xml.readElementText();
        else if (n == QLatin1String("CommonPrefixes"))
            out.commonPrefixes.append(readPrefix(xml));
        else if (n == QLatin1String("Upload")) {
            MultipartUpload u;
            u.bucket = bucket;
            while (xml.readNextStartElement()) {
                const auto m = xml.name();
                if (m == QLatin1String("Key"))
                    u.key = xml.readElementText();
                else if (m == QLatin1String("UploadId"))
                    u.uploadId = xml.readElementText();
                else if (m == QLatin1String("Initiated"))
                    u.initiated = isoTime(xml.readElementText());
                else if (m == QLatin1String("StorageClass"))
                    u.meta.storageClass = xml.readElementText();
                else
                    xml.skipCurrentElement();
            }
            out.uploads.append(u);
        } else
            xml.skipCurrentElement();
    }
    if (xml.hasError())
        return malformed(QStringLiteral("ListMultipartUploads"));
    return out;
}

QByteArray S3ResponseXml::completeMultipartUpload(const QList<CompletedPart> &parts)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("CompleteMultipartUpload"));
    xml.writeDefaultNamespace(QStringLiteral("http://s3.amazonaws.com/doc/2006-03-01/"));
    for (const CompletedPart &p : parts) {
        xml.writeStartElement(QStringLiteral("Part"));
        xml.writeTextElement(QStringLiteral("PartNumber"), QString::number(p.partNumber));
        xml.writeTextElement(QStringLiteral("ETag"), QString::fromUtf8(S3ObjectHeaders::quotedEtag(p.etag)));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

QByteArray S3ResponseXml::createBucketConfiguration(const QString &region)
{
    // us-east-1 is the default and must not be named ("CreateBucket", LocationConstraint);
    // "auto" (Cloudflare R2) is no location at all.
    if (region.isEmpty() || region == QLatin1String("us-east-1") || region == QLatin1String("auto"))
        return {};
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("CreateBucketConfiguration"));
    xml.writeDefaultNamespace(QStringLiteral("http://s3.amazonaws.com/doc/2006-03-01/"));
    xml.writeTextElement(QStringLiteral("LocationConstraint"), region);
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

} // namespace s3c
