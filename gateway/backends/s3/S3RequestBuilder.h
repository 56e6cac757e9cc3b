#pragma once

#include "S3BackendOptions.h"
#include "auth/SigV4Signer.h"
#include "http/HttpClientRequest.h"
#include "base/Result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace s3c {

// Turns one S3 operation into a signed HttpClientRequest for one backend: bucket mapping for a
// pinned backend, path-style or virtual-hosted addressing, and SigV4 header signing with the
// backend's own keys (the same sigv4 step functions the gateway verifies with).
class S3RequestBuilder
{
public:
    using Query = QList<QPair<QByteArray, QByteArray>>; // decoded name/value; empty value: "uploads"

    explicit S3RequestBuilder(const S3BackendOptions &options);

    // The backend's bucket for a client-visible bucket name; nullopt when this backend does not
    // serve that bucket (a pinned backend serves exactly one).
    std::optional<QString> backendBucket(const QString &clientBucket) const;
    // The name clients see for this backend's bucket.
    QString clientBucket(const QString &backendBucket) const;
    bool isPinned() const { return !m_options.pinnedBucket.isEmpty(); }
    QString exposedBucket() const;

    // `bucket` is the backend's bucket (empty for ListBuckets). `payloadHash` is a hex SHA-256 or
    // UNSIGNED-PAYLOAD; empty means "no body".
    Result<HttpClientRequest> build(const QByteArray &method, const QString &bucket, const QString &key,
                                  const Query &query, const QList<HttpHeader> &headers,
                                  const QByteArray &payloadHash) const;

    // Payload hash for a small in-memory body, honouring disableChecksum.
    QByteArray payloadHashFor(const QByteArray &body) const;

    // "/bucket/key" %-encoded, for x-amz-copy-source.
    static QByteArray copySource(const QString &bucket, const QString &key);

private:
    QUrl baseUrl(const QString &bucket) const;

    S3BackendOptions m_options;
    SigV4Signer m_signer;
};

} // namespace s3c
