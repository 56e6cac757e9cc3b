#include "BucketListClient.h"

#include "auth/SigV4Signer.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QXmlStreamReader>

namespace s3c {

namespace {

constexpr int kTimeoutMs = 10000;

} // namespace

BucketListClient::BucketListClient(QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this))
{
}

void BucketListClient::fetch(const QUrl &endpoint, const Credentials &credentials, const QString &region)
{
    if (m_reply) {
        QNetworkReply *old = m_reply;
        m_reply = nullptr;
        old->disconnect(this);
        old->abort();
        old->deleteLater();
    }
    QUrl url = endpoint;
    url.setPath(QStringLiteral("/"));
    const SigV4Signer signer(credentials, region.toLatin1());
    SigV4Signer::Request request{QByteArrayLiteral("GET"),
                                 QByteArrayLiteral("/"),
                                 {{QByteArrayLiteral("host"), SigV4Signer::hostHeader(url)}},
                                 {}};
    const SigV4Signer::Signed signedRequest = signer.sign(request, QDateTime::currentDateTimeUtc());
    QNetworkRequest networkRequest(url);
    for (const HttpHeader &header : signedRequest.headers) {
        if (header.name.compare("host", Qt::CaseInsensitive) != 0)
            networkRequest.setRawHeader(header.name, header.value);
    }
    networkRequest.setTransferTimeout(kTimeoutMs);
    QNetworkReply *reply = m_network->get(networkRequest);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReply(reply); });
}

void BucketListClient::onReply(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const QByteArray body = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError && status == 0) {
        emit failed(0, reply->errorString());
        return;
    }
    if (status != 200) {
        // S3 error bodies carry <Code> and <Message> (S3 API reference, "Error responses").
        QXmlStreamReader error(body);
        QString code;
        QString message;
        while (!error.atEnd()) {
            if (error.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (error.name() == QLatin1String("Code"))
                code = error.readElementText();
            else if (error.name() == QLatin1String("Message"))
                message = error.readElementText();
        }
        emit failed(status, code.isEmpty()
                                ? tr("The gateway answered %1 to ListBuckets.").arg(status)
                                : tr("The gateway answered %1 %2: %3").arg(status).arg(code, message));
        return;
    }
    QString error;
    const QStringList names = parseBucketNames(body, &error);
    if (!error.isEmpty()) {
        emit failed(status, error);
        return;
    }
    emit finished(names);
}

QStringList BucketListClient::parseBucketNames(const QByteArray &xml, QString *error)
{
    QStringList names;
    QXmlStreamReader reader(xml);
    bool inBucket = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            if (reader.name() == QLatin1String("Bucket"))
                inBucket = true;
            else if (inBucket && reader.name() == QLatin1String("Name"))
                names.append(reader.readElementText());
        } else if (reader.isEndElement() && reader.name() == QLatin1String("Bucket")) {
            inBucket = false;
        }
    }
    if (reader.hasError()) {
        *error = tr("The bucket list is not valid XML: %1").arg(reader.errorString());
        return {};
    }
    error->clear();
    return names;
}

} // namespace s3c
