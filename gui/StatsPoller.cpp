#include "StatsPoller.h"

#include "StatsSource.h"

#include <QTimer>

namespace s3c {

StatsPoller::StatsPoller(const StatsSource *source, QObject *parent)
    : QObject(parent), m_source(source), m_timer(new QTimer(this))
{
    m_timer->setInterval(kDefaultIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &StatsPoller::poll);
}

void StatsPoller::setInterval(int ms)
{
    m_timer->setInterval(ms);
}

void StatsPoller::start()
{
    m_timer->start();
    poll();
}

void StatsPoller::stop()
{
    m_timer->stop();
}

void StatsPoller::poll()
{
    const std::optional<StatsSnapshot> snapshot = m_source ? m_source->statsSnapshot() : std::nullopt;
    if (snapshot)
        emit updated(*snapshot);
    else
        emit unavailable();
}

} // namespace s3c
