#include "BucketNames.h"

#include <QStringList>

#include <algorithm>

namespace s3c {

bool BucketNames::isValidForCreate(const QString &name)
{
    if (name.size() < 3 || name.size() > 63)
        return false;
    for (const QChar c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
                        || c == QLatin1Char('.') || c == QLatin1Char('-');
        if (!ok)
            return false;
    }
    auto alnum = [](QChar c) { return c.isDigit() || (c >= QLatin1Char('a') && c <= QLatin1Char('z')); };
    if (!alnum(name.front()) || !alnum(name.back()))
        return false;
    if (name.contains(QLatin1String("..")))
        return false;
    // "Must not be formatted as an IP address (for example, 192.168.5.4)": four dotted numbers.
    // (QHostAddress would also take "123" as 0.0.0.123, a valid bucket name.)
    const QStringList parts = name.split(QLatin1Char('.'));
    if (parts.size() == 4 && std::all_of(parts.begin(), parts.end(), [](const QString &p) {
            bool ok = false;
            return p.toInt(&ok) <= 255 && ok;
        }))
        return false;
    if (name.startsWith(QLatin1String("xn--")) || name.startsWith(QLatin1String("sthree-")))
        return false;
    if (name.endsWith(QLatin1String("-s3alias")) || name.endsWith(QLatin1String("--ol-s3")))
        return false;
    return true;
}

bool BucketNames::isPlausible(const QString &name)
{
    return !name.isEmpty() && name.size() <= 255 && !name.startsWith(QLatin1Char('.'))
           && !name.contains(QLatin1Char('/')) && !name.contains(QLatin1Char('\\')) && !name.contains(QChar(0));
}

} // namespace s3c
