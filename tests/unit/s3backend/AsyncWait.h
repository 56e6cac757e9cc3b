#pragma once

#include "base/Result.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>

#include <optional>

namespace s3c::test {

// Runs one asynchronous Backend call and waits for its callback, with a deadline: the event
// loop runs meanwhile (no sleep). A missing callback is a test failure, reported as an error.
template <class T, class Start> Result<T> await(Start &&start, int timeoutMs = 30000)
{
    std::optional<Result<T>> out;
    start([&out](Result<T> r) { out.emplace(std::move(r)); });
    const QDeadlineTimer deadline(timeoutMs);
    while (!out && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    if (!out)
        return Failure{S3Error::InternalError, QStringLiteral("test: no callback within the deadline")};
    return std::move(*out);
}

// Peak resident set of this process in KiB (VmHWM), and a reset of that peak (clear_refs 5).
inline qint64 peakRssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

inline qint64 rssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

inline bool resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

} // namespace s3c::test
