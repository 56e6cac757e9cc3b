#include "ReadsChart.h"

#include "ReadsHistory.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

namespace s3c {

ReadsChart::ReadsChart(QWidget *parent) : QChartView(parent), m_x(new QValueAxis), m_y(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Reads served per backend, last 5 minutes"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_x->setTitleText(tr("seconds ago"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_y->setTitleText(tr("reads/s"));
    m_y->setLabelFormat(QStringLiteral("%g"));
    m_y->setRange(0, 1);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
}

void ReadsChart::setHistory(const ReadsHistory &history)
{
    const QStringList names = history.backends();
    if (names.size() != m_series.size()) {
        for (QLineSeries *series : std::as_const(m_series)) {
            chart()->removeSeries(series);
            delete series;
        }
        m_series.clear();
        for (const QString &name : names) {
            auto *series = new QLineSeries;
            series->setName(name);
            chart()->addSeries(series);
            series->attachAxis(m_x);
            series->attachAxis(m_y);
            m_series.append(series);
        }
    }
    for (qsizetype i = 0; i < m_series.size(); ++i)
        m_series.at(i)->setName(names.at(i));

    const auto &samples = history.samples();
    const QDateTime now = samples.empty() ? QDateTime::currentDateTimeUtc() : samples.back().time;
    double peak = 1.0;
    QList<QList<QPointF>> points(m_series.size());
    QDateTime previous;
    for (const ReadsHistory::Sample &sample : samples) {
        // Each sample covers the time since the one before; the first has no interval yet.
        const double interval =
            previous.isValid() ? qMax<qint64>(1, previous.msecsTo(sample.time)) / 1000.0 : 1.0;
        previous = sample.time;
        const double x = -sample.time.msecsTo(now) / 1000.0;
        for (qsizetype i = 0; i < points.size(); ++i) {
            const double rate = double(sample.reads.value(i)) / interval;
            peak = qMax(peak, rate);
            points[i].append(QPointF(x, rate));
        }
    }
    for (qsizetype i = 0; i < m_series.size(); ++i)
        m_series.at(i)->replace(points.at(i));
    m_x->setRange(-history.windowSeconds(), 0);
    m_y->setRange(0, peak * 1.15);
    m_y->applyNiceNumbers(); // ticks on round values, not on 1.15 x the peak
}

} // namespace s3c
