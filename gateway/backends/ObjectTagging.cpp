#include "ObjectTagging.h"

#include <QSet>
#include <QStringDecoder>
#include <QUrl>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace s3c {

namespace {

const QString kNs = QStringLiteral("http://s3.amazonaws.com/doc/2006-03-01/");

// Unicode characters, not UTF-16 units: a character outside the BMP counts once.
qsizetype characters(const QString &text)
{
    qsizetype n = 0;
    for (const QChar c : text) {
        if (!c.isLowSurrogate())
            ++n;
    }
    return n;
}

// The S3Tag pattern [\p{L}\p{Z}\p{N}_.:/=+\-@], by code point.
bool allowed(const QString &text)
{
    for (const char32_t c : text.toUcs4()) {
        switch (QChar::category(c)) {
        case QChar::Letter_Uppercase:
        case QChar::Letter_Lowercase:
        case QChar::Letter_Titlecase:
        case QChar::Letter_Modifier:
        case QChar::Letter_Other:
        case QChar::Separator_Space:
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
        case QChar::Number_DecimalDigit:
        case QChar::Number_Letter:
        case QChar::Number_Other:
            continue;
        default:
            break;
        }
        static const QByteArray symbols("_.:/=+-@");
        if (c >= 0x80 || !symbols.contains(char(c)))
            return false;
    }
    return true;
}

Failure malformed()
{
    return Failure{S3Error::MalformedXML, {}};
}

Failure badHeader()
{
    return Failure{S3Error::InvalidArgument,
                   QStringLiteral("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL "
                                  "query parameters without tag name duplicates.")};
}

// Percent-decoding of one query component; nullopt when the bytes are not UTF-8.
std::optional<QString> decodeComponent(QByteArray raw)
{
    raw.replace('+', ' ');
    const QByteArray bytes = QByteArray::fromPercentEncoding(raw);
    auto toUtf16 = QStringDecoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = toUtf16(bytes);
    if (toUtf16.hasError())
        return std::nullopt;
    return text;
}

} // namespace

Status ObjectTagging::validate(const ObjectTags &tags)
{
    if (tags.size() > MaxTags)
        return Failure{S3Error::InvalidTag, QStringLiteral("Object tags cannot be greater than 10")};
    QSet<QString> keys;
    for (const auto &[key, value] : tags) {
        if (key.isEmpty() || !allowed(key))
            return Failure{S3Error::InvalidTag, QStringLiteral("The TagKey you have provided is invalid")};
        if (characters(key) > MaxKeyLength)
            return Failure{S3Error::InvalidTag,
                           QStringLiteral("The TagKey you have provided is too long, max 128")};
        if (!allowed(value))
            return Failure{S3Error::InvalidTag, QStringLiteral("The TagValue you have provided is invalid")};
        if (characters(value) > MaxValueLength)
            return Failure{S3Error::InvalidTag,
                           QStringLiteral("The TagValue you have provided is too long, max 256")};
        if (key.startsWith(QLatin1String("aws:"), Qt::CaseInsensitive))
            return Failure{S3Error::InvalidTag, QStringLiteral("Your TagKey cannot be prefixed with aws:")};
        if (keys.contains(key))
            return Failure{S3Error::InvalidTag,
                           QStringLiteral("Cannot provide multiple Tags with the same key")};
        keys.insert(key);
    }
    return Done{};
}

Result<ObjectTags> ObjectTagging::parseXml(const QByteArray &xml, bool check)
{
    if (xml.size() > MaxXmlBytes)
        return malformed();
    QXmlStreamReader r(xml);
    ObjectTags tags;
    bool sawTagSet = false;
    if (!r.readNextStartElement() || r.name() != QLatin1String("Tagging"))
        return malformed();
    while (r.readNextStartElement()) {
        if (r.name() != QLatin1String("TagSet") || sawTagSet)
            return malformed();
        sawTagSet = true;
        while (r.readNextStartElement()) {
            if (r.name() != QLatin1String("Tag"))
                return malformed();
            if (check && tags.size() > MaxTags)
                return validate(tags).failure(); // too many: no need to read the rest
            std::optional<QString> key, value;
            while (r.readNextStartElement()) {
                std::optional<QString> *field = r.name() == QLatin1String("Key")     ? &key
                                                : r.name() == QLatin1String("Value") ? &value
                                                                                     : nullptr;
                // Key and Value are text only, each once per Tag.
                if (!field || field->has_value())
                    return malformed();
                *field = r.readElementText(QXmlStreamReader::ErrorOnUnexpectedElement);
                if (r.hasError())
                    return malformed();
            }
            if (r.hasError() || !key || !value)
                return malformed();
            tags.append({*key, *value});
        }
    }
    // Nothing may follow the root element but whitespace, comments and processing instructions.
    while (!r.hasError() && !r.atEnd()) {
        r.readNext();
        if (r.isStartElement() || (r.isCharacters() && !r.isWhitespace()))
            return malformed();
    }
    // A truncated document ends the loops above with PrematureEndOfDocumentError.
    if (r.hasError() || !sawTagSet)
        return malformed();
    if (Status valid = check ? validate(tags) : Status(Done{}); !valid)
        return valid.failure();
    return tags;
}

QByteArray ObjectTagging::toXml(const ObjectTags &tags)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("Tagging"));
    w.writeDefaultNamespace(kNs);
    w.writeStartElement(QStringLiteral("TagSet"));
    for (const auto &[key, value] : tags) {
        w.writeStartElement(QStringLiteral("Tag"));
        w.writeTextElement(QStringLiteral("Key"), key);
        w.writeTextElement(QStringLiteral("Value"), value);
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

Result<ObjectTags> ObjectTagging::parseHeader(const QByteArray &value)
{
    ObjectTags tags;
    QSet<QString> keys;
    for (const QByteArray &pair : value.split('&')) {
        if (pair.isEmpty())
            continue; // "a=1&&b=2", a trailing '&': empty parameters, as in any query string
        const qsizetype eq = pair.indexOf('=');
        const std::optional<QString> k = decodeComponent(eq < 0 ? pair : pair.left(eq));
        const std::optional<QString> v = decodeComponent(eq < 0 ? QByteArray() : pair.mid(eq + 1));
        if (!k || !v || keys.contains(*k))
            return badHeader();
        keys.insert(*k);
        tags.append({*k, *v});
        if (tags.size() > MaxTags)
            break; // validate() names the limit; no need to decode the rest
    }
    Status valid = validate(tags);
    if (!valid)
        return valid.failure();
    return tags;
}

QByteArray ObjectTagging::toHeader(const ObjectTags &tags)
{
    QByteArray out;
    for (const auto &[key, value] : tags) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

} // namespace s3c
