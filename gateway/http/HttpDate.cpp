#include "HttpDate.h"

#include <QDate>
#include <QDateTime>

#include <cstring>

namespace s3c {

namespace {

// Digits only, exactly `text.size()` of them; -1 otherwise.
int number(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 4)
        return -1;
    int n = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

int month(QByteArrayView text)
{
    static const char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (text.size() != 3)
        return -1;
    for (int i = 0; i < 12; ++i) {
        if (std::memcmp(kMonths + 3 * i, text.data(), 3) == 0)
            return i + 1;
    }
    return -1;
}

bool isWeekday(QByteArrayView text)
{
    static const char *const kNames[] = {"Mon",      "Tue",    "Wed",      "Thu",     "Fri",
                                         "Sat",      "Sun",    "Monday",   "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday", "Sunday"};
    for (const char *name : kNames) {
        if (text == QByteArrayView(name))
            return true;
    }
    return false;
}

} // namespace

QByteArray HttpDate::format(qint64 secsSinceEpoch)
{
    // Fixed English names: RFC 9110 dates are never localised.
    static const char *const kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    // Integer calendar arithmetic (H. Hinnant's civil_from_days) and digits written by hand:
    // Last-Modified is formatted on every GET and HEAD (issue #12), QDateTime and printf cost
    // more than the rest of the head.
    qint64 days = secsSinceEpoch / 86400;
    qint64 rem = secsSinceEpoch % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    const int weekday = int(((days % 7) + 7 + 3) % 7); // 1970-01-01 was a Thursday (index 3)
    const auto [year, month, day] = civilFromDays(days);
    if (year < 0 || year > 9999)
        return QByteArray(); // not representable in an IMF-fixdate
    const int hour = int(rem / 3600), minute = int(rem / 60 % 60), second = int(rem % 60);
    QByteArray out(29, Qt::Uninitialized); // "Sun, 06 Nov 1994 08:49:37 GMT"
    char *p = out.data();
    const auto two = [&p](int v) {
        *p++ = char('0' + v / 10);
        *p++ = char('0' + v % 10);
    };
    std::memcpy(p, kDays[weekday], 3);
    p += 3;
    *p++ = ',';
    *p++ = ' ';
    two(day);
    *p++ = ' ';
    std::memcpy(p, kMonths[month - 1], 3);
    p += 3;
    *p++ = ' ';
    two(int(year / 100));
    two(int(year % 100));
    *p++ = ' ';
    two(hour);
    *p++ = ':';
    two(minute);
    *p++ = ':';
    two(second);
    std::memcpy(p, " GMT", 4);
    return out;
}

HttpDate::Civil HttpDate::civilFromDays(qint64 days)
{
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    return Civil{yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

QByteArray HttpDate::now()
{
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached;
    const qint64 s = QDateTime::currentSecsSinceEpoch();
    if (s != cachedSecond) {
        cached = format(s);
        cachedSecond = s;
    }
    return cached;
}

std::optional<qint64> HttpDate::parse(QByteArrayView text)
{
    // Split on spaces, and on the comma and dashes of the two comma forms:
    //   IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT"   RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT"
    //   asctime     "Sun Nov  6 08:49:37 1994"
    QByteArrayView tokens[7];
    int count = 0;
    const bool commaForm = text.contains(',');
    qsizetype i = 0;
    const auto separator = [&](char c) {
        return c == ' ' || c == '\t' || (commaForm && (c == ',' || c == '-'));
    };
    while (i < text.size()) {
        while (i < text.size() && separator(text[i]))
            ++i;
        const qsizetype start = i;
        while (i < text.size() && !separator(text[i]))
            ++i;
        if (i > start) {
            if (count == 7)
                return std::nullopt;
            tokens[count++] = text.sliced(start, i - start);
        }
    }
    int day = -1, mon = -1, year = -1;
    QByteArrayView clock;
    if (commaForm && count == 6 && tokens[5] == "GMT") {
        day = tokens[1].size() == 2 ? number(tokens[1]) : -1;
        mon = month(tokens[2]);
        year = number(tokens[3]);
        if (tokens[3].size() == 2 && year >= 0) // RFC 850: a two-digit year
            year += year < 70 ? 2000 : 1900;
        else if (tokens[3].size() != 4)
            return std::nullopt;
        clock = tokens[4];
    } else if (!commaForm && count == 5) {
        mon = month(tokens[1]);
        day = number(tokens[2]);
        clock = tokens[3];
        year = tokens[4].size() == 4 ? number(tokens[4]) : -1;
    } else {
        return std::nullopt;
    }
    if (!isWeekday(tokens[0]) || day < 1 || mon < 1 || year < 0 || clock.size() != 8 || clock[2] != ':' ||
        clock[5] != ':')
        return std::nullopt;
    const int h = number(clock.sliced(0, 2)), m = number(clock.sliced(3, 2)),
              sec = number(clock.sliced(6, 2));
    const QDate date(year, mon, day);
    if (!date.isValid() || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
        return std::nullopt;
    constexpr qint64 kEpochJulianDay = 2440588; // 1970-01-01
    return (date.toJulianDay() - kEpochJulianDay) * 86400 + h * 3600 + m * 60 + qMin(sec, 59);
}

} // namespace s3c
