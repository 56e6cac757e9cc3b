#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace s3c {

// RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (Last-Modified, Expires).
QByteArray formatHttpDate(const QDateTime &utc);
// Accepts IMF-fixdate, the obsolete RFC 850 and asctime forms (RFC 9110 5.6.7 says recipients must).
std::optional<QDateTime> parseHttpDate(const QByteArray &value);
// S3's XML timestamps: "2009-10-12T17:50:30.000Z".
QString formatIso8601(const QDateTime &utc);

} // namespace s3c
