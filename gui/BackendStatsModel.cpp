#include "BackendStatsModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace s3c {

BackendStatsModel::BackendStatsModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void BackendStatsModel::update(const QList<BackendStatsSnapshot> &backends, const QDateTime &now)
{
    m_now = now;
    bool sameSet = backends.size() == m_rows.size();
    for (qsizetype i = 0; sameSet && i < backends.size(); ++i)
        sameSet = backends.at(i).name == m_rows.at(i).stats.name;
    if (!sameSet) {
        beginResetModel();
        m_rows.clear();
        for (const BackendStatsSnapshot &stats : backends)
            m_rows.append({stats, stats.failuresTotal() > 0 ? now : QDateTime()});
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < backends.size(); ++i) {
        Row &row = m_rows[i];
        if (backends.at(i).failuresTotal() > row.stats.failuresTotal())
            row.lastFailureGrowth = now;
        row.stats = backends.at(i);
    }
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void BackendStatsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

BackendStatsModel::Health BackendStatsModel::health(int row) const
{
    const Row &r = m_rows.at(row);
    if (r.stats.ejected)
        return Health::Ejected;
    if (r.lastFailureGrowth.isValid() && r.lastFailureGrowth.secsTo(m_now) < kFailingSeconds)
        return Health::Failing;
    if (r.stats.requests == 0)
        return Health::Idle;
    return Health::Healthy;
}

QString BackendStatsModel::healthText(Health health) const
{
    switch (health) {
    case Health::Idle:
        return tr("idle");
    case Health::Healthy:
        return tr("healthy");
    case Health::Failing:
        return tr("failing");
    case Health::Ejected:
        return tr("ejected");
    }
    return {};
}

QString BackendStatsModel::failureDetails(const BackendStatsSnapshot &s) const
{
    return tr("refused %1, timed out %2, reset %3, server error %4, other %5")
        .arg(s.failureCount(FailureKind::Refused))
        .arg(s.failureCount(FailureKind::Timeout))
        .arg(s.failureCount(FailureKind::Reset))
        .arg(s.failureCount(FailureKind::ServerError))
        .arg(s.failureCount(FailureKind::Other));
}

namespace {

QString timeOfDay(const QDateTime &utc)
{
    return QLocale().toString(utc.toLocalTime().time(), QLocale::LongFormat);
}

} // namespace

QString BackendStatsModel::lastFailureText(const BackendStatsSnapshot &s)
{
    if (s.lastFailure.isEmpty())
        return {};
    return tr("%1: %2").arg(timeOfDay(s.lastFailureAt), s.lastFailure);
}

QString BackendStatsModel::healthDetails(const BackendStatsSnapshot &s)
{
    QStringList lines;
    if (s.ejected) {
        lines << (s.stateSince.isValid() ? tr("Ejected since %1: reads skip it.").arg(timeOfDay(s.stateSince))
                                         : tr("Ejected: reads skip it."));
        lines << (s.ejectedUntil.isValid() ? tr("Tried again at %1.").arg(timeOfDay(s.ejectedUntil))
                                           : tr("Readmitted when a health probe succeeds."));
    } else if (s.stateSince.isValid()) {
        lines << tr("In service since %1.").arg(timeOfDay(s.stateSince));
    }
    if (s.ejections > 0)
        lines << tr("Ejected %n time(s), readmitted %1 time(s).", nullptr, int(qMin<quint64>(s.ejections, INT_MAX)))
                     .arg(s.readmissions);
    if (s.lastProbeAt.isValid())
        lines << (s.lastProbeOk ? tr("Last health probe at %1: passed.").arg(timeOfDay(s.lastProbeAt))
                                : tr("Last health probe at %1: failed.").arg(timeOfDay(s.lastProbeAt)));
    if (!s.lastFailure.isEmpty())
        lines << tr("Last failure at %1: %2").arg(timeOfDay(s.lastFailureAt), s.lastFailure);
    return lines.join(QLatin1Char('\n'));
}

QString BackendStatsModel::formatBytes(quint64 bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

QString BackendStatsModel::formatLatency(qint64 micros)
{
    if (micros <= 0)
        return QStringLiteral("–");
    if (micros < 1000)
        return tr("%1 µs").arg(micros);
    if (micros < 1000000)
        return tr("%1 ms").arg(QLocale().toString(double(micros) / 1000.0, 'f', 1));
    return tr("%1 s").arg(QLocale().toString(double(micros) / 1e6, 'f', 2));
}

int BackendStatsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BackendStatsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BackendStatsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const BackendStatsSnapshot &s = m_rows.at(index.row()).stats;
    if (role == Qt::ForegroundRole && index.column() == HealthColumn) {
        switch (health(index.row())) {
        case Health::Failing:
            return QBrush(QColor(0xb0, 0x70, 0x00));
        case Health::Ejected:
            return QBrush(QColor(0xd6, 0x45, 0x45));
        case Health::Healthy:
            return QBrush(QColor(0x1f, 0x83, 0x6a));
        case Health::Idle:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == FailuresColumn)
        return failureDetails(s);
    if (role == Qt::ToolTipRole && (index.column() == HealthColumn || index.column() == LastFailureColumn)) {
        const QString details = healthDetails(s);
        return details.isEmpty() ? QVariant() : QVariant(details);
    }
    if (role == Qt::TextAlignmentRole && index.column() >= RequestsColumn && index.column() != LastFailureColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case NameColumn:
        return index.row() == 0 ? tr("%1 (primary)").arg(s.name) : s.name;
    case HealthColumn:
        return healthText(health(index.row()));
    case RequestsColumn:
        return locale.toString(s.requests);
    case HitsColumn:
        return locale.toString(s.hits);
    case MissesColumn:
        return locale.toString(s.misses);
    case FailuresColumn:
        return locale.toString(s.failuresTotal());
    case FallbackColumn:
        return locale.toString(s.fallbackHits());
    case BytesOutColumn:
        return formatBytes(s.bytesOut);
    case BytesInColumn:
        return formatBytes(s.bytesIn);
    case P50Column:
        return formatLatency(s.latencyP50Us);
    case P95Column:
        return formatLatency(s.latencyP95Us);
    case LastFailureColumn:
        return lastFailureText(s);
    }
    return {};
}

QVariant BackendStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case HitsColumn:
            return tr("Calls this backend answered successfully");
        case MissesColumn:
            return tr("Not found (NoSuchKey, NoSuchBucket): the cascade asked the next backend");
        case FailuresColumn:
            return tr("Refused, timed out, reset or 5xx");
        case FallbackColumn:
            return tr("Reads this backend served after an earlier backend was tried");
        case LastFailureColumn:
            return tr("When and why its last call or health probe failed");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Backend");
    case HealthColumn:
        return tr("Health");
    case RequestsColumn:
        return tr("Requests");
    case HitsColumn:
        return tr("Hits");
    case MissesColumn:
        return tr("Misses");
    case FailuresColumn:
        return tr("Failures");
    case FallbackColumn:
        return tr("Fallback reads");
    case BytesOutColumn:
        return tr("Read");
    case BytesInColumn:
        return tr("Written");
    case P50Column:
        return tr("p50");
    case P95Column:
        return tr("p95");
    case LastFailureColumn:
        return tr("Last failure");
    }
    return {};
}

} // namespace s3c
