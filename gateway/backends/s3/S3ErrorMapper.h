#pragma once

#include "base/Result.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QString>

namespace s3c {

// Classifies what a backend answered into the gateway's S3 errors, by HTTP status and the
// <Code> of the S3 error document, never by message text (design-notes.md #2: the parent
// matched message strings and so never failed over).
class S3ErrorMapper
{
public:
    // What a bare 404 (HEAD has no body) means for the call that got it.
    enum class NotFound { Key, Bucket, Upload };

    // The error carried by an HTTP answer; S3Error::None for 2xx. `body` may be an S3 <Error>
    // document (also inside a 200 for CopyObject/CompleteMultipartUpload).
    static Failure classify(int status, const QByteArray &body, NotFound notFound, const QString &backend);
    // Connection refused/reset, DNS, TLS, timeouts and anything else below HTTP.
    static Failure transportFailure(QNetworkReply::NetworkError error, const QString &detail,
                                    const QString &backend);
    static Failure timeout(const QString &phase, const QString &backend);

    // The S3 error whose <Code> is `code`, or None when the table has no such code.
    static S3Error fromCode(const QByteArray &code);
    // <Code> and <Message> of an <Error> document; empty code when `body` is none.
    static QPair<QByteArray, QString> parseErrorDocument(const QByteArray &body);
};

} // namespace s3c
