#pragma once

#include <QObject>

class QSocketNotifier;

namespace s3c {

// Platform seam for SIGINT/SIGTERM (POSIX: self-pipe written by the signal handler, read by a
// QSocketNotifier; Windows: console control handler). Emits shutdownRequested() in the thread
// that created it, never from inside a signal handler. With watchHangup(), SIGHUP emits
// reopenRequested() instead of ending the process (logrotate's postrotate); where there is no
// SIGHUP (Windows) watchHangup() does nothing and logs are reopened only by a restart.
class ShutdownSignals : public QObject
{
    Q_OBJECT
public:
    explicit ShutdownSignals(QObject *parent = nullptr);
    ~ShutdownSignals() override;

    void watchHangup();

signals:
    void shutdownRequested();
    void reopenRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
    bool m_hangupWatched = false;
};

} // namespace s3c
