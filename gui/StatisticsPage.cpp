#include "StatisticsPage.h"

#include "BackendStatsModel.h"
#include "ReadsChart.h"
#include "RecentRequestsModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace s3c {

namespace {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

} // namespace

StatisticsPage::StatisticsPage(QWidget *parent)
    : QWidget(parent), m_backends(new BackendStatsModel(this)), m_recent(new RecentRequestsModel(1000, this)),
      m_recentFilter(new QSortFilterProxyModel(this))
{
    auto *layout = new QVBoxLayout(this);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("statsState"));
    m_state->setWordWrap(true);
    layout->addWidget(m_state);
    m_promotion = new QLabel(this);
    m_promotion->setObjectName(QStringLiteral("promotionStats"));
    m_promotion->setWordWrap(true);
    m_promotion->hide();
    layout->addWidget(m_promotion);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_backendView = makeTable(m_backends, splitter);
    m_backendView->setObjectName(QStringLiteral("backendStats"));
    m_backendView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_backendView->horizontalHeader()->setStretchLastSection(false);
    m_backendView->horizontalHeader()->setSectionResizeMode(BackendStatsModel::NameColumn,
                                                            QHeaderView::Stretch);
    m_chart = new ReadsChart(splitter);
    m_chart->setObjectName(QStringLiteral("readsChart"));

    auto *recentBox = new QWidget(splitter);
    auto *recentLayout = new QVBoxLayout(recentBox);
    recentLayout->setContentsMargins(0, 0, 0, 0);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(new QLabel(tr("Recent requests:"), recentBox));
    m_filter = new QLineEdit(recentBox);
    m_filter->setObjectName(QStringLiteral("recentFilter"));
    m_filter->setPlaceholderText(tr("Filter (bucket, key, status, backend…)"));
    m_filter->setClearButtonEnabled(true);
    filterRow->addWidget(m_filter, 1);
    recentLayout->addLayout(filterRow);
    m_recentFilter->setSourceModel(m_recent);
    m_recentFilter->setFilterKeyColumn(-1); // any column
    m_recentFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_recentFilter->setFilterRole(RecentRequestsModel::FilterRole);
    m_recentView = makeTable(m_recentFilter, recentBox);
    m_recentView->setObjectName(QStringLiteral("recentRequests"));
    QHeaderView *header = m_recentView->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RecentRequestsModel::ObjectColumn, QHeaderView::Stretch);
    // Rows arrive newest first, after the header measured its contents: give the text columns
    // room for their long values up front.
    const QFontMetrics metrics = m_recentView->fontMetrics();
    header->setSectionResizeMode(RecentRequestsModel::BackendColumn, QHeaderView::Interactive);
    header->resizeSection(RecentRequestsModel::BackendColumn,
                          metrics.horizontalAdvance(QStringLiteral("primary, fallback-2")) + 12);
    recentLayout->addWidget(m_recentView);

    splitter->addWidget(m_backendView);
    splitter->addWidget(m_chart);
    splitter->addWidget(recentBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 2);
    layout->addWidget(splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, m_recentFilter, &QSortFilterProxyModel::setFilterFixedString);
    showUnavailable();
}

int StatisticsPage::visibleRecentRows() const
{
    return m_recentFilter->rowCount();
}

void StatisticsPage::showSnapshot(const StatsSnapshot &snapshot)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_state->setText(tr("%n request(s) since the gateway started.", nullptr,
                        int(qMin<quint64>(snapshot.recentTotal, INT_MAX))));
    const PromotionStatsSnapshot &p = snapshot.promotion;
    m_promotion->setVisible(p.enabled);
    if (p.enabled) {
        const auto n = [](quint64 v) { return QLocale().toString(v); };
        m_promotion->setText(
            tr("Copied into the primary on read: %1 (%2); skipped %3 (changed meanwhile %4, too large %5, "
               "busy %6, already copying %7); failed %8. Now copying %9, waiting %10.")
                .arg(n(p.copied),
                     QLocale().formattedDataSize(qint64(qMin<quint64>(p.bytesCopied, LLONG_MAX))),
                     n(p.skipped()), n(p.skippedChanged), n(p.skippedTooLarge), n(p.skippedBusy),
                     n(p.skippedInFlight), n(p.failed), n(p.active))
                .arg(n(p.queued)));
    }
    m_backends->update(snapshot.backends, now);
    m_history.add(snapshot, now);
    m_chart->setHistory(m_history);
    m_recent->update(snapshot.recent);
}

void StatisticsPage::showUnavailable()
{
    m_state->setText(tr("No statistics: the gateway is not running."));
    m_promotion->hide();
}

} // namespace s3c
