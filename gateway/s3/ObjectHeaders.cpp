#include "ObjectHeaders.h"

#include "HttpDates.h"
#include "S3Request.h"
#include "backends/ObjectTagging.h"

#include <algorithm>
#include <iterator>

namespace s3c {

namespace {

// Headers S3 stores with an object and returns on GET/HEAD.
constexpr const char *kStoredHeaders[] = {"content-encoding", "content-disposition", "content-language",
                                          "cache-control", "expires"};

constexpr const char *kChecksumNames[][2] = {
    {"CRC32", "x-amz-checksum-crc32"},
    {"CRC32C", "x-amz-checksum-crc32c"},
    {"SHA1", "x-amz-checksum-sha1"},
    {"SHA256", "x-amz-checksum-sha256"},
};

} // namespace

namespace {

// RFC 9110 section 5.5: CR, LF and NUL are never valid in a field value; stored values come back
// as response headers, where a CR or LF would start a header of the client's choosing.
bool isSafeFieldValue(QByteArrayView value)
{
    return !value.contains('\r') && !value.contains('\n') && !value.contains('\0');
}

// aws-chunked only describes how this request was framed (S3 "Using aws-chunked"): S3 stores
// the rest of the list as the client wrote it, so "aws-chunked, deflate, gzip" keeps
// "deflate, gzip" with its separators. Only the aws-chunked items and the comma after each go.
QByteArray withoutAwsChunked(const QByteArray &value)
{
    QList<QByteArray> kept;
    for (const QByteArray &item : value.split(',')) {
        if (item.trimmed().compare("aws-chunked", Qt::CaseInsensitive) != 0)
            kept.append(item);
    }
    return kept.join(',').trimmed();
}

} // namespace

Result<ObjectInfo> ObjectHeaders::metadataFromRequest(const HttpRequest &request)
{
    for (const HttpHeader &h : request.headers) {
        const QByteArray lower = h.name.toLower();
        const bool stored = lower == "content-type" || lower.startsWith("x-amz-meta-") ||
                            std::any_of(std::begin(kStoredHeaders), std::end(kStoredHeaders),
                                        [&](const char *n) { return lower == n; });
        if (stored && !isSafeFieldValue(h.value))
            return Failure{S3Error::InvalidArgument,
                           QStringLiteral("The value of header %1 must not contain CR, LF or NUL.")
                               .arg(QString::fromLatin1(h.name))};
    }
    ObjectInfo info;
    info.contentType = request.header("content-type");
    for (const char *name : kStoredHeaders) {
        if (!request.hasHeader(name))
            continue;
        QByteArray value = request.header(name);
        if (qstrcmp(name, "content-encoding") == 0) {
            value = withoutAwsChunked(value);
            if (value.isEmpty())
                continue;
        }
        info.headers.append({QByteArray(name), value});
    }
    for (const HttpHeader &h : request.headers) {
        const QByteArray lower = h.name.toLower();
        if (lower.startsWith("x-amz-meta-"))
            info.headers.append({lower, h.value});
    }
    if (request.hasHeader("x-amz-tagging")) {
        Result<ObjectTags> tags = ObjectTagging::parseHeader(request.header("x-amz-tagging"));
        if (!tags)
            return tags.failure();
        info.tags = std::move(tags.value());
    }
    const QByteArray storageClass = request.header("x-amz-storage-class");
    if (!storageClass.isEmpty())
        info.storageClass = QString::fromLatin1(storageClass);
    return info;
}

void ObjectHeaders::addObjectHeaders(HttpResponse &response, const ObjectInfo &info, bool withChecksums)
{
    response.setHeader("ETag", info.etag);
    response.setHeader("Last-Modified", formatHttpDate(info.lastModified));
    response.setHeader("Content-Type", info.contentType.isEmpty() ? QByteArray("binary/octet-stream")
                                                                  : info.contentType);
    response.setHeader("Accept-Ranges", "bytes");
    for (const auto &h : info.headers)
        response.addHeader(h.first, h.second);
    if (info.storageClass != QLatin1String("STANDARD") && !info.storageClass.isEmpty())
        response.setHeader("x-amz-storage-class", info.storageClass.toLatin1());
    if (info.partsCount > 0)
        response.setHeader("x-amz-mp-parts-count", QByteArray::number(info.partsCount));
    // GetObject/HeadObject: "x-amz-tagging-count: The number of tags, if any, on the object".
    // (An S3 backend's objects carry the header among `headers` instead.)
    if (!info.tags.isEmpty())
        response.setHeader("x-amz-tagging-count", QByteArray::number(info.tags.size()));
    if (withChecksums) {
        for (const auto &pair : kChecksumNames) {
            const auto it = info.checksums.constFind(QByteArray(pair[0]));
            if (it != info.checksums.constEnd())
                response.setHeader(pair[1], it.value());
        }
    }
}

void ObjectHeaders::applyResponseOverrides(HttpResponse &response, const S3Request &request)
{
    static const char *const overrides[][2] = {
        {"response-content-type", "Content-Type"},
        {"response-content-language", "Content-Language"},
        {"response-expires", "Expires"},
        {"response-cache-control", "Cache-Control"},
        {"response-content-disposition", "Content-Disposition"},
        {"response-content-encoding", "Content-Encoding"},
    };
    for (const auto &o : overrides) {
        const QString param = QString::fromLatin1(o[0]);
        if (request.hasQuery(param))
            response.setHeader(o[1], request.queryValue(param).toUtf8());
    }
}

// S3 "conditional writes": If-None-Match takes only "*" (create, never replace) -- S3 answers any
// other value 501 NotImplemented -- and If-Match one ETag. Evaluated by the backend, atomically
// with the write.
Result<WriteConditions> ObjectHeaders::writeConditionsFromRequest(const HttpRequest &request)
{
    WriteConditions c;
    if (request.hasHeader("if-none-match")) {
        if (request.header("if-none-match").trimmed() != "*")
            return Failure{S3Error::NotImplemented,
                           QStringLiteral("If-None-Match on a write supports only the value *.")};
        c.ifNoneMatch = true;
    }
    c.ifMatch = request.header("if-match").trimmed();
    return c;
}

Result<Conditions> ObjectHeaders::conditionsFromRequest(const HttpRequest &request, QByteArrayView prefix)
{
    Conditions c;
    const QByteArray p = prefix.toByteArray();
    auto name = [&p](const char *suffix) { return QByteArray(p + suffix); };
    c.ifMatch = request.header(name("if-match"));
    c.ifNoneMatch = request.header(name("if-none-match"));
    // An unparsable date is ignored, as HTTP (RFC 9110 13.1.3) and S3 do.
    if (request.hasHeader(name("if-modified-since")))
        c.ifModifiedSince = parseHttpDate(request.header(name("if-modified-since")));
    if (request.hasHeader(name("if-unmodified-since")))
        c.ifUnmodifiedSince = parseHttpDate(request.header(name("if-unmodified-since")));
    return c;
}

} // namespace s3c
