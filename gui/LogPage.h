#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace s3c {

class LogCollector;
class LogModel;

// The gateway's log lines (already redacted by the collector) with a minimum-level filter and a
// text search; follows the newest line unless the user scrolled up.
class LogPage : public QWidget
{
    Q_OBJECT
public:
    explicit LogPage(LogCollector *collector, QWidget *parent = nullptr);

    LogModel *model() const { return m_model; }
    int visibleRowCount() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void pull();
    void applyFilter();

    LogCollector *m_collector;
    LogModel *m_model;
    QSortFilterProxyModel *m_levelFilter;
    QSortFilterProxyModel *m_textFilter;
    QComboBox *m_level = nullptr;
    QLineEdit *m_search = nullptr;
    QTableView *m_view = nullptr;
};

} // namespace s3c
