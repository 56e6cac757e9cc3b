#pragma once

#include "stats/StatsSnapshot.h"

#include <QAbstractTableModel>
#include <QList>

namespace s3c {

// The recent-requests table, newest first. Takes only entries it has not seen (by sequence) from
// each snapshot and keeps at most `maxRows`, so the GUI's memory stays bounded however long it runs.
class RecentRequestsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        MethodColumn, // the HTTP method; the S3 operation is its tooltip
        ObjectColumn,
        StatusColumn,
        BackendColumn,
        LatencyColumn,
        BytesColumn,
        ColumnCount
    };

    // What the filter matches: the shown text, plus the operation name in the method column (so
    // both "PUT" and "UploadPart" find an upload).
    static constexpr int FilterRole = Qt::UserRole + 1;

    explicit RecentRequestsModel(int maxRows = 1000, QObject *parent = nullptr);

    // `entries` oldest first, as StatsSnapshot::recent.
    void update(const QList<RecentRequest> &entries);
    void clear();
    int maxRows() const { return m_maxRows; }
    const RecentRequest &entry(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    int m_maxRows;
    QList<RecentRequest> m_rows; // newest first
    quint64 m_lastSequence = 0;
};

} // namespace s3c
