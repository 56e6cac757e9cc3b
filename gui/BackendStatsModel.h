#pragma once

#include "stats/StatsSnapshot.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace s3c {

// One row per backend, in cascade order: hits, misses, failures, reads served as fallback,
// bytes, p50/p95 latency, a health word derived from ejection and recent failures, and the
// reason of the last failure.
class BackendStatsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        HealthColumn,
        RequestsColumn,
        HitsColumn,
        MissesColumn,
        FailuresColumn,
        FallbackColumn,
        BytesOutColumn,
        BytesInColumn,
        P50Column,
        P95Column,
        LastFailureColumn,
        ColumnCount
    };
    enum class Health { Idle, Healthy, Failing, Ejected };

    // A backend counts as failing for this long after its failure counter last grew.
    static constexpr int kFailingSeconds = 30;

    explicit BackendStatsModel(QObject *parent = nullptr);

    void update(const QList<BackendStatsSnapshot> &backends, const QDateTime &now);
    void clear();
    Health health(int row) const;
    const BackendStatsSnapshot &backend(int row) const { return m_rows.at(row).stats; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString formatBytes(quint64 bytes);
    // Health as words for tooltips and the Backends page (issue #11): state, since when, how
    // often it changed, the last probe and the reason of the last failure.
    static QString healthDetails(const BackendStatsSnapshot &stats);
    static QString lastFailureText(const BackendStatsSnapshot &stats);
    static QString formatLatency(qint64 micros);

private:
    struct Row
    {
        BackendStatsSnapshot stats;
        QDateTime lastFailureGrowth; // invalid: no failure seen
    };

    QString healthText(Health health) const;
    QString failureDetails(const BackendStatsSnapshot &stats) const;

    QList<Row> m_rows;
    QDateTime m_now;
};

} // namespace s3c
