#pragma once

#include "stats/StatsSnapshot.h"

#include <QObject>

class QTimer;

namespace s3c {

class StatsSource;

// Takes a statistics snapshot on a timer (GUI thread, no waiting on the gateway) and hands it to
// whoever shows it: the Statistics page and the Overview's request count.
class StatsPoller : public QObject
{
    Q_OBJECT
public:
    // The issue asks for at least one refresh a second.
    static constexpr int kDefaultIntervalMs = 1000;

    explicit StatsPoller(const StatsSource *source, QObject *parent = nullptr);

    void setInterval(int ms);
    void start();
    void stop();

public slots:
    void poll();

signals:
    void updated(const s3c::StatsSnapshot &snapshot);
    void unavailable();

private:
    const StatsSource *m_source;
    QTimer *m_timer;
};

} // namespace s3c
