#include "LogPage.h"

#include "LogCollector.h"
#include "LogModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace s3c {

LogPage::LogPage(LogCollector *collector, QWidget *parent)
    : QWidget(parent), m_collector(collector), m_model(new LogModel(5000, this)),
      m_levelFilter(new QSortFilterProxyModel(this)), m_textFilter(new QSortFilterProxyModel(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_level = new QComboBox(this);
    m_level->setObjectName(QStringLiteral("level"));
    m_level->addItem(tr("Everything"), 0);
    m_level->addItem(tr("Info and above"), 1);
    m_level->addItem(tr("Warnings and errors"), 2);
    m_level->addItem(tr("Errors only"), 3);
    m_level->setCurrentIndex(1);
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Filter messages"));
    m_search->setClearButtonEnabled(true);
    auto *clear = new QPushButton(tr("Clear"), this);
    bar->addWidget(new QLabel(tr("Show:"), this));
    bar->addWidget(m_level);
    bar->addWidget(m_search, 1);
    bar->addWidget(clear);
    layout->addLayout(bar);

    m_levelFilter->setSourceModel(m_model);
    m_levelFilter->setFilterRole(LogModel::LevelRole);
    m_textFilter->setSourceModel(m_levelFilter);
    m_textFilter->setFilterKeyColumn(LogModel::MessageColumn);
    m_textFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_view = new QTableView(this);
    m_view->setModel(m_textFilter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(LogModel::TimeColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(LogModel::LevelColumn, QHeaderView::ResizeToContents);
    m_view->setColumnWidth(LogModel::CategoryColumn, 160);
    layout->addWidget(m_view, 1);

    connect(m_level, &QComboBox::currentIndexChanged, this, &LogPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_textFilter, &QSortFilterProxyModel::setFilterFixedString);
    connect(clear, &QPushButton::clicked, m_model, &LogModel::clear);
    connect(m_collector, &LogCollector::linesAvailable, this, &LogPage::pull);
    applyFilter();
    pull();
}

void LogPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Lines arrived while the page was hidden; open on the newest.
    m_view->scrollToBottom();
}

int LogPage::visibleRowCount() const
{
    return m_textFilter->rowCount();
}

void LogPage::applyFilter()
{
    // LevelRole holds 0..3; keep the rows at or above the chosen severity.
    const int minimum = m_level->currentData().toInt();
    m_levelFilter->setFilterRegularExpression(QRegularExpression(QStringLiteral("^[%1-3]$").arg(minimum)));
}

void LogPage::pull()
{
    QScrollBar *scroll = m_view->verticalScrollBar();
    const bool follow = scroll->value() == scroll->maximum();
    m_model->append(m_collector->takeLines());
    if (follow)
        m_view->scrollToBottom();
}

} // namespace s3c
