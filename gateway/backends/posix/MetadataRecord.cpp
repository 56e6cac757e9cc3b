#include "MetadataRecord.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace s3c {

namespace {

constexpr int kVersion = 1;

// Header values are octets (RFC 9110 §5.5); Latin-1 maps each byte to one code point, so they
// round-trip through JSON strings unchanged whatever they contain.
QString bytes(const QByteArray &value)
{
    return QString::fromLatin1(value);
}

QByteArray unbytes(const QJsonValue &value)
{
    return value.toString().toLatin1();
}

} // namespace

QJsonObject MetadataRecord::toJson(const ObjectInfo &info)
{
    QJsonObject o;
    o.insert(QStringLiteral("etag"), bytes(info.etag));
    if (!info.contentType.isEmpty())
        o.insert(QStringLiteral("type"), bytes(info.contentType));
    if (!info.headers.isEmpty()) {
        QJsonArray headers;
        for (const auto &h : info.headers)
            headers.append(QJsonArray{bytes(h.first), bytes(h.second)});
        o.insert(QStringLiteral("headers"), headers);
    }
    if (!info.checksums.isEmpty()) {
        QJsonObject checksums;
        for (auto it = info.checksums.cbegin(); it != info.checksums.cend(); ++it)
            checksums.insert(bytes(it.key()), bytes(it.value()));
        o.insert(QStringLiteral("checksums"), checksums);
    }
    if (info.partsCount > 0)
        o.insert(QStringLiteral("parts"), info.partsCount);
    if (!info.partSizes.isEmpty()) {
        QJsonArray sizes; // as strings: JSON numbers are doubles
        for (qint64 size : info.partSizes)
            sizes.append(QString::number(size));
        o.insert(QStringLiteral("psizes"), sizes);
    }
    if (!info.tags.isEmpty()) {
        // Tags are Unicode text (UTF-8 on the wire), kept as JSON strings as they are.
        QJsonArray tags;
        for (const auto &[key, value] : info.tags)
            tags.append(QJsonArray{key, value});
        o.insert(QStringLiteral("tags"), tags);
    }
    if (info.storageClass != QLatin1String("STANDARD"))
        o.insert(QStringLiteral("class"), info.storageClass);
    return o;
}

ObjectInfo MetadataRecord::fromJson(const QJsonObject &o)
{
    ObjectInfo info;
    info.etag = unbytes(o.value(QStringLiteral("etag")));
    info.contentType = unbytes(o.value(QStringLiteral("type")));
    for (const QJsonValue &h : o.value(QStringLiteral("headers")).toArray()) {
        const QJsonArray pair = h.toArray();
        if (pair.size() == 2)
            info.headers.append({unbytes(pair.at(0)), unbytes(pair.at(1))});
    }
    const QJsonObject checksums = o.value(QStringLiteral("checksums")).toObject();
    for (auto it = checksums.begin(); it != checksums.end(); ++it)
        info.checksums.insert(it.key().toLatin1(), unbytes(it.value()));
    info.partsCount = o.value(QStringLiteral("parts")).toInt();
    for (const QJsonValue &size : o.value(QStringLiteral("psizes")).toArray())
        info.partSizes.append(size.toString().toLongLong());
    for (const QJsonValue &t : o.value(QStringLiteral("tags")).toArray()) {
        const QJsonArray pair = t.toArray();
        if (pair.size() == 2)
            info.tags.append({pair.at(0).toString(), pair.at(1).toString()});
    }
    info.storageClass = o.value(QStringLiteral("class")).toString(QStringLiteral("STANDARD"));
    return info;
}

QByteArray MetadataRecord::encode(const ObjectInfo &info, const FileStat &identity)
{
    QJsonObject o = toJson(info);
    o.insert(QStringLiteral("v"), kVersion);
    // 64-bit values as strings: JSON numbers are doubles and ns timestamps exceed 2^53.
    o.insert(QStringLiteral("size"), QString::number(identity.size));
    o.insert(QStringLiteral("mtime"), QString::number(identity.mtimeNs));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<ObjectInfo> MetadataRecord::decode(const QByteArray &record, const FileStat &actual)
{
    const QJsonDocument doc = QJsonDocument::fromJson(record);
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("v")).toInt() != kVersion)
        return std::nullopt;
    if (o.value(QStringLiteral("size")).toString() != QString::number(actual.size) ||
        o.value(QStringLiteral("mtime")).toString() != QString::number(actual.mtimeNs))
        return std::nullopt;
    ObjectInfo info = fromJson(o);
    if (info.etag.isEmpty())
        return std::nullopt;
    info.size = actual.size;
    info.lastModified = actual.mtime();
    return info;
}

ObjectInfo MetadataRecord::synthesize(const FileStat &actual)
{
    ObjectInfo info;
    info.size = actual.size;
    info.lastModified = actual.mtime();
    const QByteArray identity = QByteArray::number(actual.size) + ':' + QByteArray::number(actual.mtimeNs);
    info.etag = '"' + QCryptographicHash::hash(identity, QCryptographicHash::Md5).toHex() + "-1\"";
    return info;
}

} // namespace s3c
