#include "PrivateFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace s3c {

#ifdef Q_OS_UNIX

bool PrivateFiles::makeFolder(const QString &path)
{
    // mkdir(2) applies the umask to the mode it is given, so each folder we create is chmod-ed
    // right after: under `umask 000` a plain mkpath() would leave it world-writable.
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList missing;
    for (QString p = absolute; !QFileInfo::exists(p); p = QFileInfo(p).path()) {
        missing.prepend(p);
        if (p == QFileInfo(p).path())
            break; // the root
    }
    for (const QString &p : std::as_const(missing)) {
        const QByteArray native = QFile::encodeName(p);
        if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST)
            return false;
        if (::chmod(native.constData(), 0700) != 0)
            return false;
    }
    return QFileInfo(absolute).isDir();
}

bool PrivateFiles::restrictFile(const QString &path)
{
    return ::chmod(QFile::encodeName(path).constData(), 0600) == 0;
}

PrivateFiles::Trust PrivateFiles::check(const QString &path, QString *why)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return Trust::Private; // absent: nothing to trust yet; reading it reports the real error
    const QString file = QDir::toNativeSeparators(path);
    // OpenSSH's rule for private keys (sshkey_perm_ok, "UNPROTECTED PRIVATE KEY FILE"): a file
    // someone else owns or may write can hold keys chosen by an attacker.
    if (st.st_uid != ::geteuid()) {
        *why = QStringLiteral("%1 is owned by another user (uid %2); it must belong to you: "
                              "chown %3 %1 && chmod 600 %1")
                   .arg(file)
                   .arg(st.st_uid)
                   .arg(::geteuid());
        return Trust::Unsafe;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        *why = QStringLiteral("%1 can be changed by other users (mode %2); fix it with: chmod 600 %1")
                   .arg(file)
                   .arg(st.st_mode & 0777, 3, 8, QLatin1Char('0'));
        return Trust::Unsafe;
    }
    if (st.st_mode & (S_IRGRP | S_IROTH)) {
        *why = QStringLiteral("%1 can be read by other users (mode %2); fix it with: chmod 600 %1")
                   .arg(file)
                   .arg(st.st_mode & 0777, 3, 8, QLatin1Char('0'));
        return Trust::ReadableByOthers;
    }
    return Trust::Private;
}

#else // Portable fallback (Windows): per-user profile folders are private by their ACLs.

bool PrivateFiles::makeFolder(const QString &path)
{
    return QDir().mkpath(path) && QFileInfo(path).isDir();
}

bool PrivateFiles::restrictFile(const QString &path)
{
    return QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

PrivateFiles::Trust PrivateFiles::check(const QString &, QString *)
{
    return Trust::Private;
}

#endif

} // namespace s3c
