#pragma once

#include "auth/Credentials.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace s3c {

// Asks a running gateway for its buckets (S3 ListBuckets, signed like any client would), so the
// Presign page offers real bucket names. Asynchronous: QNetworkAccessManager in the GUI thread,
// nothing waits.
class BucketListClient : public QObject
{
    Q_OBJECT
public:
    explicit BucketListClient(QObject *parent = nullptr);

    // Replaces a request still in flight. Emits finished() or failed() exactly once per call.
    void fetch(const QUrl &endpoint, const Credentials &credentials, const QString &region);
    bool isBusy() const { return !m_reply.isNull(); }

    // The names in a ListAllMyBucketsResult document (S3 API reference, ListBuckets).
    static QStringList parseBucketNames(const QByteArray &xml, QString *error);

signals:
    void finished(const QStringList &buckets);
    // `status`: the HTTP status of the gateway's answer, 0 when there was none (not reachable,
    // timed out). `message`: the details, for a tooltip or the log.
    void failed(int status, const QString &message);

private:
    void onReply(QNetworkReply *reply);

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
};

} // namespace s3c
