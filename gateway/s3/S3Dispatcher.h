#pragma once

#include "S3Settings.h"
#include "auth/AuthVerifier.h"
#include "http/HttpRequest.h"

#include <QObject>

#include <memory>

namespace s3c {

class Backend;
class CorsCache;
class CorsPolicy;
class HttpExchange;
class S3Request;

// Front door of the S3 API: parses the target, checks the signature before any body byte is read,
// answers 100-continue only then, routes to the operation and lets it talk to the backend.
class S3Dispatcher : public QObject
{
    Q_OBJECT
public:
    S3Dispatcher(std::shared_ptr<Backend> backend, const S3Settings &settings, const Clock *clock = nullptr,
                 QObject *parent = nullptr);

    void setCredentials(const QList<Credentials> &credentials);
    // New requests go to `backend`; calls in flight finish on the one they started with.
    void setBackend(std::shared_ptr<Backend> backend);
    const S3Settings &settings() const { return m_settings; }
    // Parsed CORS configurations, shared with the dispatchers of the other worker threads (each
    // makes its own until told).
    void setCorsCache(std::shared_ptr<CorsCache> cache);

    void handle(s3c::HttpExchange *exchange);

private:
    // Everything after the CORS rules are known: signature, routing, the operation.
    void serve(HttpExchange *exchange, const S3Request &request, const QList<HttpHeader> &corsHeaders);
    void preflight(HttpExchange *exchange, const S3Request &request);
    void fail(HttpExchange *exchange, const Failure &failure, const QString &resource,
              const QList<HttpHeader> &corsHeaders = {});

    std::shared_ptr<Backend> m_backend;
    std::shared_ptr<CorsPolicy> m_cors;
    S3Settings m_settings;
    AuthVerifier m_verifier;
};

} // namespace s3c
