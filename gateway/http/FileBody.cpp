#include "FileBody.h"

#include <QtGlobal>

#if defined(Q_OS_UNIX)
#include <cerrno>
#include <unistd.h>
#elif defined(Q_OS_WIN)
#include <io.h>
#endif

namespace s3c {

FileBody::FileBody(int fd, qint64 size, QObject *parent) : QIODevice(parent), m_fd(fd), m_size(size)
{
    // Unbuffered: callers read whole spans, QIODevice's buffer would only add a copy.
    QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

FileBody::~FileBody()
{
    if (m_fd >= 0) {
#if defined(Q_OS_WIN)
        ::_close(m_fd);
#else
        ::close(m_fd);
#endif
    }
}

qint64 FileBody::readData(char *data, qint64 maxSize)
{
    const qint64 want = qMin(maxSize, m_size - pos());
    if (want <= 0)
        return 0;
#if defined(Q_OS_UNIX)
    ssize_t n;
    do {
        n = ::pread(m_fd, data, size_t(want), off_t(pos()));
    } while (n < 0 && errno == EINTR);
    return n;
#elif defined(Q_OS_WIN)
    if (::_lseeki64(m_fd, pos(), SEEK_SET) < 0)
        return -1;
    return ::_read(m_fd, data, unsigned(qMin<qint64>(want, 1 << 30)));
#else
    Q_UNUSED(data);
    return -1;
#endif
}

qint64 FileBody::writeData(const char *, qint64)
{
    return -1;
}

} // namespace s3c
