#pragma once

#include <QChartView>
#include <QList>

class QLineSeries;
class QValueAxis;

namespace s3c {

class ReadsHistory;

// Qt Charts line chart of reads served per second by each backend over the history's window
// (x: seconds before now, y: reads/s). One series per backend, rebuilt when the set changes.
class ReadsChart : public QChartView
{
    Q_OBJECT
public:
    explicit ReadsChart(QWidget *parent = nullptr);

    void setHistory(const ReadsHistory &history);
    int seriesCount() const { return int(m_series.size()); }

private:
    QList<QLineSeries *> m_series;
    QValueAxis *m_x;
    QValueAxis *m_y;
};

} // namespace s3c
