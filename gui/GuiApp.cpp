#include "GuiApp.h"

#include "BackendsPage.h"
#include "GatewayController.h"
#include "GuiSettings.h"
#include "LogCollector.h"
#include "LogPage.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "PresignPage.h"
#include "StatisticsPage.h"
#include "StatsPoller.h"
#include "TrayController.h"

#include <QApplication>
#include <QIcon>

namespace s3c {

GuiApp::GuiApp(const GuiLaunchOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_log(new LogCollector(this)),
      m_controller(new GatewayController(gatewayOptions(options), options.keysGiven, this)),
      m_window(new MainWindow)
{
    m_window->setWindowIcon(QIcon(QStringLiteral(":/icons/s3cascade-256.png")));
    // Keys and backends before the pages read them. A failure (say, a saved configuration that no
    // longer validates) is not fatal here: the Overview shows it at start() and the Backends page
    // lets the user repair the file.
    m_controller->prepare();
    buildPages();
    // Secrets must never reach the log page or stderr, whatever component prints them: the
    // gateway's own key and every backend's.
    auto registerSecrets = [this] {
        m_log->redactor().addSecret(m_controller->credentials().secretKey);
        for (const BackendConfig &backend : m_controller->backends().backends)
            m_log->redactor().addSecret(backend.secretKey);
    };
    connect(m_controller, &GatewayController::credentialsChanged, this, registerSecrets);
    connect(m_controller, &GatewayController::backendsApplied, this, registerSecrets);
    registerSecrets();
    connect(m_window, &MainWindow::quitRequested, this, &GuiApp::quit);
}

GatewayOptions GuiApp::gatewayOptions(const GuiLaunchOptions &options)
{
    GatewayOptions gateway = options.gateway;
    if (!options.listenGiven)
        GuiSettings().listenAddress(&gateway.address, &gateway.port);
    return gateway;
}

GuiApp::~GuiApp()
{
    delete m_window;
}

void GuiApp::buildPages()
{
    auto *overview = new OverviewPage(m_controller);
    auto *statistics = new StatisticsPage;
    m_stats = new StatsPoller(m_controller, this);
    connect(m_stats, &StatsPoller::updated, statistics, &StatisticsPage::showSnapshot);
    connect(m_stats, &StatsPoller::unavailable, statistics, &StatisticsPage::showUnavailable);
    connect(m_stats, &StatsPoller::updated, overview, [overview](const StatsSnapshot &snapshot) {
        overview->setRequestCount(qint64(snapshot.recentTotal));
    });
    connect(m_stats, &StatsPoller::unavailable, overview, [overview] { overview->setRequestCount(-1); });
    auto *backends = new BackendsPage(m_controller);
    connect(m_stats, &StatsPoller::updated, backends, &BackendsPage::showHealth);
    connect(m_stats, &StatsPoller::unavailable, backends, &BackendsPage::clearHealth);
    m_stats->start();

    m_window->addPage(QStringLiteral("overview"), QIcon(QStringLiteral(":/icons/page-overview.png")),
                      tr("Overview"), overview);
    m_window->addPage(QStringLiteral("backends"), QIcon(QStringLiteral(":/icons/page-backends.png")),
                      tr("Backends"), backends);
    m_window->addPage(QStringLiteral("presign"), QIcon(QStringLiteral(":/icons/page-presign.png")),
                      tr("Presign"), new PresignPage(m_controller));
    m_window->addPage(QStringLiteral("statistics"), QIcon(QStringLiteral(":/icons/page-statistics.png")),
                      tr("Statistics"), statistics);
    m_window->addPage(QStringLiteral("log"), QIcon(QStringLiteral(":/icons/page-log.png")), tr("Log"),
                      new LogPage(m_log));
}

void GuiApp::start()
{
    // Closing the window may leave the app in the tray: quitting is explicit (quit()).
    QApplication::setQuitOnLastWindowClosed(false);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/s3cascade-256.png")));
    m_tray = new TrayController(m_controller, m_window, this);
    connect(m_tray, &TrayController::quitRequested, this, &GuiApp::quit);
    m_window->setTrayAvailable(m_tray->isVisible());
    m_window->restoreFromSettings();
    m_window->show();
    m_controller->start();
}

void GuiApp::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    m_window->prepareToQuit();
    m_window->hide();
    if (m_controller->state() == GatewayController::State::Stopped) {
        QCoreApplication::quit();
        return;
    }
    // In-flight requests get the gateway's grace period; the event loop ends once it stopped.
    connect(m_controller, &GatewayController::stateChanged, this, [this](GatewayController::State state) {
        if (state == GatewayController::State::Stopped)
            QCoreApplication::quit();
    });
    m_controller->stop();
}

} // namespace s3c
