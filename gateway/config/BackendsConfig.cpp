#include "BackendsConfig.h"

#include "BackendConfigReader.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

namespace s3c {

Q_LOGGING_CATEGORY(lcConfig, "s3c.config")

namespace {

Failure invalid(const QString &message)
{
    return Failure{S3Error::InvalidArgument, message};
}

const QStringList &topLevelKeys()
{
    static const QStringList keys{QStringLiteral("backends"), QStringLiteral("deletePolicy"),
                                  QStringLiteral("partialListing"), QStringLiteral("exposedBucket"),
                                  QStringLiteral("hedgeAfterMs"), QStringLiteral("hedgeMinMs"),
                                  QStringLiteral("hedgeMaxMs"), QStringLiteral("healthIntervalMs"),
                                  QStringLiteral("healthEjectedIntervalMs"), QStringLiteral("healthTimeoutMs"),
                                  QStringLiteral("resumeAttempts"), QStringLiteral("resumeStallMs"),
                                  QStringLiteral("resumeTimeoutMs"),
                                  QStringLiteral("promoteOnRead"), QStringLiteral("promoteConcurrency"),
                                  QStringLiteral("promoteQueue"), QStringLiteral("promoteMaxBytes"),
                                  QStringLiteral("locationCacheTtlMs"), QStringLiteral("locationCacheMaxBytes"),
                                  QStringLiteral("missCacheTtlMs"), QStringLiteral("missCacheMaxBytes")};
    return keys;
}

} // namespace

Result<BackendsConfig> BackendsConfig::fromJson(const QByteArray &json, const QProcessEnvironment &env,
                                                QStringList *warningsOut)
{
    QStringList warnings;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("config: invalid JSON at offset %1: %2")
                           .arg(error.offset)
                           .arg(error.errorString()));
    if (!doc.isObject())
        return invalid(QStringLiteral("config: the top level must be a JSON object"));
    const QJsonObject root = doc.object();
    for (const QString &key : root.keys()) {
        if (!topLevelKeys().contains(key))
            warnings.append(QStringLiteral("config.%1: unknown key ignored").arg(key));
    }

    BackendsConfig config;
    const QJsonValue list = root.value(QLatin1String("backends"));
    if (list.isUndefined())
        return invalid(QStringLiteral("backends: missing; expected {\"backends\": [...]}"));
    if (!list.isArray())
        return invalid(QStringLiteral("backends: must be an array"));
    const BackendConfigReader reader(env, &warnings);
    const QJsonArray array = list.toArray();
    for (int i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return invalid(QStringLiteral("backends[%1]: must be an object").arg(i));
        auto backend = reader.read(i, array.at(i).toObject());
        if (!backend)
            return backend.failure();
        config.backends.append(backend.value());
    }

