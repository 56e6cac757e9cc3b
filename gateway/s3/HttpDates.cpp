#include "HttpDates.h"

#include "http/HttpDate.h"

#include <QTimeZone>

namespace s3c {

QByteArray formatHttpDate(const QDateTime &utc)
{
    // The HTTP layer's formatter: fixed English names without a QLocale pass (Last-Modified is
    // on every GET and HEAD).
    return HttpDate::format(utc.toSecsSinceEpoch());
}

std::optional<QDateTime> parseHttpDate(const QByteArray &value)
{
    if (const std::optional<qint64> secs = HttpDate::parse(value))
        return QDateTime::fromSecsSinceEpoch(*secs, Qt::UTC);
    return std::nullopt;
}

QString formatIso8601(const QDateTime &utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

} // namespace s3c
