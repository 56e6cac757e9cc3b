#include "HttpDate.h"

#include <QDateTime>

namespace s3c {

QByteArray HttpDate::format(qint64 secsSinceEpoch)
{
    // Fixed English names: RFC 9110 dates are never localised.
    static const char *const kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime t = QDateTime::fromSecsSinceEpoch(secsSinceEpoch, Qt::UTC);
    const QDate d = t.date();
    const QTime tm = t.time();
    char buf[40];
    const int n = qsnprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[d.dayOfWeek() - 1],
                            d.day(), kMonths[d.month() - 1], d.year(), tm.hour(), tm.minute(), tm.second());
    return QByteArray(buf, n);
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

} // namespace s3c
