#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

#include <optional>

namespace s3c {

// The Date header value in IMF-fixdate form (RFC 9110 section 5.6.7), "Sun, 06 Nov 1994
// 08:49:37 GMT". Formatting is cached per second and per thread: every response needs it.
class HttpDate
{
public:
    static QByteArray now();
    static QByteArray format(qint64 secsSinceEpoch);
    // Seconds since the epoch for an IMF-fixdate, or the obsolete RFC 850 and asctime forms
    // that RFC 9110 section 5.6.7 says recipients must accept; nullopt for anything else.
    // By hand: QLocale's parser reads the time zone database on every call, and backends send
    // a Last-Modified with every answer.
    static std::optional<qint64> parse(QByteArrayView text);

    // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days): integer
    // arithmetic for the dates every answer and every listing entry carries.
    struct Civil
    {
        qint64 year;
        int month; // 1..12
        int day;   // 1..31
    };
    static Civil civilFromDays(qint64 days);
};

} // namespace s3c
