#include "PlatformSocket.h"

#include <QtGlobal>

#if defined(Q_OS_LINUX) && !defined(S3C_PORTABLE)
#include <cerrno>
#include <csignal>
#include <ctime>
#include <pthread.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>
#elif defined(Q_OS_UNIX)
#include <sys/socket.h>
#include <unistd.h>
#elif defined(Q_OS_WIN)
#include <winsock2.h>
#endif

namespace s3c {

bool PlatformSocket::sendFileAvailable()
{
#if defined(Q_OS_LINUX) && !defined(S3C_PORTABLE)
    static const bool enabled = qEnvironmentVariableIntValue("S3C_HTTP_NO_SENDFILE") == 0;
    return enabled;
#else
    return false;
#endif
}

PlatformSocket::SendResult PlatformSocket::sendFile(qintptr socket, int fileFd, qint64 offset, qint64 count)
{
    SendResult result;
#if defined(Q_OS_LINUX) && !defined(S3C_PORTABLE)
    // sendfile(2) has no MSG_NOSIGNAL and Qt does not ignore SIGPIPE: block it in this thread and
    // swallow the one a write to a reset connection raises (it is thread-directed).
    sigset_t pipeSet;
    sigset_t oldSet;
    sigemptyset(&pipeSet);
    sigaddset(&pipeSet, SIGPIPE);
    sigset_t pendingBefore;
    sigpending(&pendingBefore);
    const bool wasPending = sigismember(&pendingBefore, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipeSet, &oldSet);

    off_t off = static_cast<off_t>(offset);
    const size_t want = static_cast<size_t>(qMin<qint64>(count, 1 << 30));
    ssize_t n;
    do {
        n = ::sendfile(static_cast<int>(socket), fileFd, &off, want);
    } while (n < 0 && errno == EINTR);
    const int err = errno;

    if (n < 0 && err == EPIPE && !wasPending) {
        const timespec zero{0, 0};
        while (sigtimedwait(&pipeSet, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &oldSet, nullptr);

    if (n > 0) {
        result.status = SendStatus::Sent;
        result.bytes = n;
    } else if (n < 0 && (err == EAGAIN || err == EWOULDBLOCK)) {
        result.status = SendStatus::WouldBlock;
    } else {
        // n == 0: the file ended before count bytes (truncated under us).
        result.status = SendStatus::Failed;
        result.error = n == 0 ? 0 : err;
    }
#else
    Q_UNUSED(socket);
    Q_UNUSED(fileFd);
    Q_UNUSED(offset);
    Q_UNUSED(count);
#endif
    return result;
}

bool PlatformSocket::shutdownWrite(qintptr socket)
{
#if defined(Q_OS_UNIX)
    return ::shutdown(static_cast<int>(socket), SHUT_WR) == 0;
#elif defined(Q_OS_WIN)
    return ::shutdown(static_cast<SOCKET>(socket), SD_SEND) == 0;
#else
    Q_UNUSED(socket);
    return false;
#endif
}

void PlatformSocket::closeDescriptor(qintptr socket)
{
#if defined(Q_OS_UNIX)
    ::close(static_cast<int>(socket));
#elif defined(Q_OS_WIN)
    ::closesocket(static_cast<SOCKET>(socket));
#else
    Q_UNUSED(socket);
#endif
}

} // namespace s3c
