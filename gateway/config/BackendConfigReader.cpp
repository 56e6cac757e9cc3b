#include "BackendConfigReader.h"

#include <QJsonValue>

namespace s3c {

namespace {

enum class Kind { String, Bool, Int };

struct Field
{
    const char *key; // JSON key
    const char *env; // FIELD of the environment variable
    Kind kind;
};

// The parent's variables (NAME ... USE_PATH_STYLE, META_BUCKET) and s3cascade's additions.
constexpr Field kFields[] = {
    {"name", "NAME", Kind::String},
    {"type", "TYPE", Kind::String},
    {"access", "ACCESS", Kind::String},
    {"secret", "SECRET", Kind::String},
    {"endpoint", "ENDPOINT", Kind::String},
    {"region", "REGION", Kind::String},
    {"metaBucket", "META_BUCKET", Kind::String},
    {"usePathStyle", "USE_PATH_STYLE", Kind::Bool},
    {"sslSkipVerify", "SSL_SKIP_VERIFY", Kind::Bool},
    {"disableChecksum", "DISABLE_CHECKSUM", Kind::Bool},
    {"readOnly", "READ_ONLY", Kind::Bool},
    {"bucket", "BUCKET", Kind::String},
    {"path", "PATH", Kind::String},
    {"connectTimeoutMs", "CONNECT_TIMEOUT_MS", Kind::Int},
    {"firstByteTimeoutMs", "FIRST_BYTE_TIMEOUT_MS", Kind::Int},
};

Failure invalid(int index, const QString &field, const QString &why)
{
    return Failure{S3Error::InvalidArgument,
                   QStringLiteral("backends[%1].%2: %3").arg(index).arg(field, why)};
}

} // namespace

BackendConfigReader::BackendConfigReader(const QProcessEnvironment &env, QStringList *warnings)
    : m_env(env), m_warnings(warnings)
{
}

std::optional<bool> BackendConfigReader::parseBool(const QString &text)
{
    static const QStringList yes{QStringLiteral("1"),    QStringLiteral("t"),    QStringLiteral("T"),
                                 QStringLiteral("TRUE"), QStringLiteral("true"), QStringLiteral("True")};
    static const QStringList no{QStringLiteral("0"),     QStringLiteral("f"),     QStringLiteral("F"),
                                QStringLiteral("FALSE"), QStringLiteral("false"), QStringLiteral("False")};
    if (yes.contains(text))
        return true;
    if (no.contains(text))
        return false;
    return std::nullopt;
}

Status BackendConfigReader::applyEnvironment(int index, QJsonObject &object) const
{
    for (const Field &f : kFields) {
        QString variable;
        for (const char *prefix : {"S3CASCADE_BACKEND_", "VGW_S3_MULTI_BACKEND_"}) {
            const QString name =
                QLatin1String(prefix) + QString::number(index) + QLatin1Char('_') + QLatin1String(f.env);
            if (m_env.contains(name) && !m_env.value(name).isEmpty()) {
                variable = name;
                break;
            }
        }
        if (variable.isEmpty())
            continue;
        const QString value = m_env.value(variable);
        // Errors name the variable but never echo its value (it may be a secret).
        switch (f.kind) {
        case Kind::String:
            object.insert(QLatin1String(f.key), value);
            break;
        case Kind::Bool: {
            const auto b = parseBool(value);
            if (!b)
                return Failure{S3Error::InvalidArgument,
                               variable + QStringLiteral(": must be a boolean (true/false/1/0)")};
            object.insert(QLatin1String(f.key), *b);
            break;
        }
        case Kind::Int: {
            bool ok = false;
            const int n = value.toInt(&ok);
            if (!ok)
                return Failure{S3Error::InvalidArgument, variable + QStringLiteral(": must be an integer")};
            object.insert(QLatin1String(f.key), n);
            break;
        }
        }
    }
    return Done{};
}

Result<BackendConfig> BackendConfigReader::read(int index, QJsonObject object) const
{
    if (const Status env = applyEnvironment(index, object); !env)
        return env.failure();

    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const bool known = std::any_of(std::begin(kFields), std::end(kFields),
                                       [&](const Field &f) { return it.key() == QLatin1String(f.key); });
        if (!known && m_warnings)
            m_warnings->append(
                QStringLiteral("backends[%1].%2: unknown key ignored").arg(index).arg(it.key()));
    }

