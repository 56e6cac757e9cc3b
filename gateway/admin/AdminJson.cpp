#include "AdminJson.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace s3c {

namespace {

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonValue number(quint64 n)
{
    return QJsonValue(double(n)); // exact up to 2^53, which counters do not reach
}

} // namespace

QJsonObject AdminJson::status(const AdminGateway::Info &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("version"), s.version);
    o.insert(QStringLiteral("mode"), s.mode);
    o.insert(QStringLiteral("endpoints"), QJsonArray{s.endpoint.toString()});
    o.insert(QStringLiteral("threads"), s.threads);
    o.insert(QStringLiteral("startedAt"), time(s.startedAt));
    o.insert(QStringLiteral("uptimeSeconds"), double(s.startedAt.secsTo(QDateTime::currentDateTimeUtc())));
    o.insert(QStringLiteral("accessKeyId"), s.accessKeyId);
    return o;
}

QJsonObject AdminJson::backendStats(const BackendStatsSnapshot &b)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), b.name);
    o.insert(QStringLiteral("requests"), number(b.requests));
    o.insert(QStringLiteral("hits"), number(b.hits));
    o.insert(QStringLiteral("misses"), number(b.misses));
    o.insert(QStringLiteral("clientErrors"), number(b.clientErrors));
    QJsonObject failures;
    failures.insert(QStringLiteral("refused"), number(b.failureCount(FailureKind::Refused)));
    failures.insert(QStringLiteral("timeout"), number(b.failureCount(FailureKind::Timeout)));
    failures.insert(QStringLiteral("reset"), number(b.failureCount(FailureKind::Reset)));
    failures.insert(QStringLiteral("serverError"), number(b.failureCount(FailureKind::ServerError)));
    failures.insert(QStringLiteral("other"), number(b.failureCount(FailureKind::Other)));
    o.insert(QStringLiteral("failures"), failures);
    QJsonArray depth;
    for (quint64 n : b.hitsAtDepth)
        depth.append(number(n));
    o.insert(QStringLiteral("hitsAtDepth"), depth);
    o.insert(QStringLiteral("fallbackHits"), number(b.fallbackHits()));
    o.insert(QStringLiteral("bytesIn"), number(b.bytesIn));
    o.insert(QStringLiteral("bytesOut"), number(b.bytesOut));
    QJsonObject latency;
    latency.insert(QStringLiteral("count"), number(b.latencyCount));
    latency.insert(QStringLiteral("p50Us"), double(b.latencyP50Us));
    latency.insert(QStringLiteral("p95Us"), double(b.latencyP95Us));
    o.insert(QStringLiteral("latency"), latency);
    o.insert(QStringLiteral("healthy"), !b.ejected);
    o.insert(QStringLiteral("ejected"), b.ejected);
    o.insert(QStringLiteral("ejections"), number(b.ejections));
    o.insert(QStringLiteral("readmissions"), number(b.readmissions));
    o.insert(QStringLiteral("stateSince"), time(b.stateSince));
    o.insert(QStringLiteral("ejectedUntil"), time(b.ejectedUntil));
    o.insert(QStringLiteral("lastFailure"), b.lastFailure);
    o.insert(QStringLiteral("lastFailureAt"), time(b.lastFailureAt));
    o.insert(QStringLiteral("lastProbeAt"), time(b.lastProbeAt));
    o.insert(QStringLiteral("lastProbeOk"), b.lastProbeOk);
    o.insert(QStringLiteral("hedges"), number(b.hedges));
    return o;
}

QJsonObject AdminJson::recentRequest(const RecentRequest &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("sequence"), number(r.sequence));
    o.insert(QStringLiteral("time"), time(r.time));
    o.insert(QStringLiteral("method"), r.method);
    o.insert(QStringLiteral("operation"), r.operation);
    o.insert(QStringLiteral("bucket"), r.bucket);
    o.insert(QStringLiteral("key"), r.key);
    o.insert(QStringLiteral("status"), r.status);
    o.insert(QStringLiteral("backend"), r.backend);
    o.insert(QStringLiteral("latencyUs"), double(r.latencyUs));
    o.insert(QStringLiteral("bytes"), double(r.bytes));
    return o;
}

