#include "RecentRequestsModel.h"

#include "BackendStatsModel.h"

#include <QBrush>
#include <QColor>

namespace s3c {

RecentRequestsModel::RecentRequestsModel(int maxRows, QObject *parent)
    : QAbstractTableModel(parent), m_maxRows(maxRows)
{
}

void RecentRequestsModel::update(const QList<RecentRequest> &entries)
{
    // A restarted gateway counts from 1 again: start over rather than ignore its requests.
    if (!entries.isEmpty() && entries.last().sequence < m_lastSequence)
        clear();
    QList<RecentRequest> fresh;
    for (const RecentRequest &entry : entries) {
        if (entry.sequence > m_lastSequence)
            fresh.prepend(entry); // newest first
    }
    if (fresh.isEmpty())
        return;
    m_lastSequence = fresh.first().sequence;
    if (fresh.size() > m_maxRows)
        fresh.resize(m_maxRows);
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    endInsertRows();
    if (m_rows.size() > m_maxRows) {
        beginRemoveRows({}, m_maxRows, int(m_rows.size()) - 1);
        m_rows.resize(m_maxRows);
        endRemoveRows();
    }
}

void RecentRequestsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_lastSequence = 0;
    endResetModel();
}

int RecentRequestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecentRequestsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentRequestsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const RecentRequest &r = m_rows.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == StatusColumn && r.status >= 400)
        return QBrush(r.status >= 500 ? QColor(0xd6, 0x45, 0x45) : QColor(0xb0, 0x70, 0x00));
    if (role == Qt::TextAlignmentRole && index.column() >= StatusColumn && index.column() != BackendColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (index.column() == MethodColumn) {
        const QString method = r.method.isEmpty() ? r.operation : r.method;
        switch (role) {
        case Qt::DisplayRole:
            return method;
        case Qt::ToolTipRole:
            return r.operation;
        case FilterRole:
            return QString(method + QLatin1Char(' ') + r.operation);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != FilterRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return r.time.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    case ObjectColumn:
        return r.key.isEmpty() ? r.bucket : r.bucket + QLatin1Char('/') + r.key;
    case StatusColumn:
        return r.status;
    case BackendColumn:
        return r.backend.isEmpty() ? QStringLiteral("–") : r.backend;
    case LatencyColumn:
        return BackendStatsModel::formatLatency(r.latencyUs);
    case BytesColumn:
        return BackendStatsModel::formatBytes(quint64(qMax<qint64>(0, r.bytes)));
    }
    return {};
}

QVariant RecentRequestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case MethodColumn:
        return tr("Method");
    case ObjectColumn:
        return tr("Bucket/key");
    case StatusColumn:
        return tr("Status");
    case BackendColumn:
        return tr("Backend");
    case LatencyColumn:
        return tr("Latency");
    case BytesColumn:
        return tr("Bytes");
    }
    return {};
}

} // namespace s3c
