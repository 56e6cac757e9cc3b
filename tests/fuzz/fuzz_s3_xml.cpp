// S3's XML request bodies: DeleteObjects and CompleteMultipartUpload (S3Xml), PutBucketCors
// (CorsXml, with the rule matching that reads the parsed rules), the Tagging body of
// PutObjectTagging and the x-amz-tagging header (ObjectTagging). Input: [selector][body],
// selector % 5: 0 DeleteObjects, 1 CompleteMultipartUpload, 2 CORS, 3 Tagging XML, 4 x-amz-tagging.

#include "FuzzCheck.h"
#include "backends/ObjectTagging.h"
#include "s3/CorsEvaluator.h"
#include "s3/CorsXml.h"
#include "s3/S3Xml.h"

#include <QXmlStreamWriter>

using namespace s3c;

namespace {

bool writable(const QString &text) // characters XML 1.0 can carry (section 2.2)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\t') && c != QLatin1Char('\n') && c != QLatin1Char('\r'))
            return false;
        if (c.unicode() >= 0xfffe || c.isSurrogate())
            return false;
    }
    return true;
}

void deleteObjects(const QByteArray &xml)
{
    bool quiet = true;
    const Result<QStringList> keys = S3Xml::parseDelete(xml, &quiet);
    if (!keys)
        return;
    FUZZ_CHECK(!keys->isEmpty());
    // What was read, written again, reads back the same.
    for (const QString &key : *keys) {
        if (!writable(key) || key.contains(QLatin1Char('\r')))
            return; // a literal CR is normalised away by any XML reader (section 2.11)
    }
    QByteArray again;
    QXmlStreamWriter w(&again);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("Delete"));
    if (quiet)
        w.writeTextElement(QStringLiteral("Quiet"), QStringLiteral("true"));
    for (const QString &key : *keys) {
        w.writeStartElement(QStringLiteral("Object"));
        w.writeTextElement(QStringLiteral("Key"), key);
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndDocument();
    bool quietAgain = false;
    const Result<QStringList> reparsed = S3Xml::parseDelete(again, &quietAgain);
    FUZZ_CHECK(reparsed.ok() && *reparsed == *keys && quietAgain == quiet);
}

void completeMultipart(const QByteArray &xml)
{
    const Result<QList<CompletedPart>> parts = S3Xml::parseCompleteMultipart(xml);
    if (!parts)
        return;
    FUZZ_CHECK(!parts->isEmpty());
}

bool headSafe(const QList<HttpHeader> &headers)
{
    for (const HttpHeader &h : headers) {
        if (h.value.contains('\r') || h.value.contains('\n') || h.value.contains('\0'))
            return false;
    }
    return true;
}

void cors(const QByteArray &xml)
{
    const Result<CorsConfiguration> config = CorsXml::parse(xml);
    if (!config)
        return;
    FUZZ_CHECK(!config->rules.isEmpty() && config->rules.size() <= CorsXml::kMaxRules);
    for (const CorsRule &rule : config->rules) {
        FUZZ_CHECK(!rule.allowedOrigins.isEmpty() && !rule.allowedMethods.isEmpty());
        for (const QByteArray &m : rule.allowedMethods)
            FUZZ_CHECK(CorsXml::isValidMethod(m));
        for (const QByteArray &o : rule.allowedOrigins)
            FUZZ_CHECK(CorsXml::isValidOrigin(o));
    }
    // The stored form is canonical: writing what was read and reading it again changes nothing.
    const QByteArray stored = CorsXml::render(*config);
    const Result<CorsConfiguration> again = CorsXml::parse(stored);
    FUZZ_CHECK(again.ok() && CorsXml::render(*again) == stored);
    // Whatever the rules say, no header they produce can split a response head.
    const QByteArray origins[] = {"https://a.example", "null", "http://x:8080", "bad\r\nSet-Cookie: x"};
    const QList<QByteArray> headers = {"content-type", "x-amz-date", "authorization"};
    for (const QByteArray &origin : origins) {
        for (const char *method : {"GET", "PUT", "HEAD"}) {
            if (const auto m = CorsEvaluator::matchPreflight(*config, origin, method, headers)) {
                FUZZ_CHECK(CorsEvaluator::isEchoableOrigin(origin));
                FUZZ_CHECK(headSafe(CorsEvaluator::preflightHeaders(config->rules.at(m->rule), *m, origin, headers)));
            }
            FUZZ_CHECK(headSafe(CorsEvaluator::forActualRequest(*config, origin, method)));
        }
    }
}

// What the gateway accepted as tags obeys S3's limits and survives both wire forms unchanged.
void checkTags(const ObjectTags &tags)
{
    FUZZ_CHECK(tags.size() <= ObjectTagging::MaxTags);
    FUZZ_CHECK(ObjectTagging::validate(tags).ok());
    const Result<ObjectTags> viaXml = ObjectTagging::parseXml(ObjectTagging::toXml(tags));
    FUZZ_CHECK(viaXml.ok() && *viaXml == tags);
    const Result<ObjectTags> viaHeader = ObjectTagging::parseHeader(ObjectTagging::toHeader(tags));
    FUZZ_CHECK(viaHeader.ok() && *viaHeader == tags);
    for (const auto &[key, value] : tags) {
        // They are sent back in XML and counted in a header: no control characters at all.
        for (const QString &text : {key, value}) {
            for (const QChar c : text)
                FUZZ_CHECK(c.unicode() >= 0x20 && c.unicode() != 0x7f);
        }
    }
}

void taggingXml(const QByteArray &xml)
{
    // A backend's answer is read without the limits; it must still be bounded and not crash.
    const Result<ObjectTags> relayed = ObjectTagging::parseXml(xml, false);
    const Result<ObjectTags> tags = ObjectTagging::parseXml(xml);
    if (relayed.ok())
        FUZZ_CHECK(relayed->size() <= xml.size());
    if (!tags) {
        FUZZ_CHECK(tags.error() == S3Error::MalformedXML || tags.error() == S3Error::InvalidTag);
        return;
    }
    FUZZ_CHECK(relayed.ok() && *relayed == *tags);
    checkTags(*tags);
}

void taggingHeader(const QByteArray &value)
{
    const Result<ObjectTags> tags = ObjectTagging::parseHeader(value);
    if (!tags) {
        FUZZ_CHECK(tags.error() == S3Error::InvalidArgument || tags.error() == S3Error::InvalidTag);
        return;
    }
    checkTags(*tags);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzSilenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray xml(reinterpret_cast<const char *>(bytes + 1), qsizetype(size) - 1);
    switch (bytes[0] % 5) {
    case 0: deleteObjects(xml); break;
    case 1: completeMultipart(xml); break;
    case 2: cors(xml); break;
    case 3: taggingXml(xml); break;
    default: taggingHeader(xml); break;
    }
    return 0;
}
