// The Statistics page changes after real requests hit the gateway: a gateway with two local
// directories (primary, fallback), reads served by each, and the page's tables and chart follow.
#include "BackendStatsModel.h"
#include "GatewayController.h"
#include "GuiTestEnvironment.h"
#include "OverviewPage.h"
#include "PresignBuilder.h"
#include "RecentRequestsModel.h"
#include "StatisticsPage.h"
#include "StatsPoller.h"

#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace s3c;

namespace {

const Credentials kKeys{QStringLiteral("AKIAGUITESTSTATS0001"),
                        QStringLiteral("sTaTsTeStSeCrEt0123456789abcdefGHIJKLMNO")};

void writeFile(const QString &path, const QByteArray &data)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

BackendConfig local(const QString &name, const QString &path)
{
    BackendConfig b;
    b.type = BackendConfig::Type::Posix;
    b.name = name;
    b.path = path;
    return b;
}

} // namespace

class TestGuiStatistics : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void pageFollowsRealRequests();
    void requestCountSurvivesApply();
    void promotionLineShowsOnlyWhenOn();

private:
    int get(const QString &key, QByteArray *servedBy = nullptr);

    test::GuiTestEnvironment m_env;
    QTemporaryDir m_dirs;
    GatewayController *m_controller = nullptr;
    QNetworkAccessManager *m_network = nullptr;
};

void TestGuiStatistics::initTestCase()
{
    const QString primary = m_dirs.path() + QStringLiteral("/primary");
    const QString fallback = m_dirs.path() + QStringLiteral("/fallback");
    writeFile(primary + QStringLiteral("/photos/on-primary.txt"), QByteArray(1000, 'p'));
    writeFile(fallback + QStringLiteral("/photos/on-fallback.txt"), QByteArray(3000, 'f'));
    GatewayOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.credentials = kKeys;
    options.backends.backends = {local(QStringLiteral("primary"), primary),
                                 local(QStringLiteral("fallback"), fallback)};
    m_controller = new GatewayController(options, true, this);
    m_controller->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->isRunning(), 15000);
    m_network = new QNetworkAccessManager(this);
}

void TestGuiStatistics::cleanupTestCase()
{
    delete m_network;
    m_controller->stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->state(), GatewayController::State::Stopped, 15000);
}

void TestGuiStatistics::promotionLineShowsOnlyWhenOn()
{
    StatisticsPage page;
    page.show();
    auto *line = page.findChild<QLabel *>(QStringLiteral("promotionStats"));
    QVERIFY(line);
    StatsSnapshot snapshot;
    page.showSnapshot(snapshot);
    QVERIFY(!line->isVisible()); // promoteOnRead off: nothing to say

    PromotionStatsSnapshot &p = snapshot.promotion;
    p.enabled = true;
    p.copied = 12;
    p.bytesCopied = 3 * 1024 * 1024;
    p.skippedChanged = 1;
    p.skippedTooLarge = 2;
    p.skippedBusy = 3;
    p.skippedInFlight = 4;
    p.failed = 5;
    p.active = 6;
    p.queued = 7;
    page.showSnapshot(snapshot);
    QVERIFY(line->isVisible());
    const QString text = line->text();
    for (const QString &part :
         {QStringLiteral("on read: 12 (3.00 MiB)"), QStringLiteral("skipped 10"),
          QStringLiteral("changed meanwhile 1"), QStringLiteral("too large 2"), QStringLiteral("busy 3"),
          QStringLiteral("already copying 4"), QStringLiteral("failed 5"), QStringLiteral("copying 6"),
          QStringLiteral("waiting 7")})
        QVERIFY2(text.contains(part), qPrintable(text));
    page.showUnavailable();
    QVERIFY(!line->isVisible());
}

