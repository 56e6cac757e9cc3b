#include "ErrorXml.h"

#include <QXmlStreamWriter>

namespace s3c {

QByteArray renderErrorXml(S3Error error, const QString &message, const QString &resource,
                          const QByteArray &requestId)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("Error"));
    xml.writeTextElement(QStringLiteral("Code"), QString::fromLatin1(s3ErrorCode(error)));
    xml.writeTextElement(QStringLiteral("Message"), message.isEmpty() ? s3ErrorMessage(error) : message);
    if (!resource.isEmpty())
        xml.writeTextElement(QStringLiteral("Resource"), resource);
    xml.writeTextElement(QStringLiteral("RequestId"), QString::fromLatin1(requestId));
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

} // namespace s3c
