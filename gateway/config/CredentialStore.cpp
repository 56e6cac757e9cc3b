#include "CredentialStore.h"

#include "auth/CredentialGenerator.h"
#include "PrivateFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <filesystem>
#include <system_error>

namespace s3c {

Q_LOGGING_CATEGORY(lcCredentials, "s3c.config")

CredentialStore::CredentialStore(const QString &path) : m_path(path) {}

QString CredentialStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/credentials.json");
}

Result<Credentials> CredentialStore::load() const
{
    QFile file(m_path);
    if (!file.exists())
        return Credentials{};
    QString why;
    switch (trust(&why)) {
    case PrivateFiles::Trust::Unsafe:
        return Failure{S3Error::InternalError, why};
    case PrivateFiles::Trust::ReadableByOthers:
        qCWarning(lcCredentials).noquote() << why;
        break;
    case PrivateFiles::Trust::Private:
        break;
    }
    if (!file.open(QIODevice::ReadOnly))
        return Failure{S3Error::InternalError, QStringLiteral("Cannot read %1: %2").arg(m_path, file.errorString())};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        return Failure{S3Error::InternalError, QStringLiteral("%1 is not valid JSON: %2").arg(m_path, error.errorString())};
    const QJsonObject o = doc.object();
    return Credentials{o.value(QStringLiteral("accessKey")).toString(), o.value(QStringLiteral("secretKey")).toString()};
}

PrivateFiles::Trust CredentialStore::trust(QString *why) const
{
    return PrivateFiles::check(m_path, why);
}

Status CredentialStore::save(const Credentials &credentials) const
{
    const QFileInfo info(m_path);
    if (!PrivateFiles::makeFolder(info.absolutePath()))
        return Failure{S3Error::InternalError, QStringLiteral("Cannot create %1").arg(info.absolutePath())};
    const QString temp = m_path + QStringLiteral(".tmp");
    QFile::remove(temp);
    QFile file(temp);
    // Created with owner-only permissions from the first byte: no window where others can read it.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return Failure{S3Error::InternalError, QStringLiteral("Cannot write %1: %2").arg(temp, file.errorString())};
    QJsonObject o;
    o.insert(QStringLiteral("accessKey"), credentials.accessKey);
    o.insert(QStringLiteral("secretKey"), credentials.secretKey);
    const QByteArray data = QJsonDocument(o).toJson();
    if (file.write(data) != data.size() || !file.flush()) {
        file.remove();
        return Failure{S3Error::InternalError, QStringLiteral("Cannot write %1: %2").arg(temp, file.errorString())};
    }
    file.close();
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(temp.toStdU16String()), std::filesystem::path(m_path.toStdU16String()), ec);
    if (ec) {
        QFile::remove(temp);
        return Failure{S3Error::InternalError, QStringLiteral("Cannot replace %1: %2").arg(m_path, QString::fromStdString(ec.message()))};
    }
    return Done{};
}

Result<Credentials> CredentialStore::loadOrCreate(bool *generated) const
{
    *generated = false;
    auto loaded = load();
    if (!loaded || loaded->isValid())
        return loaded;
    auto fresh = CredentialGenerator::generate();
    if (!fresh)
        return fresh;
    if (auto saved = save(fresh.value()); !saved)
        return saved.failure();
    *generated = true;
    return fresh;
}

} // namespace s3c
