#pragma once

#include "S3Settings.h"
#include "auth/AuthVerifier.h"

#include <QObject>

namespace s3c {

class Backend;
class HttpExchange;

// Front door of the S3 API: parses the target, checks the signature before any body byte is read,
// answers 100-continue only then, routes to the operation and lets it talk to the backend.
class S3Dispatcher : public QObject
{
    Q_OBJECT
public:
    S3Dispatcher(Backend *backend, const S3Settings &settings, const Clock *clock = nullptr,
                 QObject *parent = nullptr);

    void setCredentials(const QList<Credentials> &credentials);
    void setBackend(Backend *backend);
    const S3Settings &settings() const { return m_settings; }

    void handle(s3c::HttpExchange *exchange);

private:
    void fail(HttpExchange *exchange, const Failure &failure, const QString &resource);

    Backend *m_backend;
    S3Settings m_settings;
    AuthVerifier m_verifier;
};

} // namespace s3c