    BackendConfig c;
    for (const Field &f : kFields) {
        const QJsonValue v = object.value(QLatin1String(f.key));
        if (v.isUndefined() || v.isNull())
            continue;
        const QString key = QLatin1String(f.key);
        const bool typeOk = f.kind == Kind::String ? v.isString()
                            : f.kind == Kind::Bool ? v.isBool()
                                                   : v.isDouble() && v.toDouble() == double(v.toInt());
        if (!typeOk) {
            const char *want = f.kind == Kind::String ? "a string"
                               : f.kind == Kind::Bool ? "true or false"
                                                      : "an integer";
            return invalid(index, key, QStringLiteral("must be %1").arg(QLatin1String(want)));
        }
    }
    const auto str = [&](const char *k) { return object.value(QLatin1String(k)).toString(); };
    const auto flag = [&](const char *k) { return object.value(QLatin1String(k)).toBool(); };

    const QString type = str("type");
    if (type.isEmpty() || type == QLatin1String("s3"))
        c.type = BackendConfig::Type::S3;
    else if (type == QLatin1String("posix"))
        c.type = BackendConfig::Type::Posix;
    else
        return invalid(index, QStringLiteral("type"), QStringLiteral("must be \"s3\" or \"posix\""));

    // The parent documents name as optional ("for logging/debugging"); s3cascade needs one per
    // backend for x-s3cascade-backend and statistics.
    c.name = object.contains(QLatin1String("name")) ? str("name") : QStringLiteral("backend-%1").arg(index);
    c.accessKey = str("access");
    c.secretKey = str("secret");
    c.endpoint = str("endpoint").trimmed();
    if (object.contains(QLatin1String("region")) && !str("region").isEmpty())
        c.region = str("region");
    c.usePathStyle = flag("usePathStyle");
    c.sslSkipVerify = flag("sslSkipVerify");
    c.disableChecksum = flag("disableChecksum");
    c.readOnly = flag("readOnly");
    c.bucket = str("bucket");
    c.path = str("path");
    c.metaBucket = str("metaBucket");
    if (object.contains(QLatin1String("connectTimeoutMs")))
        c.connectTimeoutMs = object.value(QLatin1String("connectTimeoutMs")).toInt();
    if (object.contains(QLatin1String("firstByteTimeoutMs")))
        c.firstByteTimeoutMs = object.value(QLatin1String("firstByteTimeoutMs")).toInt();
    // Fields of the other type are ignored (and said so), so that what is loaded is exactly
    // what toJson() saves back (fuzz_backends_json: a posix entry kept an s3 endpoint that a save
    // then dropped).
    const BackendConfig defaults;
    const auto ignore = [&](const char *k, auto BackendConfig::*field) {
        if (!object.contains(QLatin1String(k)))
            return;
        c.*field = defaults.*field;
        if (m_warnings)
            m_warnings->append(QStringLiteral("backends[%1].%2: does not apply to a %3 backend (ignored)")
                                   .arg(index)
                                   .arg(QLatin1String(k), c.type == BackendConfig::Type::Posix ? QStringLiteral("posix")
                                                                                                : QStringLiteral("s3")));
    };
    if (c.type == BackendConfig::Type::Posix) {
        ignore("access", &BackendConfig::accessKey);
        ignore("secret", &BackendConfig::secretKey);
        ignore("endpoint", &BackendConfig::endpoint);
        ignore("region", &BackendConfig::region);
        ignore("usePathStyle", &BackendConfig::usePathStyle);
        ignore("sslSkipVerify", &BackendConfig::sslSkipVerify);
        ignore("disableChecksum", &BackendConfig::disableChecksum);
        ignore("bucket", &BackendConfig::bucket);
    } else {
        ignore("path", &BackendConfig::path);
    }
    if (!c.metaBucket.isEmpty() && m_warnings)
        m_warnings->append(
            QStringLiteral("backends[%1].metaBucket: not used by s3cascade (ignored)").arg(index));
    return c;
}

} // namespace s3c
