#include "AdminToken.h"

#include "auth/CredentialGenerator.h"
#include "auth/Crypto.h"
#include "config/CredentialStore.h"
#include "config/PrivateFiles.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <filesystem>
#include <system_error>

namespace s3c {

Q_LOGGING_CATEGORY(lcAdminToken, "s3c.admin")

namespace {
constexpr int kTokenLength = 64;
constexpr QByteArrayView kHexDigits = "0123456789abcdef";
} // namespace

QString AdminToken::defaultPath()
{
    return QFileInfo(CredentialStore::defaultPath()).absolutePath() + QStringLiteral("/admin-token");
}

Result<QByteArray> AdminToken::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QByteArray();
    QString why;
    switch (PrivateFiles::check(path, &why)) {
    case PrivateFiles::Trust::Unsafe:
        return Failure{S3Error::InternalError, why};
    case PrivateFiles::Trust::ReadableByOthers:
        qCWarning(lcAdminToken).noquote() << why;
        break;
    case PrivateFiles::Trust::Private:
        break;
    }
    if (!file.open(QIODevice::ReadOnly))
        return Failure{S3Error::InternalError,
                       QStringLiteral("Cannot read %1: %2").arg(path, file.errorString())};
    return file.read(4096).trimmed();
}

Result<QByteArray> AdminToken::loadOrCreate(bool *generated, const QString &path)
{
    *generated = false;
    auto loaded = load(path);
    if (!loaded || !loaded->isEmpty())
        return loaded;
    auto fresh = CredentialGenerator::randomString(kTokenLength, kHexDigits);
    if (!fresh)
        return fresh.failure();
    const QByteArray token = fresh->toLatin1();
    const QFileInfo info(path);
    if (!PrivateFiles::makeFolder(info.absolutePath()))
        return Failure{S3Error::InternalError, QStringLiteral("Cannot create %1").arg(info.absolutePath())};
    const QString temp = path + QStringLiteral(".tmp");
    QFile::remove(temp);
    QFile file(temp);
    // Owner-only from the first byte, as credentials.json: no window where others can read it.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return Failure{S3Error::InternalError,
                       QStringLiteral("Cannot write %1: %2").arg(temp, file.errorString())};
    const QByteArray data = token + '\n';
    if (file.write(data) != data.size() || !file.flush()) {
        file.remove();
        return Failure{S3Error::InternalError,
                       QStringLiteral("Cannot write %1: %2").arg(temp, file.errorString())};
    }
    file.close();
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(temp.toStdU16String()),
                            std::filesystem::path(path.toStdU16String()), ec);
    if (ec) {
        QFile::remove(temp);
        return Failure{
            S3Error::InternalError,
            QStringLiteral("Cannot replace %1: %2").arg(path, QString::fromStdString(ec.message()))};
    }
    *generated = true;
    return token;
}

bool AdminToken::matches(const QByteArray &expected, const QByteArray &given)
{
    // An empty expected token would let an empty guess in: never.
    return !expected.isEmpty() && Crypto::constantTimeEquals(expected, given);
}

} // namespace s3c
