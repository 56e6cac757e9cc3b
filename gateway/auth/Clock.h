#pragma once

#include <QDateTime>

namespace s3c {

// Seam for time (style.md #7): tests inject a fixed or moving clock for skew and expiry.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const { return QDateTime::currentDateTimeUtc(); }
};

} // namespace s3c
