#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace s3c {

// The Date header value in IMF-fixdate form (RFC 9110 section 5.6.7), "Sun, 06 Nov 1994
// 08:49:37 GMT". Formatting is cached per second and per thread: every response needs it.
class HttpDate
{
public:
    static QByteArray now();
    static QByteArray format(qint64 secsSinceEpoch);
};

} // namespace s3c
