#include "ProcessMetrics.h"

#include <QDir>
#include <QFile>
#include <QList>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace s3c {

namespace {

QByteArray readSmallFile(const char *path)
{
    QFile file(QString::fromLatin1(path));
    if (!file.open(QIODevice::ReadOnly)) // /proc files are not seekable and report size 0
        return {};
    return file.read(64 * 1024);
}

} // namespace

ProcessMetrics ProcessMetrics::read()
{
    ProcessMetrics m;
#if defined(Q_OS_LINUX)
    const double ticks = double(sysconf(_SC_CLK_TCK));
    const double pageSize = double(sysconf(_SC_PAGESIZE));
    // proc(5): the command name (field 2) may contain spaces and parentheses; fields after the
    // last ')' are plain numbers. utime 14, stime 15, starttime 22, vsize 23, rss 24 (1-based).
    const QByteArray stat = readSmallFile("/proc/self/stat");
    const qsizetype close = stat.lastIndexOf(')');
    if (close > 0) {
        const QList<QByteArray> f = stat.mid(close + 2).split(' '); // f[0] is field 3
        if (f.size() > 21) {
            m.cpuSeconds = (f[11].toDouble() + f[12].toDouble()) / ticks;
            m.virtualBytes = f[20].toLongLong();
            m.residentBytes = qint64(f[21].toDouble() * pageSize);
            // starttime is in ticks since boot: add the boot time from /proc/stat's btime.
            const QByteArray procStat = readSmallFile("/proc/stat");
            for (const QByteArray &line : procStat.split('\n')) {
                if (line.startsWith("btime ")) {
                    m.startTimeSeconds = line.mid(6).trimmed().toDouble() + f[19].toDouble() / ticks;
                    break;
                }
            }
        }
    }
    m.openFds = QDir(QStringLiteral("/proc/self/fd"))
                    .entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)
                    .size();
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0)
        m.maxFds = qint64(limit.rlim_cur);
#endif
    return m;
}

} // namespace s3c
