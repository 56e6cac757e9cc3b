#include "GatewaySetup.h"

#include "admin/AdminToken.h"

#include "config/CredentialStore.h"
#include "config/PrivateFiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace s3c {

QString GatewaySetup::defaultDataDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/data");
}

QString GatewaySetup::savedConfigPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/backends.json");
}

BackendsConfig GatewaySetup::localDirectoryConfig(const QString &root)
{
    BackendConfig local;
    local.type = BackendConfig::Type::Posix;
    local.name = QStringLiteral("local");
    local.path = root;
    BackendsConfig config;
    config.backends.append(local);
    return config;
}

Result<GatewaySetup::Resolved> GatewaySetup::resolve(GatewayOptions options, bool keysGiven,
                                                     const CredentialStore &store)
{
    Resolved resolved;
    if (!keysGiven) {
        auto credentials = store.loadOrCreate(&resolved.credentialsGenerated);
        if (!credentials)
            return credentials.failure();
        options.credentials = credentials.value();
        resolved.credentialsPath = store.path();
    }

    QString configFile = options.configFile;
    if (configFile.isEmpty() && options.posixRoot.isEmpty() && options.backends.backends.isEmpty()
        && QFileInfo::exists(savedConfigPath()))
        configFile = savedConfigPath();
    if (!configFile.isEmpty()) {
        auto config = BackendsConfig::load(configFile, QProcessEnvironment::systemEnvironment(), &resolved.warnings);
        if (!config) {
            return Failure{S3Error::InternalError, QCoreApplication::translate("GatewaySetup", "%1: %2")
                                                       .arg(QDir::toNativeSeparators(configFile), config.failure().text())};
        }
        options.backends = config.value();
        options.configFile = configFile;
        resolved.servedDescription = QCoreApplication::translate("GatewaySetup", "%1 (%n backend(s))", nullptr,
                                                                 int(options.backends.backends.size()))
                                         .arg(QDir::toNativeSeparators(configFile));
    } else if (options.backends.backends.isEmpty()) {
        if (options.posixRoot.isEmpty())
            options.posixRoot = defaultDataDirectory();
        // The objects are the user's data: folders created here are 0700 whatever the umask.
        if (!PrivateFiles::makeFolder(options.posixRoot)) {
            return Failure{S3Error::InternalError,
                           QCoreApplication::translate("GatewaySetup", "Cannot use %1 as the data directory.")
                               .arg(QDir::toNativeSeparators(options.posixRoot))};
        }
        options.posixRoot = QFileInfo(options.posixRoot).absoluteFilePath();
        options.backends = localDirectoryConfig(options.posixRoot);
        resolved.servedDescription = QDir::toNativeSeparators(options.posixRoot);
    }
    if (options.admin.enabled && options.admin.token.isEmpty()) {
        // Beside the keys it guards the same way (0600), kept across restarts.
        const QString tokenPath = QFileInfo(store.path()).absolutePath() + QStringLiteral("/admin-token");
        bool generated = false;
        auto token = AdminToken::loadOrCreate(&generated, tokenPath);
        if (!token)
            return token.failure();
        options.admin.token = token.value();
        resolved.adminTokenPath = tokenPath;
    }
    resolved.options = options;
    return resolved;
}

} // namespace s3c
