#include "Preconditions.h"

#include <QByteArrayView>

namespace s3c {

namespace {

// An entity-tag as a bare value: RFC 9110 §8.8.3 entity-tags are `[W/]"opaque"`; S3 compares
// ETags strongly but clients send them with or without quotes, so both the weak prefix and the
// quotes are dropped before comparing.
QByteArray bareEtag(QByteArray tag)
{
    tag = tag.trimmed();
    if (tag.startsWith("W/") || tag.startsWith("w/"))
        tag = tag.mid(2);
    if (tag.size() >= 2 && tag.startsWith('"') && tag.endsWith('"'))
        tag = tag.mid(1, tag.size() - 2);
    return tag;
}

// RFC 9110 §13.1.1/§13.1.2: the field is "*" or a comma-separated list of entity-tags.
bool etagListMatches(const QByteArray &header, const QByteArray &etag)
{
    const QByteArray own = bareEtag(etag);
    const QList<QByteArray> items = header.split(',');
    for (const QByteArray &item : items) {
        const QByteArray tag = item.trimmed();
        if (tag == "*")
            return true;
        if (!tag.isEmpty() && bareEtag(tag) == own)
            return true;
    }
    return false;
}

// HTTP dates have one-second resolution (RFC 9110 §5.6.7), so Last-Modified is compared at the
// second it would be sent as; otherwise an object written at 12:00:00.700 would look "modified
// since" the 12:00:00 the client got from us.
qint64 seconds(const QDateTime &t)
{
    return t.toSecsSinceEpoch();
}

} // namespace

// Order of evaluation from RFC 9110 §13.2.2 and the S3 GetObject / CopyObject documentation:
//  1. If-Match false -> 412. When If-Match is present and true, If-Unmodified-Since is ignored
//     (S3: "If-Match true and If-Unmodified-Since false: 200 OK").
//  2. Otherwise If-Unmodified-Since: modified after the date -> 412.
//  3. If-None-Match matches -> 304 for GET/HEAD, 412 for a copy source. When If-None-Match is
//     present and does not match, If-Modified-Since is ignored (S3: "If-None-Match false and
//     If-Modified-Since true: 304" -- i.e. If-None-Match decides).
//  4. Otherwise If-Modified-Since: not modified since the date -> 304 (412 for a copy source).
S3Error evaluatePreconditions(const Conditions &conditions, const ObjectInfo &info, bool forCopySource)
{
    const qint64 modified = seconds(info.lastModified);
    if (!conditions.ifMatch.isEmpty()) {
        if (!etagListMatches(conditions.ifMatch, info.etag))
            return S3Error::PreconditionFailed;
    } else if (conditions.ifUnmodifiedSince && conditions.ifUnmodifiedSince->isValid()) {
        if (modified > seconds(*conditions.ifUnmodifiedSince))
            return S3Error::PreconditionFailed;
    }

    const S3Error notModified = forCopySource ? S3Error::PreconditionFailed : S3Error::NotModified;
    if (!conditions.ifNoneMatch.isEmpty()) {
        if (etagListMatches(conditions.ifNoneMatch, info.etag))
            return notModified;
    } else if (conditions.ifModifiedSince && conditions.ifModifiedSince->isValid()) {
        if (modified <= seconds(*conditions.ifModifiedSince))
            return notModified;
    }
    return S3Error::None;
}

S3Error evaluateWriteConditions(const WriteConditions &conditions, const ObjectInfo *existing)
{
    if (conditions.ifNoneMatch && existing)
        return S3Error::PreconditionFailed;
    if (!conditions.ifMatch.isEmpty()) {
        if (!existing)
            return S3Error::NoSuchKey;
        if (!etagListMatches(conditions.ifMatch, existing->etag))
            return S3Error::PreconditionFailed;
    }
    return S3Error::None;
}

Result<std::optional<ByteRange>> resolveRange(const std::optional<RangeSpec> &range, qint64 size)
{
    using Resolved = std::optional<ByteRange>;
    if (!range)
        return Resolved{};
    // An empty object has no byte a range could select: RFC 9110 §14.1.1 makes every range
    // unsatisfiable (first-pos must be below the length, a suffix must select at least one
    // byte), and S3 answers 416 InvalidRange for it, even for "bytes=0-".
    if (size <= 0)
        return Failure{S3Error::InvalidRange, {}};

    if (range->first < 0) {
        // Suffix form "bytes=-N" (RFC 9110 §14.1.2): the last N bytes; N >= size is the whole
        // object; "bytes=-0" selects nothing and is unsatisfiable (§14.1.1).
        if (range->suffix <= 0)
            return Failure{S3Error::InvalidRange, {}};
        const qint64 length = qMin(range->suffix, size);
        return Resolved{ByteRange{size - length, size - 1}};
    }
    if (range->last >= 0 && range->last < range->first)
        return Resolved{}; // invalid syntax: RFC 9110 §14.2 says ignore the header
    if (range->first >= size)
        return Failure{S3Error::InvalidRange, {}};
    const qint64 last = (range->last < 0 || range->last >= size) ? size - 1 : range->last;
    return Resolved{ByteRange{range->first, last}};
}

Result<ByteRange> resolvePart(int partNumber, const ObjectInfo &info)
{
    const Failure invalidPart{S3Error::InvalidPart,
                              QStringLiteral("The requested partnumber is not satisfiable")};
    if (info.partsCount <= 0) {
        if (partNumber != 1)
            return invalidPart;
        return ByteRange{0, info.size - 1};
    }
    if (partNumber > info.partsCount)
        return invalidPart;
    if (info.partSizes.size() != info.partsCount)
        return Failure{S3Error::NotImplemented,
                       QStringLiteral("The part sizes of this object were not recorded at completion.")};
    qint64 first = 0;
    for (int i = 0; i + 1 < partNumber; ++i)
        first += info.partSizes.at(i);
    return ByteRange{first, first + info.partSizes.at(partNumber - 1) - 1};
}

namespace {

// Non-empty run of ASCII digits without overflow; -1 otherwise.
qint64 parseDigits(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 18)
        return -1;
    qint64 value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

// RFC 9110 §14.1.2 byte-range-set, restricted to what S3 supports: exactly one range. S3 ignores
// (serves 200 with the whole object) a Range header it cannot parse, and rejects multi-range
// requests the same way, so both come back as nullopt.
std::optional<RangeSpec> parseRangeHeader(const QByteArray &value)
{
    const QByteArray trimmed = value.trimmed();
    const qsizetype eq = trimmed.indexOf('=');
    if (eq < 0 || trimmed.left(eq).trimmed().toLower() != "bytes")
        return std::nullopt;
    const QByteArray spec = trimmed.mid(eq + 1).trimmed();
    if (spec.contains(','))
        return std::nullopt;
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return std::nullopt;
    const QByteArrayView firstText = QByteArrayView(spec).first(dash).trimmed();
    const QByteArrayView lastText = QByteArrayView(spec).sliced(dash + 1).trimmed();

    RangeSpec result;
    if (firstText.isEmpty()) {
        result.suffix = parseDigits(lastText);
        if (result.suffix < 0)
            return std::nullopt;
        return result;
    }
    result.first = parseDigits(firstText);
    if (result.first < 0)
        return std::nullopt;
    if (!lastText.isEmpty()) {
        result.last = parseDigits(lastText);
        if (result.last < 0 || result.last < result.first)
            return std::nullopt;
    }
    return result;
}

} // namespace s3c
