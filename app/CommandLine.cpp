#include "CommandLine.h"

#include "s3/CorsXml.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace s3c {

bool CommandLine::parseListenAddress(const QString &text, QHostAddress *address, quint16 *port)
{
    QString host;
    QString portText = text;
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0) {
        host = text.left(colon);
        portText = text.mid(colon + 1);
    }
    bool ok = false;
    const uint p = portText.toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (colon >= 0 && host.isEmpty()) {
        *address = QHostAddress::Any; // ":7070", as the parent gateway: every interface
    } else if (colon < 0) {
        *address = QHostAddress::LocalHost;
    } else if (host == QLatin1String("localhost")) {
        *address = QHostAddress::LocalHost;
    } else if (!address->setAddress(host)) {
        return false;
    }
    *port = quint16(p);
    return true;
}

CommandLine::Outcome CommandLine::parse(const QStringList &arguments, const QProcessEnvironment &env,
                                        AppOptions *o, QString *message)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("S3 gateway that cascades reads across several storage backends.\n\n"
                                   "Commands:\n"
                                   "  (none)            serve the embedded local directory\n"
                                   "  posix DIR         serve DIR (buckets are its top-level folders)\n"
                                   "  s3-multi --config FILE  serve the backends of FILE, reads cascading in order\n"
                                   "  credentials       print the gateway's stored access and secret key\n"
                                   "  presign           print a presigned URL (--method --bucket --key --expires)\n"
                                   "  admin-token       print the admin API's bearer token (made and saved if none)"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), tr("Show the version."));
    const QCommandLineOption port(QStringLiteral("port"), tr("Listen address [HOST]:PORT (default 127.0.0.1:7070; :7070 = all interfaces)."), tr("addr"));
    const QCommandLineOption access(QStringLiteral("access"), tr("Access key clients sign with (env ROOT_ACCESS_KEY)."), tr("key"));
    const QCommandLineOption secret(QStringLiteral("secret"), tr("Secret key (env ROOT_SECRET_KEY)."), tr("secret"));
    const QCommandLineOption region(QStringLiteral("region"), tr("Region of the gateway (default us-east-1)."), tr("region"));
    const QCommandLineOption cert(QStringLiteral("cert"), tr("TLS certificate chain (PEM): serve HTTPS."), tr("file"));
    const QCommandLineOption key(QStringLiteral("key"), tr("Object key (presign), or the TLS private key file (PEM) with --cert."), tr("key"));
    const QCommandLineOption vdomain(QStringLiteral("virtual-domain"), tr("Accept virtual-hosted requests BUCKET.DOMAIN."), tr("domain"));
    const QCommandLineOption health(QStringLiteral("health"), tr("Unauthenticated health check path, e.g. /health."), tr("path"));
    const QCommandLineOption readonly(QStringLiteral("readonly"), tr("Refuse every write."));
    const QCommandLineOption noSigV2(QStringLiteral("no-sigv2"), tr("Refuse AWS Signature Version 2 (accepted by default, as S3 does)."));
    const QCommandLineOption corsOrigin(QStringLiteral("cors-origin"), tr("Allow cross-origin browser requests from ORIGIN (repeatable, or *) to buckets without a CORS configuration of their own."), tr("origin"));
    const QCommandLineOption quiet(QStringLiteral("quiet"), tr("Print only the endpoint and errors."));
    const QCommandLineOption debug(QStringLiteral("debug"), tr("Log SigV4 stages (never secrets)."));
    const QCommandLineOption threads(QStringLiteral("threads"), tr("Threads serving requests (default: one per core, at most %1).").arg(GatewayOptions::kMaxWorkerThreads), tr("n"));
    const QCommandLineOption maxConns(QStringLiteral("max-connections"), tr("Most client connections at once (default 4096, lowered to fit the open-file limit)."), tr("n"));
    const QCommandLineOption maxPerClient(QStringLiteral("max-connections-per-client"), tr("Most connections one client address (IPv6: /64) may hold (default 256; 0: no limit)."), tr("n"));
    const QCommandLineOption headerTimeout(QStringLiteral("header-timeout"), tr("Seconds a client has to send a whole request head (default 30)."), tr("seconds"));
    const QCommandLineOption idleTimeout(QStringLiteral("idle-timeout"), tr("Seconds a keep-alive connection may stay idle (default 60)."), tr("seconds"));
    const QCommandLineOption accessLog(QStringLiteral("access-log"), tr("Write one JSON line per request to FILE (- for standard output); SIGHUP reopens it."), tr("file"));
    const QCommandLineOption drainDelay(QStringLiteral("drain-delay"), tr("Seconds to keep serving after SIGTERM, as not ready and without keep-alive, before stopping (default 0)."), tr("seconds"));
    const QCommandLineOption admin(QStringLiteral("admin"), tr("Serve the admin API (health, metrics, stats, backends) on [HOST]:PORT (port 0: any free one)."), tr("addr"));
    const QCommandLineOption adminAuthAll(QStringLiteral("admin-auth-all"), tr("The admin API's /healthz, /readyz and /metrics need the token too."));
    const QCommandLineOption noGui(QStringLiteral("no-gui"), tr("Run headless."));
    const QCommandLineOption config(QStringLiteral("config"), tr("Backends JSON file (s3-multi)."), tr("file"));
    const QCommandLineOption lang(QStringLiteral("lang"), tr("Language of the messages, e.g. pt_BR or en (default: the system's)."), tr("language"));
    const QCommandLineOption method(QStringLiteral("method"), tr("presign: GET, PUT, DELETE or HEAD."), tr("method"));
    const QCommandLineOption bucket(QStringLiteral("bucket"), tr("presign: bucket name."), tr("bucket"));
    const QCommandLineOption expires(QStringLiteral("expires"), tr("presign: validity in seconds (1..604800)."), tr("seconds"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"), tr("presign: endpoint URL to sign for."), tr("url"));
    p.addOptions({help, version, port, access, secret, region, cert, key, vdomain, health, readonly, noSigV2, corsOrigin, quiet,
                  debug, threads, maxConns, maxPerClient, headerTimeout, idleTimeout, accessLog, drainDelay, admin,
                  adminAuthAll, noGui, config, lang, method, bucket,
                  expires, endpoint});
    p.addPositionalArgument(QStringLiteral("command"), tr("posix DIR | credentials | presign"));

    if (!p.parse(arguments)) {
        *message = p.errorText() + QLatin1Char('\n') + tr("Try --help.");
        return Outcome::ExitError;
    }
    if (p.isSet(help)) {
        *message = p.helpText();
        return Outcome::ExitOk;
    }
    if (p.isSet(version)) {
        *message = QStringLiteral("s3cascade " S3C_VERSION);
        return Outcome::ExitOk;
    }

    GatewayOptions &g = o->gateway;
    if (p.isSet(port) && !parseListenAddress(p.value(port), &g.address, &g.port)) {
        *message = tr("--port: \"%1\" is not [HOST]:PORT.").arg(p.value(port));
        return Outcome::ExitError;
    }
    g.credentials.accessKey = p.isSet(access) ? p.value(access) : env.value(QStringLiteral("ROOT_ACCESS_KEY"));
    g.credentials.secretKey = p.isSet(secret) ? p.value(secret) : env.value(QStringLiteral("ROOT_SECRET_KEY"));
    if (g.credentials.accessKey.isEmpty() != g.credentials.secretKey.isEmpty()) {
        *message = tr("Give both an access key and a secret key, or neither (then they are generated).");
        return Outcome::ExitError;
    }
    o->accessGiven = g.credentials.isValid();
    if (p.isSet(region))
        g.s3.region = p.value(region);
    g.s3.virtualDomain = p.value(vdomain);
    g.s3.healthPath = p.value(health).toUtf8();
    if (!g.s3.healthPath.isEmpty() && !g.s3.healthPath.startsWith('/'))
        g.s3.healthPath.prepend('/');
    if (p.isSet(threads)) {
        bool ok = false;
        g.workerThreads = p.value(threads).toInt(&ok);
        if (!ok || g.workerThreads < 1 || g.workerThreads > GatewayOptions::kMaxWorkerThreads) {
            *message = tr("--threads must be 1 to %1.").arg(GatewayOptions::kMaxWorkerThreads);
            return Outcome::ExitError;
        }
    }
    // Connection limits and timeouts (issue #10 item 7).
    const auto intOption = [&](const QCommandLineOption &option, int min, int max, int *out) {
        if (!p.isSet(option))
            return true;
        bool ok = false;
        const int v = p.value(option).toInt(&ok);
        if (!ok || v < min || v > max) {
            *message = tr("--%1 must be %2 to %3.").arg(option.names().constFirst()).arg(min).arg(max);
            return false;
        }
        *out = v;
        return true;
    };
    int headerSeconds = g.limits.headerTimeoutMs / 1000;
    int idleSeconds = g.limits.idleTimeoutMs / 1000;
    int drainSeconds = 0;
    if (!intOption(maxConns, 1, 1000000, &g.limits.maxConnections) ||
        !intOption(maxPerClient, 0, 1000000, &g.limits.maxConnectionsPerClient) ||
        !intOption(headerTimeout, 1, 3600, &headerSeconds) || !intOption(idleTimeout, 1, 86400, &idleSeconds) ||
        !intOption(drainDelay, 0, 3600, &drainSeconds))
        return Outcome::ExitError;
    g.limits.headerTimeoutMs = headerSeconds * 1000;
    g.limits.idleTimeoutMs = idleSeconds * 1000;
    g.drainDelayMs = drainSeconds * 1000;
    if (p.isSet(admin)) {
        AdminOptions &a = g.admin;
        a.enabled = true;
        if (!parseListenAddress(p.value(admin), &a.address, &a.port)) {
            *message = tr("--admin: \"%1\" is not [HOST]:PORT.").arg(p.value(admin));
            return Outcome::ExitError;
        }
        a.authAll = p.isSet(adminAuthAll);
        // The data path's timeouts apply to the admin connections too.
        a.idleTimeoutMs = g.limits.idleTimeoutMs;
        a.requestTimeoutMs = g.limits.headerTimeoutMs;
    }
    // Overrides the stored token (a container's secret, a systemd credential).
    g.admin.token = env.value(QStringLiteral("S3CASCADE_ADMIN_TOKEN")).trimmed().toUtf8();
    for (const QString &origin : p.values(corsOrigin)) {
        // The same rule as an AllowedOrigin of PutBucketCors: printable ASCII, at most one '*'.
        const QByteArray value = origin.trimmed().toLatin1();
        if (origin.trimmed() != QString::fromLatin1(value) || !CorsXml::isValidOrigin(value)) {
            *message = tr("--cors-origin: \"%1\" is not an origin such as https://example.com (one * allowed).")
                           .arg(origin);
            return Outcome::ExitError;
        }
        g.s3.corsOrigins.append(value);
    }
    if (p.isSet(accessLog)) {
        g.accessLogPath = p.value(accessLog);
        if (g.accessLogPath.isEmpty()) {
            *message = tr("--access-log needs a file name, or - for standard output.");
            return Outcome::ExitError;
        }
    }
    g.s3.readOnly = p.isSet(readonly);
    g.s3.allowSigV2 = !p.isSet(noSigV2);
    g.s3.debug = p.isSet(debug);
    o->quiet = p.isSet(quiet);
    o->noGui = p.isSet(noGui);
    o->portGiven = p.isSet(port);
    o->configFile = p.value(config);
    o->language = p.value(lang);

    const QStringList args = p.positionalArguments();
    const QString command = args.value(0);
    if (command.isEmpty() || command == QLatin1String("posix")) {
        o->command = AppCommand::Serve;
        if (command == QLatin1String("posix")) {
            if (args.size() != 2) {
                *message = tr("posix needs exactly one directory: s3cascade [options] posix DIR");
                return Outcome::ExitError;
            }
            g.posixRoot = args.at(1);
        } else if (args.size() > 0) {
            *message = tr("Unexpected arguments: %1").arg(args.join(QLatin1Char(' ')));
            return Outcome::ExitError;
        }
        if (p.isSet(cert) != p.isSet(key)) {
            *message = tr("--cert and --key go together.");
            return Outcome::ExitError;
        }
        g.certFile = p.value(cert);
        g.keyFile = p.value(key);
    } else if (command == QLatin1String("admin-token") && args.size() == 1) {
        o->command = AppCommand::AdminToken;
    } else if (command == QLatin1String("credentials") && args.size() == 1) {
        o->command = AppCommand::Credentials;
    } else if (command == QLatin1String("presign") && args.size() == 1) {
        o->command = AppCommand::Presign;
        PresignOptions &ps = o->presign;
        ps.method = p.isSet(method) ? p.value(method).toUpper().toLatin1() : QByteArray("GET");
        ps.bucket = p.value(bucket);
        ps.key = p.value(key);
        ps.endpoint = p.value(endpoint);
        bool ok = true;
        if (p.isSet(expires))
            ps.expiresSeconds = p.value(expires).toLongLong(&ok);
        if (ps.method != "GET" && ps.method != "PUT" && ps.method != "DELETE" && ps.method != "HEAD") {
            *message = tr("--method must be GET, PUT, DELETE or HEAD.");
            return Outcome::ExitError;
        }
        if (!ok || ps.expiresSeconds < 1 || ps.expiresSeconds > 604800) {
            *message = tr("--expires must be 1 to 604800 seconds (7 days, the SigV4 maximum).");
            return Outcome::ExitError;
        }
        if (ps.bucket.isEmpty() || ps.key.isEmpty()) {
            *message = tr("presign needs --bucket and --key.");
            return Outcome::ExitError;
        }
    } else if (command == QLatin1String("s3-multi")) {
        // The parent gateway's mode: s3cascade --port :7070 s3-multi --config FILE
        o->command = AppCommand::Serve;
        if (args.size() != 1 || o->configFile.isEmpty()) {
            *message = tr("s3-multi needs --config FILE (the backends JSON).");
            return Outcome::ExitError;
        }
        g.configFile = o->configFile;
        if (p.isSet(cert) != p.isSet(key)) {
            *message = tr("--cert and --key go together.");
            return Outcome::ExitError;
        }
        g.certFile = p.value(cert);
        g.keyFile = p.value(key);
    } else {
        *message = tr("Unknown command \"%1\". Try --help.").arg(command);
        return Outcome::ExitError;
    }
    return Outcome::Run;
}

} // namespace s3c
