#include "AdminServer.h"

#include "AdminGateway.h"
#include "AdminJson.h"
#include "AdminListener.h"
#include "AdminLog.h"
#include "AdminToken.h"
#include "MetricsExporter.h"
#include "ProcessMetrics.h"
#include "auth/SigV4.h"
#include "auth/SigV4Signer.h"
#include "stats/GatewayMetrics.h"
#include "stats/Statistics.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSslSocket>

namespace s3c {

Q_LOGGING_CATEGORY(lcAdmin, "s3c.admin")

namespace {

using HttpStatus = QHttpServerResponder::StatusCode;

QHttpServerResponse json(const QJsonObject &body, HttpStatus status = HttpStatus::Ok)
{
    QHttpServerResponse r(QByteArrayLiteral("application/json"),
                          QJsonDocument(body).toJson(QJsonDocument::Compact) + '\n', status);
    // Answers carry live state: a proxy or browser must not serve an old copy.
    r.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return r;
}

QHttpServerResponse jsonError(HttpStatus status, const QString &message, const QString &field = {})
{
    return json(AdminJson::error(message, field), status);
}

} // namespace

AdminServer::AdminServer(const AdminOptions &options, AdminGateway *gateway, QObject *parent)
    : QObject(parent), m_options(options), m_gateway(gateway)
{
    m_http = new QHttpServer(this);
    m_listener = new AdminListener(options, this);
    addRoutes();
}

AdminServer::~AdminServer() = default;

bool AdminServer::listen(QString *error)
{
    if (!m_listener->listen(m_options.address, m_options.port)) {
        *error = tr("Cannot listen for the admin API on %1:%2: %3")
                     .arg(m_options.address.toString())
                     .arg(m_options.port)
                     .arg(m_listener->errorString());
        return false;
    }
    m_http->bind(m_listener);
    qCInfo(lcAdmin, "admin API on %s", qUtf8Printable(url().toString()));
    return true;
}

QUrl AdminServer::url() const
{
    QHostAddress shown = m_listener->serverAddress();
    if (shown == QHostAddress::Any || shown == QHostAddress::AnyIPv4 || shown == QHostAddress::AnyIPv6)
        shown = QHostAddress::LocalHost;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(shown.toString());
    url.setPort(m_listener->serverPort());
    return url;
}

void AdminServer::addRoutes()
{
    using Method = QHttpServerRequest::Method;
    const auto add = [this](const char *path, Method method, bool open,
                            QHttpServerResponse (AdminServer::*handler)(const QHttpServerRequest &)) {
        m_http->route(QString::fromLatin1(path), method,
                      [this, open, handler](const QHttpServerRequest &request) {
                          return guarded(request, open, handler);
                      });
    };
    add("/healthz", Method::Get, true, &AdminServer::healthz);
    add("/readyz", Method::Get, true, &AdminServer::readyz);
    add("/metrics", Method::Get, true, &AdminServer::metrics);
    add("/api/v1/status", Method::Get, false, &AdminServer::status);
    add("/api/v1/stats", Method::Get, false, &AdminServer::stats);
    add("/api/v1/requests", Method::Get, false, &AdminServer::requests);
    add("/api/v1/log", Method::Get, false, &AdminServer::log);
    add("/api/v1/backends", Method::Get, false, &AdminServer::getBackends);
    add("/api/v1/backends", Method::Put, false, &AdminServer::putBackends);
    add("/api/v1/presign", Method::Post, false, &AdminServer::presign);
}

bool AdminServer::authorized(const QHttpServerRequest &request) const
{
    // RFC 6750 section 2.1: "Authorization: Bearer TOKEN"; the scheme is case-insensitive.
    const QByteArray header = request.value(QByteArrayLiteral("Authorization")).trimmed();
    if (header.size() < 7 || qstrnicmp(header.constData(), "bearer ", 7) != 0)
        return false;
    return AdminToken::matches(m_options.token, header.mid(7).trimmed());
}

QHttpServerResponse
AdminServer::guarded(const QHttpServerRequest &request, bool open,
                     QHttpServerResponse (AdminServer::*handler)(const QHttpServerRequest &))
{
    if ((!open || m_options.authAll) && !authorized(request)) {
        QHttpServerResponse r =
            jsonError(HttpStatus::Unauthorized, QStringLiteral("A valid bearer token is required."));
        r.setHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"s3cascade\""));
        return r;
    }
    return (this->*handler)(request);
}

QHttpServerResponse AdminServer::healthz(const QHttpServerRequest &)
{
    QJsonObject o;
    o.insert(QStringLiteral("status"), QStringLiteral("ok"));
    return json(o);
}

QHttpServerResponse AdminServer::readyz(const QHttpServerRequest &)
{
    const auto stats = m_gateway->adminStatistics();
    bool ready = false;
    QJsonObject body = stats ? AdminJson::readiness(stats->snapshot(), &ready) : QJsonObject{};
    if (m_gateway->adminDraining()) {
        ready = false;
        body.insert(QStringLiteral("draining"), true);
    }
    return json(body, ready ? HttpStatus::Ok : HttpStatus::ServiceUnavailable);
}

QHttpServerResponse AdminServer::metrics(const QHttpServerRequest &)
{
    const auto stats = m_gateway->adminStatistics();
    MetricsExporter::BuildInfo build;
    build.version = m_gateway->adminStatus().version;
    build.qt = QString::fromLatin1(qVersion());
    build.openssl = QSslSocket::sslLibraryVersionString();
    QHttpServerResponse r(
        QByteArray(MetricsExporter::kContentType),
        MetricsExporter::render(m_gateway->adminMetrics(), stats.get(), ProcessMetrics::read(), build));
    return r;
}

