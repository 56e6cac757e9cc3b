#include "BackendListModel.h"

#include "BackendStatsModel.h"
#include "DisplayPath.h"

#include <QDir>
#include <QFont>
#include <QIcon>
#include <QMimeData>

namespace s3c {

namespace {

// Only this list understands it: the dragged row's index, nothing a secret could travel in.
const QString kRowMime = QStringLiteral("application/x-s3cascade-backend-row");

} // namespace

BackendListModel::BackendListModel(QObject *parent) : QAbstractListModel(parent)
{
}

void BackendListModel::setBackends(const QList<BackendConfig> &backends)
{
    beginResetModel();
    m_backends = backends;
    endResetModel();
}

void BackendListModel::setBackend(int row, const BackendConfig &backend)
{
    m_backends[row] = backend;
    emit dataChanged(index(row), index(row));
    emit edited();
}

void BackendListModel::append(const BackendConfig &backend)
{
    const int row = int(m_backends.size());
    beginInsertRows({}, row, row);
    m_backends.append(backend);
    endInsertRows();
    emit edited();
}

void BackendListModel::remove(int row)
{
    beginRemoveRows({}, row, row);
    m_backends.removeAt(row);
    endRemoveRows();
    // The row that became the primary shows it now.
    if (!m_backends.isEmpty())
        emit dataChanged(index(0), index(int(m_backends.size()) - 1));
    emit edited();
}

QString BackendListModel::unusedName(const QString &stem) const
{
    for (int n = 1;; ++n) {
        const QString name = QStringLiteral("%1-%2").arg(stem).arg(n);
        bool taken = false;
        for (const BackendConfig &b : m_backends)
            taken = taken || b.name == name;
        if (!taken)
            return name;
    }
}

QString BackendListModel::summary(const BackendConfig &b)
{
    if (b.type == BackendConfig::Type::Posix)
        return tr("local directory %1").arg(DisplayPath::of(b.path));
    const QString where = b.endpoint.isEmpty() ? tr("AWS S3 (%1)").arg(b.region) : b.endpoint;
    const QString pinned = b.pinnedBucket();
    return pinned.isEmpty() || b.endpoint.endsWith(pinned) ? where : tr("%1, bucket %2").arg(where, pinned);
}

void BackendListModel::setHealth(const QList<BackendStatsSnapshot> &backends)
{
    QStringList before;
    for (int row = 0; row < m_backends.size(); ++row)
        before << healthLine(row);
    m_health = backends;
    for (int row = 0; row < m_backends.size(); ++row) {
        if (healthLine(row) != before.at(row))
            emit dataChanged(index(row), index(row));
    }
}

QString BackendListModel::healthLine(int row) const
{
    const QString &name = m_backends.at(row).name;
    for (const BackendStatsSnapshot &s : m_health) {
        if (s.name != name)
            continue;
        if (s.ejected) {
            return s.lastFailure.isEmpty() ? tr("Ejected: reads skip it")
                                           : tr("Ejected: reads skip it (%1)").arg(s.lastFailure);
        }
        if (s.requests == 0 && !s.lastProbeAt.isValid())
            return {};
        return s.lastFailure.isEmpty() ? tr("Healthy")
                                       : tr("Healthy; last failure %1").arg(BackendStatsModel::lastFailureText(s));
    }
    return {};
}

int BackendListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_backends.size());
}

QVariant BackendListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_backends.size())
        return {};
    const BackendConfig &b = m_backends.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        QString title = index.row() == 0 ? tr("%1 — primary").arg(b.name)
                                         : tr("%1 — fallback %2").arg(b.name).arg(index.row());
        if (b.readOnly)
            title += tr(" (read-only)");
        QString text = title + QLatin1Char('\n') + summary(b);
        const QString health = healthLine(index.row());
        if (!health.isEmpty())
            text += QLatin1Char('\n') + health;
        return text;
    }
    case Qt::FontRole:
        if (index.row() == 0) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::DecorationRole:
        return QIcon(b.type == BackendConfig::Type::Posix ? QStringLiteral(":/icons/backend-local.png")
                                                          : QStringLiteral(":/icons/backend-s3.png"));
    case Qt::ToolTipRole: {
        QString tip = index.row() == 0 ? tr("The primary takes every write; reads try it first.")
                                       : tr("Reads fall through to this backend when the ones above miss or fail.");
        for (const BackendStatsSnapshot &s : m_health) {
            if (s.name == b.name && !BackendStatsModel::healthDetails(s).isEmpty())
                tip += QLatin1Char('\n') + BackendStatsModel::healthDetails(s);
        }
        return tip;
    }
    default:
        return {};
    }
}

Qt::ItemFlags BackendListModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    // Items drag; drops land between rows (on the root), never onto another backend.
    return index.isValid() ? base | Qt::ItemIsDragEnabled : base | Qt::ItemIsDropEnabled;
}

Qt::DropActions BackendListModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList BackendListModel::mimeTypes() const
{
    return {kRowMime};
}

QMimeData *BackendListModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.size() != 1 || !indexes.first().isValid())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(kRowMime, QByteArray::number(indexes.first().row()));
    return data;
}

bool BackendListModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                    const QModelIndex &parent)
{
    Q_UNUSED(column);
    if (action != Qt::MoveAction || !data || !data->hasFormat(kRowMime))
        return false;
    bool ok = false;
    const int source = data->data(kRowMime).toInt(&ok);
    if (!ok || source < 0 || source >= m_backends.size())
        return false;
    // Dropped onto an item: before it; in the empty space below the list: at the end.
    const int target = row >= 0 ? row : parent.isValid() ? parent.row() : int(m_backends.size());
    moveRows({}, source, 1, {}, target);
    // The move is done here; answering false keeps the view from also removing the source row,
    // which it would do after a successful MoveAction drop.
    return false;
}

bool BackendListModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                                const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count < 1 || sourceRow < 0 ||
        sourceRow + count > m_backends.size() || destinationChild < 0 ||
        destinationChild > m_backends.size() ||
        (destinationChild >= sourceRow && destinationChild <= sourceRow + count))
        return false;
    beginMoveRows({}, sourceRow, sourceRow + count - 1, {}, destinationChild);
    const QList<BackendConfig> moving = m_backends.mid(sourceRow, count);
    m_backends.remove(sourceRow, count);
    const int insertAt = destinationChild > sourceRow ? destinationChild - count : destinationChild;
    for (int i = 0; i < count; ++i)
        m_backends.insert(insertAt + i, moving.at(i));
    endMoveRows();
    // "primary" / "fallback N" labels follow the position.
    emit dataChanged(index(0), index(int(m_backends.size()) - 1));
    emit edited();
    return true;
}

} // namespace s3c
