#include "HttpDates.h"

#include "http/HttpDate.h"

#include <QLocale>
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
    const QString text = QString::fromLatin1(value.trimmed()).simplified();
    static const char *const formats[] = {
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'", // IMF-fixdate
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'",  // RFC 850
        "ddd MMM d HH:mm:ss yyyy",         // asctime (after simplified(): one space)
    };
    for (const char *format : formats) {
        QDateTime dt = QLocale::c().toDateTime(text, QString::fromLatin1(format));
        if (dt.isValid()) {
            dt.setTimeZone(QTimeZone::utc());
            if (dt.date().year() < 100) // RFC 850 two-digit years: RFC 9110 says interpret within 50 years
                dt = dt.addYears(dt.date().year() < 70 ? 2000 : 1900);
            return dt;
        }
    }
    return std::nullopt;
}

QString formatIso8601(const QDateTime &utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

} // namespace s3c
