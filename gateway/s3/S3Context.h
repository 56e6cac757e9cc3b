#pragma once

#include "S3Request.h"
#include "S3Settings.h"
#include "S3Xml.h"
#include "auth/AuthContext.h"
#include "http/HttpExchange.h"

#include <QPointer>

#include <memory>

namespace s3c {

class Backend;
class BodyStream;
class CorsPolicy;

// Everything one S3 call needs while its backend work is in flight. Shared by the callbacks of
// that call; the exchange is a QPointer because the client may go away at any time.
class S3Context
{
public:
    S3Context(HttpExchange *exchange, S3Request request, AuthContext auth, std::shared_ptr<Backend> backend,
              const S3Settings &settings);

    QPointer<HttpExchange> exchange;
    HttpRequest http; // copy: stays valid after the exchange is gone
    S3Request req;
    AuthContext auth;
    // Shared: a configuration reload swaps the dispatcher's backend while this call still runs
    // on the old one, which lives until its last call is done.
    std::shared_ptr<Backend> backend;
    S3Settings settings;
    QPointer<BodyStream> body; // verified request body, when the operation has one
    std::shared_ptr<CorsPolicy> cors;
    // Access-Control-* headers for a request with Origin, added to whatever is answered
    // (errors included, so that a page can read them).
    QList<HttpHeader> corsHeaders;

    bool alive() const { return !exchange.isNull() && !exchange->hasResponded(); }
    Owner owner() const;

    void send(const HttpResponse &response, QIODevice *body = nullptr);
    void sendXml(int status, const QByteArray &xml);
    void sendEmpty(int status);
    void fail(const Failure &failure);
    void fail(S3Error error, const QString &message = {}) { fail(Failure{error, message}); }
    // The failure to report after a backend gave up on an upload: if the body stream broke, its
    // own reason (BadDigest, SignatureDoesNotMatch, IncompleteBody...) is the real one.
    Failure uploadFailure(const Failure &backendFailure) const;
};

using Ctx = std::shared_ptr<S3Context>;

} // namespace s3c
