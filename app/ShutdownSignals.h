#pragma once

#include <QObject>

class QSocketNotifier;

namespace s3c {

// Platform seam for SIGINT/SIGTERM (POSIX: self-pipe written by the signal handler, read by a
// QSocketNotifier; Windows: console control handler). Emits shutdownRequested() in the thread
// that created it, never from inside a signal handler.
class ShutdownSignals : public QObject
{
    Q_OBJECT
public:
    explicit ShutdownSignals(QObject *parent = nullptr);
    ~ShutdownSignals() override;

signals:
    void shutdownRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace s3c
