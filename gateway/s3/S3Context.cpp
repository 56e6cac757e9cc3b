#include "S3Context.h"

#include "base/ErrorXml.h"
#include "auth/PayloadVerifier.h"

#include <QCryptographicHash>

namespace s3c {

S3Context::S3Context(HttpExchange *ex, S3Request request, AuthContext a, std::shared_ptr<Backend> b,
                     const S3Settings &s)
    : exchange(ex), http(ex->request()), req(std::move(request)), auth(std::move(a)), backend(std::move(b)), settings(s)
{
}

Owner S3Context::owner() const
{
    // A stable, non-secret owner id derived from the access key (S3 shows a 64-hex canonical id).
    const QByteArray id = QCryptographicHash::hash(auth.accessKey.toUtf8(), QCryptographicHash::Sha256).toHex();
    return Owner{QString::fromLatin1(id), auth.accessKey};
}

void S3Context::send(const HttpResponse &response, QIODevice *bodyDevice)
{
    if (!alive()) {
        delete bodyDevice;
        return;
    }
    if (corsHeaders.isEmpty())
        return exchange->respond(response, bodyDevice);
    HttpResponse withCors = response;
    withCors.headers += corsHeaders;
    exchange->respond(withCors, bodyDevice);
}

void S3Context::sendXml(int status, const QByteArray &xml)
{
    HttpResponse r(status);
    r.setHeader("Content-Type", "application/xml");
    r.body = xml;
    send(r);
}

void S3Context::sendEmpty(int status)
{
    send(HttpResponse(status));
}

void S3Context::fail(const Failure &failure)
{
    if (!alive())
        return;
    HttpResponse r(httpStatus(failure.error));
    if (failure.error == S3Error::NotModified || http.method == "HEAD") {
        // 304 and HEAD answers carry no body; the code goes in a header for debugging.
        r.setHeader("x-amz-error-code", s3ErrorCode(failure.error));
    } else {
        r.setHeader("Content-Type", "application/xml");
        r.body = renderErrorXml(failure.error, failure.message, req.resource(), exchange->requestId());
    }
    send(r);
}

Failure S3Context::uploadFailure(const Failure &backendFailure) const
{
    if (auto *verifier = qobject_cast<PayloadVerifier *>(body.data()); verifier && verifier->hasFailed())
        return verifier->failure();
    if (body && body->hasFailed())
        return Failure{S3Error::IncompleteBody, {}};
    return backendFailure;
}

} // namespace s3c
