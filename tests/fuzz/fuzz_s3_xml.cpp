// S3's XML request bodies (S3Xml): DeleteObjects and CompleteMultipartUpload. Input:
// [selector][XML body]. The Tagging and CORS bodies have no parser yet: add them here when
// they do.

#include "FuzzCheck.h"
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
    if (bytes[0] & 1)
        completeMultipart(xml);
    else
        deleteObjects(xml);
    return 0;
}