int TestGuiStatistics::get(const QString &key, QByteArray *servedBy)
{
    PresignBuilder::Input in;
    in.bucket = QStringLiteral("photos");
    in.key = key;
    in.endpoint = m_controller->endpoint();
    in.credentials = kKeys;
    auto url = PresignBuilder::build(in);
    if (!url)
        return -1;
    QNetworkReply *reply = m_network->get(QNetworkRequest(url->url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return -1;
    if (servedBy)
        *servedBy = reply->rawHeader("x-s3cascade-backend");
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

void TestGuiStatistics::pageFollowsRealRequests()
{
    StatisticsPage page;
    page.resize(1000, 700);
    page.show();
    OverviewPage overview(m_controller);
    StatsPoller poller(m_controller);
    poller.setInterval(100);
    connect(&poller, &StatsPoller::updated, &page, &StatisticsPage::showSnapshot);
    connect(&poller, &StatsPoller::updated, &overview,
            [&overview](const StatsSnapshot &s) { overview.setRequestCount(qint64(s.recentTotal)); });
    poller.start();

    BackendStatsModel *backends = page.backendModel();
    QTRY_COMPARE_WITH_TIMEOUT(backends->rowCount(), 2, 5000);
    QCOMPARE(backends->backend(0).name, QStringLiteral("primary"));
    const quint64 primaryHitsBefore = backends->backend(0).hits;
    const quint64 fallbackBefore = backends->backend(1).fallbackHits();
    QCOMPARE(fallbackBefore, 0u);

    QByteArray servedBy;
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(get(QStringLiteral("on-fallback.txt"), &servedBy), 200);
        QCOMPARE(servedBy, QByteArray("fallback"));
    }
    QCOMPARE(get(QStringLiteral("on-primary.txt"), &servedBy), 200);
    QCOMPARE(servedBy, QByteArray("primary"));
    QCOMPARE(get(QStringLiteral("nowhere.txt")), 404);

    // Within a few refreshes: counters per backend, the fallback's served reads, its bytes...
    QTRY_COMPARE_WITH_TIMEOUT(backends->backend(1).fallbackHits(), fallbackBefore + 3, 5000);
    QVERIFY(backends->backend(0).hits >= primaryHitsBefore + 1);
    // The first fallback read and the 404 missed on the primary (later reads of the same key may
    // skip it: the cascade remembers where a key was found).
    QVERIFY(backends->backend(0).misses >= 2);
    QVERIFY(backends->backend(1).misses >= 1); // the 404 missed on the fallback too
    QCOMPARE(backends->backend(1).bytesOut, 9000u);
    QVERIFY(backends->index(1, BackendStatsModel::FallbackColumn).data().toString() == QStringLiteral("3"));
    QVERIFY(backends->backend(1).latencyP50Us > 0);
    // ... the chart's five-minute history ...
    QTRY_VERIFY_WITH_TIMEOUT(page.history().total(1) >= 3, 5000);
    // ... and the recent requests, newest first, naming who served them.
    RecentRequestsModel *recent = page.recentModel();
    QTRY_VERIFY_WITH_TIMEOUT(recent->rowCount() >= 5, 5000);
    QCOMPARE(recent->entry(0).key, QStringLiteral("nowhere.txt"));
    QCOMPARE(recent->entry(0).status, 404);
    QCOMPARE(recent->entry(1).backend, QStringLiteral("primary"));
    QCOMPARE(recent->entry(2).backend, QStringLiteral("fallback"));
    // The method column shows the HTTP method; the S3 operation is its tooltip and filters too.
    QCOMPARE(recent->index(0, RecentRequestsModel::MethodColumn).data().toString(), QStringLiteral("GET"));
    QCOMPARE(recent->index(0, RecentRequestsModel::MethodColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("GetObject"));
    QCOMPARE(
        recent->headerData(RecentRequestsModel::MethodColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
        QStringLiteral("Method"));
    auto *filter = page.findChild<QLineEdit *>(QStringLiteral("recentFilter"));
    filter->setText(QStringLiteral("on-fallback"));
    QCOMPARE(page.visibleRecentRows(), 3);
    filter->setText(QStringLiteral("GetObject"));
    QVERIFY(page.visibleRecentRows() >= 5);
    filter->setText(QStringLiteral("PutObject"));
    QCOMPARE(page.visibleRecentRows(), 0);
    filter->clear();
    QVERIFY(page.visibleRecentRows() >= 5);
    // The Overview's request count comes from the same snapshots.
    auto *requests = overview.findChild<QLabel *>(QStringLiteral("requestCount"));
    QVERIFY(requests);
    QTRY_VERIFY_WITH_TIMEOUT(requests->text().toInt() >= 5, 5000);
}

// Apply reloads the backends of the running gateway; the Overview's count says "since the gateway
// started", so it must not drop back to zero, and the table keeps the requests it showed.
void TestGuiStatistics::requestCountSurvivesApply()
{
    QVERIFY(get(QStringLiteral("on-primary.txt")) == 200);
    const std::optional<StatsSnapshot> before = m_controller->statsSnapshot();
    QVERIFY(before);
    const quint64 countBefore = before->recentTotal;
    QVERIFY(countBefore >= 1);

    BackendsConfig reordered = m_controller->backends();
    std::swap(reordered.backends[0], reordered.backends[1]);
    QSignalSpy applied(m_controller, &GatewayController::backendsApplied);
    m_controller->applyBackends(reordered);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 10000);
    QVERIFY(applied.first().first().toBool());
    // The reload publishes its new counters through a queued call: wait until they show the new order.
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->statsSnapshot() &&
                                 m_controller->statsSnapshot()->backends.value(0).name ==
                                     QStringLiteral("fallback"),
                             10000);

    QByteArray servedBy;
    QCOMPARE(get(QStringLiteral("on-fallback.txt"), &servedBy), 200);
    QCOMPARE(servedBy, QByteArray("fallback"));
    const std::optional<StatsSnapshot> after = m_controller->statsSnapshot();
    QVERIFY(after);
    QCOMPARE(after->recentTotal, countBefore + 1);
    QVERIFY(after->recent.size() >= 2);
    QCOMPARE(after->recent.last().key, QStringLiteral("on-fallback.txt"));
    QCOMPARE(after->recent.at(after->recent.size() - 2).key, QStringLiteral("on-primary.txt"));

    OverviewPage overview(m_controller);
    StatsPoller poller(m_controller);
    poller.setInterval(100);
    connect(&poller, &StatsPoller::updated, &overview,
            [&overview](const StatsSnapshot &s) { overview.setRequestCount(qint64(s.recentTotal)); });
    poller.start();
    auto *requests = overview.findChild<QLabel *>(QStringLiteral("requestCount"));
    QTRY_COMPARE_WITH_TIMEOUT(requests->text(), QLocale().toString(qint64(countBefore + 1)), 5000);
}

QTEST_MAIN(TestGuiStatistics)
#include "test_gui_statistics.moc"
