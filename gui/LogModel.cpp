#include "LogModel.h"

#include <QBrush>
#include <QColor>

namespace s3c {

LogModel::LogModel(int maxLines, QObject *parent) : QAbstractTableModel(parent), m_maxLines(maxLines)
{
}

int LogModel::severity(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 0;
    case QtInfoMsg:
        return 1;
    case QtWarningMsg:
        return 2;
    case QtCriticalMsg:
    case QtFatalMsg:
        return 3;
    }
    return 1;
}

void LogModel::append(const QList<LogCollector::Line> &lines)
{
    if (lines.isEmpty())
        return;
    const qsizetype overflow = m_lines.size() + lines.size() - m_maxLines;
    if (overflow > 0) {
        const int drop = int(qMin<qsizetype>(overflow, m_lines.size()));
        if (drop > 0) {
            beginRemoveRows({}, 0, drop - 1);
            m_lines.remove(0, drop);
            endRemoveRows();
        }
    }
    const QList<LogCollector::Line> added =
        lines.size() > m_maxLines ? lines.mid(lines.size() - m_maxLines) : lines;
    beginInsertRows({}, int(m_lines.size()), int(m_lines.size() + added.size() - 1));
    m_lines.append(added);
    endInsertRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_lines.size())
        return {};
    const LogCollector::Line &line = m_lines.at(index.row());
    if (role == LevelRole)
        return severity(line.level);
    if (role == Qt::ForegroundRole && severity(line.level) >= 2)
        return QBrush(severity(line.level) == 2 ? QColor(0xb0, 0x70, 0x00) : QColor(0xd6, 0x45, 0x45));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return line.time.toString(QStringLiteral("HH:mm:ss.zzz"));
    case LevelColumn:
        switch (severity(line.level)) {
        case 0:
            return tr("debug");
        case 1:
            return tr("info");
        case 2:
            return tr("warning");
        default:
            return tr("error");
        }
    case CategoryColumn:
        return line.category;
    case MessageColumn:
        return line.text;
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case CategoryColumn:
        return tr("Category");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}

} // namespace s3c
