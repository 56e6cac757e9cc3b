#include "ShutdownSignals.h"

#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#elif defined(Q_OS_WIN)
#include <QMetaObject>
#include <windows.h>
#endif

namespace s3c {

#ifdef Q_OS_UNIX
namespace {
int g_pipe[2] = {-1, -1};

constexpr char kShutdownByte = 1;
constexpr char kHangupByte = 2;

void onSignal(int signal)
{
    const char byte = signal == SIGHUP ? kHangupByte : kShutdownByte;
    // write(2) is async-signal-safe; a full pipe just means a request of that kind is pending.
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[0], &byte, 1);
}
} // namespace

ShutdownSignals::ShutdownSignals(QObject *parent) : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe) != 0)
        return;
    m_notifier = new QSocketNotifier(g_pipe[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        if (::read(g_pipe[1], &byte, 1) != 1)
            return;
        if (byte == kHangupByte)
            emit reopenRequested();
        else
            emit shutdownRequested();
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    // A client vanishing mid-write must not kill the process.
    ::signal(SIGPIPE, SIG_IGN);
}

void ShutdownSignals::watchHangup()
{
    if (!m_notifier)
        return;
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGHUP, &sa, nullptr);
    m_hangupWatched = true;
}

ShutdownSignals::~ShutdownSignals()
{
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    if (m_hangupWatched)
        ::signal(SIGHUP, SIG_DFL);
}
#elif defined(Q_OS_WIN)
namespace {
ShutdownSignals *g_instance = nullptr;

BOOL WINAPI onConsoleEvent(DWORD)
{
    if (g_instance)
        QMetaObject::invokeMethod(g_instance, &ShutdownSignals::shutdownRequested, Qt::QueuedConnection);
    return TRUE;
}
} // namespace

ShutdownSignals::ShutdownSignals(QObject *parent) : QObject(parent)
{
    g_instance = this;
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

ShutdownSignals::~ShutdownSignals()
{
    SetConsoleCtrlHandler(onConsoleEvent, FALSE);
    g_instance = nullptr;
}

void ShutdownSignals::watchHangup() {}
#else
ShutdownSignals::ShutdownSignals(QObject *parent) : QObject(parent) {}
ShutdownSignals::~ShutdownSignals() = default;
void ShutdownSignals::watchHangup() {}
#endif

} // namespace s3c