QJsonArray AdminJson::recentRequests(const QList<RecentRequest> &requests, int limit)
{
    QJsonArray out;
    const qsizetype first = limit > 0 ? qMax<qsizetype>(0, requests.size() - limit) : 0;
    for (qsizetype i = first; i < requests.size(); ++i)
        out.append(recentRequest(requests.at(i)));
    return out;
}

QJsonObject AdminJson::stats(const StatsSnapshot &s)
{
    QJsonArray backends;
    for (const BackendStatsSnapshot &b : s.backends)
        backends.append(backendStats(b));
    QJsonObject o;
    o.insert(QStringLiteral("backends"), backends);
    o.insert(QStringLiteral("requestsTotal"), number(s.recentTotal));
    o.insert(QStringLiteral("recent"), recentRequests(s.recent, 0));
    return o;
}

QJsonObject AdminJson::readiness(const StatsSnapshot &s, bool *ready)
{
    QJsonArray backends;
    *ready = false;
    for (const BackendStatsSnapshot &b : s.backends) {
        *ready = *ready || !b.ejected;
        QJsonObject o;
        o.insert(QStringLiteral("name"), b.name);
        o.insert(QStringLiteral("healthy"), !b.ejected);
        o.insert(QStringLiteral("stateSince"), time(b.stateSince));
        o.insert(QStringLiteral("lastFailure"), b.lastFailure);
        backends.append(o);
    }
    QJsonObject o;
    o.insert(QStringLiteral("ready"), *ready);
    o.insert(QStringLiteral("backends"), backends);
    return o;
}

QJsonObject AdminJson::maskedBackends(const BackendsConfig &config)
{
    QJsonObject o = QJsonDocument::fromJson(config.toJson()).object();
    QJsonArray backends = o.value(QStringLiteral("backends")).toArray();
    for (qsizetype i = 0; i < backends.size(); ++i) {
        QJsonObject b = backends.at(i).toObject();
        if (b.contains(QStringLiteral("secret")) && !b.value(QStringLiteral("secret")).toString().isEmpty())
            b.insert(QStringLiteral("secret"), QString(kMask));
        backends.replace(i, b);
    }
    o.insert(QStringLiteral("backends"), backends);
    return o;
}

Result<BackendsConfig> AdminJson::parseBackends(const QByteArray &body, const BackendsConfig &current)
{
    // No environment: a PUT says the whole configuration; S3CASCADE_BACKEND_* of the running
    // process would silently change what the client sent.
    auto parsed = BackendsConfig::fromJson(body, QProcessEnvironment());
    if (!parsed)
        return parsed;
    BackendsConfig config = parsed.value();
    for (qsizetype i = 0; i < config.backends.size(); ++i) {
        BackendConfig &b = config.backends[i];
        if (b.secretKey != kMask)
            continue;
        bool found = false;
        for (const BackendConfig &old : current.backends) {
            if (old.name == b.name) {
                b.secretKey = old.secretKey;
                found = true;
                break;
            }
        }
        if (!found)
            return Failure{
                S3Error::InvalidArgument,
                QStringLiteral(
                    "backends[%1].secret: masked, but no backend named \"%2\" had a secret to keep.")
                    .arg(i)
                    .arg(b.name)};
    }
    return config;
}

QJsonObject AdminJson::error(const QString &message, const QString &field)
{
    QJsonObject o;
    o.insert(QStringLiteral("error"), message);
    if (!field.isEmpty())
        o.insert(QStringLiteral("field"), field);
    return o;
}

QString AdminJson::fieldOf(const QString &message)
{
    static const QRegularExpression re(QStringLiteral("^([A-Za-z]+(\\[\\d+\\])?(\\.[A-Za-z]+)?): "));
    const auto m = re.match(message);
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace s3c
