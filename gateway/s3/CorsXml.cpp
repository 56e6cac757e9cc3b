#include "CorsXml.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace s3c {

namespace {

const QString kNs = QStringLiteral("http://s3.amazonaws.com/doc/2006-03-01/");
constexpr qsizetype kMaxValue = 1024; // an origin or header name longer than this is no origin

Failure malformed(const QString &why = {})
{
    return Failure{S3Error::MalformedXML, why};
}

Failure invalid(const QString &why)
{
    return Failure{S3Error::InvalidRequest, why};
}

// RFC 9110 section 5.6.2.
bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView value)
{
    if (value.isEmpty() || value.size() > kMaxValue)
        return false;
    for (const char c : value) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool isVisibleAscii(QByteArrayView value)
{
    if (value.isEmpty() || value.size() > kMaxValue)
        return false;
    for (const char c : value) {
        if (uchar(c) < 0x21 || uchar(c) > 0x7e)
            return false;
    }
    return true;
}

// Text XML can carry back in GetBucketCors (XML 1.0 section 2.2), no line breaks.
bool isPlainText(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.isSurrogate() || c.unicode() >= 0xfffe)
            return false;
    }
    return true;
}

Result<CorsRule> parseRule(QXmlStreamReader &r)
{
    CorsRule rule;
    bool sawId = false;
    while (r.readNextStartElement()) {
        const QString name = r.name().toString();
        const QString text = r.readElementText(QXmlStreamReader::ErrorOnUnexpectedElement).trimmed();
        if (r.hasError())
            return malformed();
        const QByteArray value = text.toUtf8();
        if (name == QLatin1String("ID")) {
            if (sawId || text.size() > 255 || !isPlainText(text))
                return malformed(QStringLiteral("A CORSRule has at most one ID of at most 255 characters."));
            sawId = true;
            rule.id = text;
        } else if (name == QLatin1String("AllowedOrigin")) {
            if (!CorsXml::isValidOrigin(value))
                return invalid(QStringLiteral("An AllowedOrigin must be printable ASCII with at most one wildcard."));
            rule.allowedOrigins.append(value);
        } else if (name == QLatin1String("AllowedMethod")) {
            if (!CorsXml::isValidMethod(value))
                return invalid(QStringLiteral("Found unsupported HTTP method in CORS config: only GET, PUT, POST, "
                                              "DELETE and HEAD are allowed."));
            if (!rule.allowedMethods.contains(value))
                rule.allowedMethods.append(value);
        } else if (name == QLatin1String("AllowedHeader")) {
            if (!isToken(value) || value.count('*') > 1)
                return invalid(QStringLiteral("An AllowedHeader must be a header name with at most one wildcard."));
            rule.allowedHeaders.append(value.toLower());
        } else if (name == QLatin1String("ExposeHeader")) {
            if (!isToken(value))
                return invalid(QStringLiteral("An ExposeHeader must be a header name."));
            rule.exposeHeaders.append(value);
        } else if (name == QLatin1String("MaxAgeSeconds")) {
            bool ok = false;
            const int seconds = text.toInt(&ok);
            if (rule.maxAgeSeconds >= 0 || !ok || seconds < 0)
                return malformed(QStringLiteral("MaxAgeSeconds must be one non-negative integer."));
            rule.maxAgeSeconds = seconds;
        } else {
            return malformed();
        }
    }
    if (r.hasError())
        return malformed();
    if (rule.allowedOrigins.isEmpty() || rule.allowedMethods.isEmpty())
        return malformed(QStringLiteral("Every CORSRule needs an AllowedOrigin and an AllowedMethod."));
    return rule;
}

} // namespace

bool CorsXml::isValidOrigin(QByteArrayView origin)
{
    return isVisibleAscii(origin) && origin.count('*') <= 1;
}

bool CorsXml::isValidMethod(QByteArrayView method)
{
    return method == "GET" || method == "PUT" || method == "POST" || method == "DELETE" || method == "HEAD";
}

Result<CorsConfiguration> CorsXml::parse(const QByteArray &xml)
{
    QXmlStreamReader r(xml);
    // Up to the root element. A DTD is refused: S3's documents have none, and it is where
    // entity tricks live.
    while (!r.atEnd() && !r.isStartElement()) {
        r.readNext();
        if (r.isDTD() || r.isEntityReference())
            return malformed();
    }
    if (r.hasError() || !r.isStartElement() || r.name() != QLatin1String("CORSConfiguration"))
        return malformed();
    CorsConfiguration config;
    while (r.readNextStartElement()) {
        if (r.name() != QLatin1String("CORSRule"))
            return malformed();
        if (config.rules.size() == kMaxRules)
            return malformed(QStringLiteral("A CORS configuration can have at most 100 rules."));
        Result<CorsRule> rule = parseRule(r);
        if (!rule)
            return rule.failure();
        config.rules.append(rule.value());
    }
    // Whatever follows the root must be well-formed too (comments, nothing else).
    while (!r.atEnd())
        r.readNext();
    if (r.hasError() || config.rules.isEmpty())
        return malformed();
    return config;
}

QByteArray CorsXml::render(const CorsConfiguration &config)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("CORSConfiguration"));
    w.writeDefaultNamespace(kNs);
    auto list = [&w](const QString &element, const QList<QByteArray> &values) {
        for (const QByteArray &v : values)
            w.writeTextElement(element, QString::fromLatin1(v));
    };
    for (const CorsRule &rule : config.rules) {
        w.writeStartElement(QStringLiteral("CORSRule"));
        if (!rule.id.isEmpty())
            w.writeTextElement(QStringLiteral("ID"), rule.id);
        list(QStringLiteral("AllowedHeader"), rule.allowedHeaders);
        list(QStringLiteral("AllowedMethod"), rule.allowedMethods);
        list(QStringLiteral("AllowedOrigin"), rule.allowedOrigins);
        list(QStringLiteral("ExposeHeader"), rule.exposeHeaders);
        if (rule.maxAgeSeconds >= 0)
            w.writeTextElement(QStringLiteral("MaxAgeSeconds"), QString::number(rule.maxAgeSeconds));
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

} // namespace s3c
