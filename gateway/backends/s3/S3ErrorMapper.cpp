#include "S3ErrorMapper.h"

#include <QHash>
#include <QXmlStreamReader>

namespace s3c {

namespace {

Failure unavailable(const QString &backend, const QString &why)
{
    return Failure{S3Error::ServiceUnavailable,
                   QStringLiteral("Backend %1 is unavailable: %2").arg(backend, why)};
}

// Nearest S3 error for a 4xx whose code the table does not know.
S3Error byStatus(int status, S3ErrorMapper::NotFound notFound)
{
    switch (status) {
    case 400:
        return S3Error::InvalidRequest;
    case 403:
        return S3Error::AccessDenied;
    case 404:
        switch (notFound) {
        case S3ErrorMapper::NotFound::Bucket:
            return S3Error::NoSuchBucket;
        case S3ErrorMapper::NotFound::Upload:
            return S3Error::NoSuchUpload;
        case S3ErrorMapper::NotFound::Key:
            return S3Error::NoSuchKey;
        }
        return S3Error::NoSuchKey;
    case 405:
        return S3Error::MethodNotAllowed;
    case 408:
        return S3Error::RequestTimeout;
    case 411:
        return S3Error::MissingContentLength;
    case 412:
        return S3Error::PreconditionFailed;
    case 413:
        return S3Error::EntityTooLarge;
    case 416:
        return S3Error::InvalidRange;
    default:
        return S3Error::InvalidRequest;
    }
}

// Errors about the gateway's own signature toward the backend: the client did nothing wrong,
// so its request must not be answered as if its keys were bad. The backend refused us.
bool isBackendAuthError(S3Error e)
{
    // A credential scope for the wrong region (AuthorizationHeaderMalformed) is the backend's
    // region setting, not the client's request.
    return e == S3Error::InvalidAccessKeyId || e == S3Error::SignatureDoesNotMatch ||
           e == S3Error::RequestTimeTooSkewed || e == S3Error::ExpiredToken ||
           e == S3Error::XAmzContentSHA256Mismatch || e == S3Error::MissingSecurityHeader ||
           e == S3Error::AuthorizationHeaderMalformed || e == S3Error::AuthorizationQueryParametersError;
}

} // namespace

S3Error S3ErrorMapper::fromCode(const QByteArray &code)
{
    // Built from the one table (S3Error.cpp), so a code added there is understood here too.
    static const QHash<QByteArray, S3Error> table = [] {
        QHash<QByteArray, S3Error> t;
        for (int i = int(S3Error::None) + 1; i <= int(kLastS3Error); ++i)
            t.insert(s3ErrorCode(S3Error(i)), S3Error(i));
        return t;
    }();
    return table.value(code, S3Error::None);
}

QPair<QByteArray, QString> S3ErrorMapper::parseErrorDocument(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    QByteArray code;
    QString message;
    if (!xml.readNextStartElement() || xml.name() != QLatin1String("Error"))
        return {};
    while (xml.readNextStartElement()) {
        if (xml.name() == QLatin1String("Code"))
            code = xml.readElementText().trimmed().toUtf8();
        else if (xml.name() == QLatin1String("Message"))
            message = xml.readElementText().trimmed();
        else
            xml.skipCurrentElement();
    }
    return {code, message};
}

Failure S3ErrorMapper::classify(int status, const QByteArray &body, NotFound notFound, const QString &backend)
{
    const auto [code, message] = parseErrorDocument(body);
    if (status >= 200 && status < 300 && code.isEmpty())
        return Failure{S3Error::None, {}};
    // 200 with an <Error> body: CopyObject and CompleteMultipartUpload report late failures so
    // ("CompleteMultipartUpload", Amazon S3 API reference); judge them by the code alone.
    if (status >= 200 && status < 300)
        status = 500;
    if (status == 304)
        return Failure{S3Error::NotModified, {}};
    // Throttling and server faults: the backend could not answer, which a cascade treats as a
    // failure to fall through, never as "not found". 501 is an honest "not supported".
    if (status >= 500 && status != 501) {
        const QString what = code.isEmpty()
                                 ? QStringLiteral("HTTP %1").arg(status)
                                 : QStringLiteral("HTTP %1 %2").arg(status).arg(QString::fromUtf8(code));
        return unavailable(backend, what);
    }
    if (status == 501)
        return Failure{S3Error::NotImplemented,
                       QStringLiteral("Backend %1 does not implement this.").arg(backend)};
    if (status >= 300 && status < 400) {
        return unavailable(backend, QStringLiteral("redirected (HTTP %1 %2); check its endpoint and region")
                                        .arg(status)
                                        .arg(QString::fromUtf8(code)));
    }
    if (status < 400)
        return unavailable(backend, QStringLiteral("unexpected HTTP %1").arg(status));

    S3Error error = fromCode(code);
    if (isBackendAuthError(error)) {
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("Backend %1 refused the gateway's credentials (%2).")
                           .arg(backend, QString::fromUtf8(code))};
    }
    if (error == S3Error::None || error == S3Error::ServiceUnavailable || error == S3Error::InternalError ||
        error == S3Error::SlowDown)
        error = byStatus(status, notFound);
    // Keep the backend's message for a client error (it names the client's own request); the
    // table's default otherwise. Backend messages never contain the gateway's keys.
    return Failure{error, code.isEmpty() ? QString() : message};
}

Failure S3ErrorMapper::transportFailure(QNetworkReply::NetworkError error, const QString &detail,
                                        const QString &backend)
{
    QString why;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        why = QStringLiteral("connection refused");
        break;
    case QNetworkReply::RemoteHostClosedError:
        why = QStringLiteral("connection closed early");
        break;
    case QNetworkReply::HostNotFoundError:
        why = QStringLiteral("host not found");
        break;
    case QNetworkReply::TimeoutError:
        why = QStringLiteral("timed out");
        break;
    case QNetworkReply::OperationCanceledError:
        why = QStringLiteral("cancelled");
        break;
    case QNetworkReply::SslHandshakeFailedError:
        why = QStringLiteral("TLS handshake failed");
        break;
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        why = QStringLiteral("network failure");
        break;
    default:
        why = detail.isEmpty() ? QStringLiteral("network error %1").arg(int(error)) : detail;
        break;
    }
    return unavailable(backend, why);
}

Failure S3ErrorMapper::timeout(const QString &phase, const QString &backend)
{
    return unavailable(backend, QStringLiteral("%1 timed out").arg(phase));
}

} // namespace s3c
