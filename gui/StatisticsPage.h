#pragma once

#include "ReadsHistory.h"
#include "stats/StatsSnapshot.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace s3c {

class BackendStatsModel;
class ReadsChart;
class RecentRequestsModel;

// Where reads are served from: per-backend counters, a chart of reads per backend over the last
// five minutes, and the recent requests with a filter. Fed by a StatsPoller.
class StatisticsPage : public QWidget
{
    Q_OBJECT
public:
    explicit StatisticsPage(QWidget *parent = nullptr);

    BackendStatsModel *backendModel() const { return m_backends; }
    RecentRequestsModel *recentModel() const { return m_recent; }
    const ReadsHistory &history() const { return m_history; }
    int visibleRecentRows() const;

public slots:
    void showSnapshot(const s3c::StatsSnapshot &snapshot);
    void showUnavailable();

private:
    BackendStatsModel *m_backends;
    RecentRequestsModel *m_recent;
    QSortFilterProxyModel *m_recentFilter;
    ReadsHistory m_history;
    QLabel *m_state = nullptr;
    QLabel *m_promotion = nullptr; // copy-on-read, shown when it is on
    QTableView *m_backendView = nullptr;
    ReadsChart *m_chart = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_recentView = nullptr;
};

} // namespace s3c