    const QJsonValue policy = root.value(QLatin1String("deletePolicy"));
    if (policy == QJsonValue(QStringLiteral("all")))
        config.deletePolicy = DeletePolicy::All;
    else if (!policy.isUndefined() && policy != QJsonValue(QStringLiteral("primary")))
        return invalid(QStringLiteral("deletePolicy: must be \"primary\" or \"all\""));
    const QJsonValue partial = root.value(QLatin1String("partialListing"));
    if (!partial.isUndefined() && !partial.isBool())
        return invalid(QStringLiteral("partialListing: must be true or false"));
    config.partialListing = partial.toBool();
    const QJsonValue promote = root.value(QLatin1String("promoteOnRead"));
    if (!promote.isUndefined() && !promote.isBool())
        return invalid(QStringLiteral("promoteOnRead: must be true or false"));
    config.promoteOnRead = promote.toBool();
    const QJsonValue exposed = root.value(QLatin1String("exposedBucket"));
    if (!exposed.isUndefined() && !exposed.isString())
        return invalid(QStringLiteral("exposedBucket: must be a string"));
    config.exposedBucket = exposed.toString();
    const auto integer = [&](const char *key, int min, int max, int *out) -> Status {
        const QJsonValue v = root.value(QLatin1String(key));
        if (v.isUndefined())
            return Done{};
        if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < min || v.toInt() > max)
            return invalid(QStringLiteral("%1: must be an integer from %2 to %3").arg(QLatin1String(key)).arg(min).arg(max));
        *out = v.toInt();
        return Done{};
    };
    for (const Status &s : {integer("hedgeAfterMs", -1, 600000, &config.hedgeAfterMs),
                            integer("hedgeMinMs", 1, 600000, &config.hedgeMinMs),
                            integer("hedgeMaxMs", 1, 600000, &config.hedgeMaxMs),
                            integer("healthIntervalMs", 0, 3600000, &config.healthIntervalMs),
                            integer("healthEjectedIntervalMs", 1, 3600000, &config.healthEjectedIntervalMs),
                            integer("healthTimeoutMs", 1, 600000, &config.healthTimeoutMs),
                            integer("resumeAttempts", 0, 100, &config.resumeAttempts),
                            integer("resumeStallMs", 0, 600000, &config.resumeStallMs),
                            integer("resumeTimeoutMs", 1, 600000, &config.resumeTimeoutMs),
                            integer("promoteConcurrency", 1, 64, &config.promoteConcurrency),
                            integer("promoteQueue", 0, 100000, &config.promoteQueue),
                            integer("locationCacheTtlMs", 0, 86400000, &config.locationCacheTtlMs),
                            integer("locationCacheMaxBytes", 0, 1 << 30, &config.locationCacheMaxBytes),
                            integer("missCacheTtlMs", 0, 86400000, &config.missCacheTtlMs),
                            integer("missCacheMaxBytes", 0, 1 << 30, &config.missCacheMaxBytes)}) {
        if (!s)
            return s.failure();
    }
    // One PutObject carries the copy, and S3 takes at most 5 GiB in one.
    const QJsonValue maxBytes = root.value(QLatin1String("promoteMaxBytes"));
    constexpr qint64 kMaxPut = 5LL * 1024 * 1024 * 1024;
    if (!maxBytes.isUndefined()) {
        const double v = maxBytes.toDouble(-1);
        if (!maxBytes.isDouble() || v != double(qint64(v)) || v < 0 || v > double(kMaxPut))
            return invalid(QStringLiteral("promoteMaxBytes: must be an integer from 0 to %1").arg(kMaxPut));
        config.promoteMaxBytes = qint64(v);
    }
    if (config.hedgeMaxMs < config.hedgeMinMs)
        return invalid(QStringLiteral("hedgeMaxMs: must not be below hedgeMinMs"));

    if (const Status valid = config.validate(); !valid)
        return valid.failure();
    if (config.backends.first().readOnly)
        warnings.append(QStringLiteral(
            "backends[0].readOnly: the primary takes every write; all writes will be refused"));
    for (const QString &w : std::as_const(warnings))
        qCWarning(lcConfig, "%s", qUtf8Printable(w));
    if (warningsOut)
        *warningsOut += warnings;
    return config;
}

Result<BackendsConfig> BackendsConfig::load(const QString &path, const QProcessEnvironment &env,
                                            QStringList *warnings)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(QStringLiteral("config: cannot read %1: %2").arg(path, file.errorString()));
    return fromJson(file.readAll(), env, warnings);
}

Status BackendsConfig::validate() const
{
    if (backends.isEmpty())
        return invalid(
            QStringLiteral("backends: %1")
                .arg(QCoreApplication::translate("BackendConfig", "at least one backend is required")));
    for (int i = 0; i < backends.size(); ++i) {
        if (const Status s = backends[i].validate(i); !s)
            return s;
        for (int j = 0; j < i; ++j) {
            if (backends[j].name == backends[i].name)
                return invalid(
                    QStringLiteral("backends[%1].name: %2")
                        .arg(i)
                        .arg(QCoreApplication::translate("BackendConfig", "same name as backends[%1]")
                                 .arg(j)));
        }
    }
    if (!exposedBucket.isEmpty() && !BackendConfig::isValidBucketName(exposedBucket))
        return invalid(QStringLiteral("exposedBucket: %1")
                           .arg(QCoreApplication::translate("BackendConfig", "not a valid bucket name")));
    return Done{};
}

