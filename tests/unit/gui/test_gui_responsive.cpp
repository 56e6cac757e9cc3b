// The GUI stays responsive while a backend hangs: a loopback server that accepts connections and
// never answers stands in for a stuck S3 service. While requests to it are in flight (the
// Backends dialog's "Test connection", and a client GET cascading through the running gateway),
// a QTimer in the GUI thread keeps firing: nothing waits on the gateway or the network.
#include "BackendEditDialog.h"
#include "BackendStatsModel.h"
#include "GatewayController.h"
#include "GuiTestEnvironment.h"
#include "PresignBuilder.h"
#include "PresignPage.h"
#include "StatisticsPage.h"
#include "StatsPoller.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace s3c;

namespace {

const Credentials kKeys{QStringLiteral("AKIAGUITESTRESPONSIV"),
                        QStringLiteral("rEsPoNsIvEsEcReT0123456789abcdefGHIJKLMN")};
constexpr int kTickMs = 10;

// Counts timer ticks in the GUI thread and the longest gap between two of them.
class Heartbeat : public QObject
{
public:
    Heartbeat()
    {
        m_timer.setInterval(kTickMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (m_clock.isValid())
                m_maxGapMs = qMax(m_maxGapMs, m_clock.restart());
            else
                m_clock.start();
            ++m_ticks;
        });
        m_timer.start();
    }
    void reset()
    {
        m_ticks = 0;
        m_maxGapMs = 0;
        m_clock.invalidate();
    }
    int ticks() const { return m_ticks; }
    qint64 maxGapMs() const { return m_maxGapMs; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    int m_ticks = 0;
    qint64 m_maxGapMs = 0;
};

} // namespace

class TestGuiResponsive : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void testConnectionToAHangingService();
    void readCascadingPastAHangingBackend();

private:
    BackendConfig hangingBackend(int firstByteTimeoutMs) const;

    test::GuiTestEnvironment m_env;
    QTemporaryDir m_dirs;
    // Listens but never accepts: the kernel completes the handshake from the backlog, then
    // nothing ever answers. No thread of the test serves it, so the hang is real.
    QTcpServer m_hanging;
};

void TestGuiResponsive::initTestCase()
{
    QVERIFY(m_hanging.listen(QHostAddress::LocalHost, 0));
    m_hanging.pauseAccepting();
}

BackendConfig TestGuiResponsive::hangingBackend(int firstByteTimeoutMs) const
{
    BackendConfig b;
    b.name = QStringLiteral("stuck");
    b.endpoint = QStringLiteral("http://127.0.0.1:%1").arg(m_hanging.serverPort());
    b.accessKey = QStringLiteral("AKIASTUCK");
    b.secretKey = QStringLiteral("stuck-secret");
    b.usePathStyle = true;
    b.connectTimeoutMs = 5000;
    b.firstByteTimeoutMs = firstByteTimeoutMs;
    return b;
}

void TestGuiResponsive::testConnectionToAHangingService()
{
    BackendEditDialog dialog(hangingBackend(1500), 0, {});
    dialog.show();
    QSignalSpy finished(&dialog, &BackendEditDialog::testFinished);
    Heartbeat heartbeat;
    QElapsedTimer flight;
    flight.start();
    dialog.findChild<QPushButton *>(QStringLiteral("test"))->click();
    // The click returned at once: the test runs asynchronously.
    QVERIFY(flight.elapsed() < 500);
    QVERIFY(finished.isEmpty());
    heartbeat.reset();
    QVERIFY(finished.wait(20000));
    const qint64 inFlightMs = flight.elapsed();
    QVERIFY2(inFlightMs >= 1000, "the hanging service answered?");
    QCOMPARE(finished.first().at(0).toBool(), false);
    const QString message = finished.first().at(1).toString();
    QVERIFY2(!message.isEmpty(), "no reason given");
    // The event loop kept turning the whole time: ticks all along, never a long gap.
    QVERIFY2(heartbeat.ticks() >= inFlightMs / kTickMs / 4,
             qPrintable(QStringLiteral("%1 ticks in %2 ms").arg(heartbeat.ticks()).arg(inFlightMs)));
    QVERIFY2(heartbeat.maxGapMs() < 500,
             qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(heartbeat.maxGapMs())));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("testResult"))->text() == message);
}

void TestGuiResponsive::readCascadingPastAHangingBackend()
{
    const QString local = m_dirs.path() + QStringLiteral("/local");
    QVERIFY(QDir().mkpath(local + QStringLiteral("/photos")));
    QFile file(local + QStringLiteral("/photos/cat.jpg"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("meow");
    file.close();
    BackendConfig fallback;
    fallback.type = BackendConfig::Type::Posix;
    fallback.name = QStringLiteral("local");
    fallback.path = local;

    GatewayOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.credentials = kKeys;
    options.backends.backends = {hangingBackend(2000), fallback};
    // This test needs a read that waits out the stuck primary: no hedge, no health probe.
    options.backends.hedgeAfterMs = 0;
    options.backends.healthIntervalMs = 0;
    GatewayController controller(options, true);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);

    // The pages that talk to the gateway are live meanwhile: statistics polled, buckets listed
    // (ListBuckets waits for the hanging backend too).
    StatisticsPage statistics;
    StatsPoller poller(&controller);
    poller.setInterval(50);
    connect(&poller, &StatsPoller::updated, &statistics, &StatisticsPage::showSnapshot);
    poller.start();
    PresignPage presign(&controller);
    presign.show();

    PresignBuilder::Input in;
    in.bucket = QStringLiteral("photos");
    in.key = QStringLiteral("cat.jpg");
    in.endpoint = controller.endpoint();
    in.credentials = kKeys;
    auto url = PresignBuilder::build(in);
    QVERIFY(url);
    QNetworkAccessManager network;
    Heartbeat heartbeat;
    QElapsedTimer flight;
    flight.start();
    QNetworkReply *reply = network.get(QNetworkRequest(url->url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    heartbeat.reset();
    QVERIFY(finished.wait(30000));
    const qint64 inFlightMs = flight.elapsed();
    // Served by the fallback once the stuck primary timed out.
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("x-s3cascade-backend"), QByteArray("local"));
    QCOMPARE(reply->readAll(), QByteArray("meow"));
    QVERIFY2(inFlightMs >= 1500, "the hanging backend answered?");
    QVERIFY2(heartbeat.ticks() >= inFlightMs / kTickMs / 4,
             qPrintable(QStringLiteral("%1 ticks in %2 ms").arg(heartbeat.ticks()).arg(inFlightMs)));
    QVERIFY2(heartbeat.maxGapMs() < 500,
             qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(heartbeat.maxGapMs())));
    delete reply;

    // And the statistics page saw the stuck backend fail.
    QTRY_VERIFY_WITH_TIMEOUT(statistics.backendModel()->rowCount() == 2 &&
                                 statistics.backendModel()->backend(0).failuresTotal() >= 1,
                             5000);
    QCOMPARE(statistics.backendModel()->health(0), BackendStatsModel::Health::Failing);

    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), GatewayController::State::Stopped, 15000);
}

QTEST_MAIN(TestGuiResponsive)
#include "test_gui_responsive.moc"
