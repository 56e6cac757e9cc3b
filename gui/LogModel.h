#pragma once

#include "LogCollector.h"

#include <QAbstractTableModel>
#include <QList>

namespace s3c {

// The Log page's lines: time, level, category, message; the oldest are dropped beyond a bound so
// a chatty gateway cannot grow the GUI's memory without limit.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, CategoryColumn, MessageColumn, ColumnCount };
    static constexpr int LevelRole = Qt::UserRole + 1; // 0 debug, 1 info, 2 warning, 3 critical/fatal

    explicit LogModel(int maxLines = 5000, QObject *parent = nullptr);

    void append(const QList<LogCollector::Line> &lines);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static int severity(QtMsgType type);

private:
    int m_maxLines;
    QList<LogCollector::Line> m_lines;
};

} // namespace s3c
