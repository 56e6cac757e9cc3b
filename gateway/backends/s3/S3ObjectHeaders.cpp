#include "S3ObjectHeaders.h"

#include "auth/SigV4.h"
#include "backends/ObjectTagging.h"

#include "http/HttpClientReply.h"
#include <QLocale>

namespace s3c {

namespace {

const QList<QByteArray> &checksumAlgorithms()
{
    static const QList<QByteArray> names{"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"};
    return names;
}

bool isStoredHeader(const QByteArray &lower)
{
    return lower == "content-encoding" || lower == "content-disposition" || lower == "content-language" ||
           lower == "cache-control" || lower == "expires" || lower.startsWith("x-amz-meta-") ||
           lower == "x-amz-website-redirect-location" || lower == "x-amz-tagging-count";
}

} // namespace

QList<HttpHeader> S3ObjectHeaders::forMetadata(const ObjectInfo &meta, bool withChecksums)
{
    QList<HttpHeader> out;
    out.append({QByteArrayLiteral("Content-Type"), meta.contentType.isEmpty()
                                                       ? QByteArrayLiteral("application/octet-stream")
                                                       : meta.contentType});
    for (const auto &[name, value] : meta.headers) {
        const QByteArray lower = name.toLower();
        if (isStoredHeader(lower) && lower != "x-amz-tagging-count")
            out.append({lower, value});
    }
    if (meta.storageClass != QLatin1String("STANDARD") && !meta.storageClass.isEmpty())
        out.append({QByteArrayLiteral("x-amz-storage-class"), meta.storageClass.toLatin1()});
    if (!meta.tags.isEmpty())
        out.append({QByteArrayLiteral("x-amz-tagging"), ObjectTagging::toHeader(meta.tags)});
    if (withChecksums) {
        for (auto it = meta.checksums.cbegin(); it != meta.checksums.cend(); ++it)
            out.append({"x-amz-checksum-" + it.key().toLower(), it.value()});
    }
    return out;
}

QList<HttpHeader> S3ObjectHeaders::forConditions(const Conditions &c, const QByteArray &prefix)
{
    QList<HttpHeader> out;
    const QByteArray p = prefix.isEmpty() ? QByteArrayLiteral("") : prefix;
    if (!c.ifMatch.isEmpty())
        out.append({p + "if-match", c.ifMatch});
    if (!c.ifNoneMatch.isEmpty())
        out.append({p + "if-none-match", c.ifNoneMatch});
    if (c.ifModifiedSince)
        out.append({p + "if-modified-since", httpDate(*c.ifModifiedSince)});
    if (c.ifUnmodifiedSince)
        out.append({p + "if-unmodified-since", httpDate(*c.ifUnmodifiedSince)});
    return out;
}

QList<HttpHeader> S3ObjectHeaders::forWriteConditions(const WriteConditions &c)
{
    QList<HttpHeader> out;
    if (!c.ifMatch.isEmpty())
        out.append({QByteArrayLiteral("If-Match"), c.ifMatch});
    if (c.ifNoneMatch)
        out.append({QByteArrayLiteral("If-None-Match"), QByteArrayLiteral("*")});
    return out;
}

QByteArray S3ObjectHeaders::rangeValue(const RangeSpec &r)
{
    if (r.suffix >= 0)
        return "bytes=-" + QByteArray::number(r.suffix);
    return "bytes=" + QByteArray::number(r.first) + '-' +
           (r.last >= 0 ? QByteArray::number(r.last) : QByteArray());
}

QByteArray S3ObjectHeaders::httpDate(const QDateTime &time)
{
    // RFC 9110 IMF-fixdate; C locale so day and month names stay English.
    return QLocale::c().toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

QByteArray S3ObjectHeaders::quotedEtag(const QByteArray &etag)
{
    const QByteArray e = etag.trimmed();
    if (e.isEmpty() || e.startsWith('"') || e.startsWith("W/"))
        return e;
    return '"' + e + '"';
}

QMap<QByteArray, QByteArray> S3ObjectHeaders::checksums(const HttpClientReply *reply)
{
    QMap<QByteArray, QByteArray> out;
    for (const QByteArray &algorithm : checksumAlgorithms()) {
        const QByteArray value = reply->rawHeader(QByteArray("x-amz-checksum-" + algorithm.toLower()));
        if (!value.isEmpty())
            out.insert(algorithm, value);
    }
    return out;
}

ObjectInfo S3ObjectHeaders::objectInfo(const HttpClientReply *reply, const QString &key,
                                       std::optional<ByteRange> *range)
{
    ObjectInfo info;
    info.key = key;
    info.etag = quotedEtag(reply->rawHeader("ETag"));
    info.contentType = reply->rawHeader("Content-Type");
    if (const auto t = sigv4::parseHttpDate(reply->rawHeader("Last-Modified")))
        info.lastModified = *t;
    info.size = reply->rawHeader("Content-Length").toLongLong();
    const QByteArray storageClass = reply->rawHeader("x-amz-storage-class");
    if (!storageClass.isEmpty())
        info.storageClass = QString::fromLatin1(storageClass);
    info.partsCount = reply->rawHeader("x-amz-mp-parts-count").toInt();
    info.checksums = checksums(reply);
    for (const auto &[name, value] : reply->rawHeaderPairs()) {
        const QByteArray lower = name.toLower();
        if (isStoredHeader(lower))
            info.headers.append({lower, value});
    }
    // "Content-Range: bytes first-last/size" of a 206 (RFC 9110 14.4): the object's size is the
    // complete length, not the Content-Length of the part.
    const QByteArray contentRange = reply->rawHeader("Content-Range");
    if (range && contentRange.startsWith("bytes ")) {
        const qsizetype dash = contentRange.indexOf('-');
        const qsizetype slash = contentRange.indexOf('/');
        if (dash > 6 && slash > dash) {
            ByteRange r{contentRange.mid(6, dash - 6).toLongLong(),
                        contentRange.mid(dash + 1, slash - dash - 1).toLongLong()};
            const QByteArray total = contentRange.mid(slash + 1);
            if (total != "*")
                info.size = total.toLongLong();
            *range = r;
        }
    }
    return info;
}

} // namespace s3c
