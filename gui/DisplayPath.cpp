#include "DisplayPath.h"

#include <QDir>

namespace s3c {

QString DisplayPath::of(const QString &path)
{
    const QString home = QDir::cleanPath(QDir::homePath());
    const QString clean = QDir::cleanPath(path);
    // "/home/ann2" is not inside "/home/ann"; a home of "/" would turn every path into "~".
    const bool inHome = home.size() > 1 && (clean == home || clean.startsWith(home + QLatin1Char('/')));
    return QDir::toNativeSeparators(inHome ? QLatin1Char('~') + clean.mid(home.size()) : path);
}

QString DisplayPath::inText(const QString &text)
{
    const QString home = QDir::cleanPath(QDir::homePath());
    if (home.size() <= 1 || !text.contains(home))
        return text;
    QString out = text;
    // Only where a path continues after the home folder: "/home/ann/x", not "/home/ann2".
    out.replace(home + QLatin1Char('/'), QStringLiteral("~/"));
    return out;
}

} // namespace s3c
