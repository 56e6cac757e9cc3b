#include "GatewaySetup.h"

#include "config/CredentialStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace s3c {

QString GatewaySetup::defaultDataDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/data");
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
    if (options.posixRoot.isEmpty())
        options.posixRoot = defaultDataDirectory();
    if (!QDir().mkpath(options.posixRoot) || !QFileInfo(options.posixRoot).isDir()) {
        return Failure{S3Error::InternalError,
                       QCoreApplication::translate("GatewaySetup", "Cannot use %1 as the data directory.")
                           .arg(QDir::toNativeSeparators(options.posixRoot))};
    }
    options.posixRoot = QFileInfo(options.posixRoot).absoluteFilePath();
    resolved.options = options;
    return resolved;
}

} // namespace s3c