QHttpServerResponse AdminServer::status(const QHttpServerRequest &)
{
    return json(AdminJson::status(m_gateway->adminStatus()));
}

QHttpServerResponse AdminServer::stats(const QHttpServerRequest &)
{
    const auto stats = m_gateway->adminStatistics();
    return json(stats ? AdminJson::stats(stats->snapshot()) : QJsonObject{});
}

QHttpServerResponse AdminServer::requests(const QHttpServerRequest &request)
{
    const auto stats = m_gateway->adminStatistics();
    bool ok = true;
    const QString limitText = request.query().queryItemValue(QStringLiteral("limit"));
    const int limit = limitText.isEmpty() ? 100 : limitText.toInt(&ok);
    if (!ok || limit < 1)
        return jsonError(HttpStatus::BadRequest, QStringLiteral("limit: must be a positive number."),
                         QStringLiteral("limit"));
    QJsonObject o;
    if (stats) {
        o.insert(QStringLiteral("requests"), AdminJson::recentRequests(stats->recent().entries(), limit));
        o.insert(QStringLiteral("total"), double(stats->recent().total()));
    }
    return json(o);
}

QHttpServerResponse AdminServer::log(const QHttpServerRequest &request)
{
    bool ok = true;
    const QString sinceText = request.query().queryItemValue(QStringLiteral("since"));
    const quint64 since = sinceText.isEmpty() ? 0 : sinceText.toULongLong(&ok);
    if (!ok)
        return jsonError(HttpStatus::BadRequest, QStringLiteral("since: must be a line id."),
                         QStringLiteral("since"));
    QJsonArray lines;
    quint64 last = since;
    for (const AdminLog::Line &line : AdminLog::since(since)) {
        QJsonObject o;
        o.insert(QStringLiteral("id"), double(line.id));
        o.insert(QStringLiteral("time"), line.time.toString(Qt::ISODateWithMs));
        o.insert(QStringLiteral("level"), line.level);
        o.insert(QStringLiteral("category"), line.category);
        o.insert(QStringLiteral("text"), line.text);
        lines.append(o);
        last = line.id;
    }
    QJsonObject o;
    o.insert(QStringLiteral("lines"), lines);
    o.insert(QStringLiteral("next"), double(last)); // pass as `since` to get only newer lines
    return json(o);
}

QHttpServerResponse AdminServer::getBackends(const QHttpServerRequest &)
{
    return json(AdminJson::maskedBackends(m_gateway->adminBackends()));
}

QHttpServerResponse AdminServer::putBackends(const QHttpServerRequest &request)
{
    auto config = AdminJson::parseBackends(request.body(), m_gateway->adminBackends());
    if (!config)
        return jsonError(HttpStatus::BadRequest, config.failure().text(),
                         AdminJson::fieldOf(config.failure().text()));
    if (auto applied = m_gateway->adminApplyBackends(config.value()); !applied)
        return jsonError(HttpStatus::BadRequest, applied.failure().text(),
                         AdminJson::fieldOf(applied.failure().text()));
    qCInfo(lcAdmin, "backends changed through the admin API");
    return json(AdminJson::maskedBackends(m_gateway->adminBackends()));
}

QHttpServerResponse AdminServer::presign(const QHttpServerRequest &request)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &parseError);
    if (!doc.isObject())
        return jsonError(HttpStatus::BadRequest,
                         QStringLiteral("The body is not a JSON object: %1").arg(parseError.errorString()));
    const QJsonObject o = doc.object();
    const QByteArray method =
        o.value(QStringLiteral("method")).toString(QStringLiteral("GET")).toUpper().toLatin1();
    const QString bucket = o.value(QStringLiteral("bucket")).toString();
    const QString key = o.value(QStringLiteral("key")).toString();
    const qint64 expires = qint64(o.value(QStringLiteral("expires")).toDouble(3600));
    if (method != "GET" && method != "PUT" && method != "DELETE" && method != "HEAD")
        return jsonError(HttpStatus::BadRequest, QStringLiteral("method: must be GET, PUT, DELETE or HEAD."),
                         QStringLiteral("method"));
    if (bucket.isEmpty())
        return jsonError(HttpStatus::BadRequest, QStringLiteral("bucket: required."),
                         QStringLiteral("bucket"));
    if (key.isEmpty())
        return jsonError(HttpStatus::BadRequest, QStringLiteral("key: required."), QStringLiteral("key"));
    // S3 caps a SigV4 presigned URL at 7 days (X-Amz-Expires, 604800 seconds).
    if (expires < 1 || expires > 604800)
        return jsonError(HttpStatus::BadRequest, QStringLiteral("expires: must be 1 to 604800 seconds."),
                         QStringLiteral("expires"));
    const AdminGateway::Info status = m_gateway->adminStatus();
    // Path-style, each byte encoded once as SigV4's UriEncode does ('/' kept in the key).
    QUrl target = status.endpoint;
    const QByteArray path =
        '/' + sigv4::uriEncode(bucket.toUtf8(), true) + '/' + sigv4::uriEncode(key.toUtf8(), false);
    target.setPath(QString::fromLatin1(path), QUrl::StrictMode);
    const SigV4Signer signer(m_gateway->adminCredentials(), status.region.toLatin1());
    const QUrl url = signer.presignUrl(method, target, QDateTime::currentDateTimeUtc(), expires);
    QJsonObject out;
    out.insert(QStringLiteral("url"), QString::fromLatin1(url.toEncoded()));
    out.insert(QStringLiteral("method"), QString::fromLatin1(method));
    out.insert(QStringLiteral("expires"), double(expires));
    return json(out);
}

} // namespace s3c
