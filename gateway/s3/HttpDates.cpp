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

// Every Contents of a listing carries one: formatted from the epoch milliseconds directly (days
// to a civil date as in H. Hinnant's "chrono-compatible low-level date algorithms") instead of
// QDateTime::toString's format-string interpretation. Years outside 1..9999 keep Qt's way.
QString formatIso8601(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    const qint64 ms = utc.toMSecsSinceEpoch();
    const qint64 msOfDay = ((ms % 86400000) + 86400000) % 86400000;
    const auto [year, month, day] = HttpDate::civilFromDays((ms - msOfDay) / 86400000);
    if (year < 1 || year > 9999)
        return utc.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
    char out[24];
    const auto put = [&out](int at, qint64 value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            out[at + i] = char('0' + value % 10);
    };
    put(0, year, 4);
    out[4] = '-';
    put(5, month, 2);
    out[7] = '-';
    put(8, day, 2);
    out[10] = 'T';
    put(11, msOfDay / 3600000, 2);
    out[13] = ':';
    put(14, msOfDay / 60000 % 60, 2);
    out[16] = ':';
    put(17, msOfDay / 1000 % 60, 2);
    out[19] = '.';
    put(20, msOfDay % 1000, 3);
    out[23] = 'Z';
    return QString::fromLatin1(out, 24);
}

} // namespace s3c