QString BackendsConfig::clientBucketFor(int index) const
{
    if (index < 0 || index >= backends.size() || backends[index].type != BackendConfig::Type::S3 ||
        backends[index].pinnedBucket().isEmpty())
        return {};
    // Pinned buckets rule (gateway/config/README.md): every pinned backend answers to one client
    // name, "exposedBucket" or else the first pinned backend's own bucket. So the parent's R2
    // example (primary-bucket, fallback-bucket) serves s3://primary-bucket, read through both.
    if (!exposedBucket.isEmpty())
        return exposedBucket;
    for (const BackendConfig &b : backends) {
        if (b.type == BackendConfig::Type::S3 && !b.pinnedBucket().isEmpty())
            return b.pinnedBucket();
    }
    return {};
}

QByteArray BackendsConfig::toJson() const
{
    QJsonArray list;
    for (const BackendConfig &b : backends) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), b.name);
        o.insert(QStringLiteral("readOnly"), b.readOnly);
        o.insert(QStringLiteral("connectTimeoutMs"), b.connectTimeoutMs);
        o.insert(QStringLiteral("firstByteTimeoutMs"), b.firstByteTimeoutMs);
        if (b.type == BackendConfig::Type::Posix) {
            o.insert(QStringLiteral("type"), QStringLiteral("posix"));
            o.insert(QStringLiteral("path"), b.path);
        } else {
            o.insert(QStringLiteral("type"), QStringLiteral("s3"));
            o.insert(QStringLiteral("access"), b.accessKey);
            o.insert(QStringLiteral("secret"), b.secretKey);
            o.insert(QStringLiteral("endpoint"), b.endpoint);
            o.insert(QStringLiteral("region"), b.region);
            o.insert(QStringLiteral("usePathStyle"), b.usePathStyle);
            o.insert(QStringLiteral("sslSkipVerify"), b.sslSkipVerify);
            o.insert(QStringLiteral("disableChecksum"), b.disableChecksum);
            if (!b.bucket.isEmpty())
                o.insert(QStringLiteral("bucket"), b.bucket);
        }
        if (!b.metaBucket.isEmpty())
            o.insert(QStringLiteral("metaBucket"), b.metaBucket);
        list.append(o);
    }
    QJsonObject root;
    root.insert(QStringLiteral("backends"), list);
    root.insert(QStringLiteral("deletePolicy"),
                deletePolicy == DeletePolicy::All ? QStringLiteral("all") : QStringLiteral("primary"));
    root.insert(QStringLiteral("partialListing"), partialListing);
    root.insert(QStringLiteral("hedgeAfterMs"), hedgeAfterMs);
    root.insert(QStringLiteral("hedgeMinMs"), hedgeMinMs);
    root.insert(QStringLiteral("hedgeMaxMs"), hedgeMaxMs);
    root.insert(QStringLiteral("healthIntervalMs"), healthIntervalMs);
    root.insert(QStringLiteral("healthEjectedIntervalMs"), healthEjectedIntervalMs);
    root.insert(QStringLiteral("healthTimeoutMs"), healthTimeoutMs);
    root.insert(QStringLiteral("resumeAttempts"), resumeAttempts);
    root.insert(QStringLiteral("resumeStallMs"), resumeStallMs);
    root.insert(QStringLiteral("resumeTimeoutMs"), resumeTimeoutMs);
    root.insert(QStringLiteral("promoteOnRead"), promoteOnRead);
    root.insert(QStringLiteral("promoteConcurrency"), promoteConcurrency);
    root.insert(QStringLiteral("promoteQueue"), promoteQueue);
    root.insert(QStringLiteral("promoteMaxBytes"), double(promoteMaxBytes));
    root.insert(QStringLiteral("locationCacheTtlMs"), locationCacheTtlMs);
    root.insert(QStringLiteral("locationCacheMaxBytes"), locationCacheMaxBytes);
    root.insert(QStringLiteral("missCacheTtlMs"), missCacheTtlMs);
    root.insert(QStringLiteral("missCacheMaxBytes"), missCacheMaxBytes);
    if (!exposedBucket.isEmpty())
        root.insert(QStringLiteral("exposedBucket"), exposedBucket);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Status BackendsConfig::save(const QString &path) const
{
    if (const Status valid = validate(); !valid)
        return valid;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return invalid(QStringLiteral("config: cannot write %1: %2").arg(path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(toJson());
    if (!file.commit())
        return invalid(QStringLiteral("config: cannot write %1: %2").arg(path, file.errorString()));
    return Done{};
}

} // namespace s3c
