#include "GuiApp.h"

#include "GatewayController.h"
#include "LogCollector.h"
#include "LogPage.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "PresignPage.h"
#include "TrayController.h"

#include <QApplication>
#include <QIcon>

namespace s3c {

GuiApp::GuiApp(const GuiLaunchOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_log(new LogCollector(this))
    , m_controller(new GatewayController(options.gateway, options.keysGiven, this))
    , m_window(new MainWindow)
{
    m_window->setWindowIcon(QIcon(QStringLiteral(":/icons/s3cascade-256.png")));
    buildPages();
    // The secret must never reach the log page or stderr, whatever component prints it.
    auto registerSecret = [this] { m_log->redactor().addSecret(m_controller->credentials().secretKey); };
    connect(m_controller, &GatewayController::credentialsChanged, this, registerSecret);
    registerSecret();
    connect(m_window, &MainWindow::quitRequested, this, &GuiApp::quit);
}

GuiApp::~GuiApp()
{
    delete m_window;
}

void GuiApp::buildPages()
{
    m_window->addPage(QStringLiteral("overview"), QIcon(QStringLiteral(":/icons/page-overview.png")), tr("Overview"),
                      new OverviewPage(m_controller));
    m_window->addPage(QStringLiteral("presign"), QIcon(QStringLiteral(":/icons/page-presign.png")), tr("Presign"),
                      new PresignPage(m_controller));
    m_window->addPage(QStringLiteral("log"), QIcon(QStringLiteral(":/icons/page-log.png")), tr("Log"),
                      new LogPage(m_log));
}

void GuiApp::start()
{
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

int GuiApp::exec(const GuiLaunchOptions &options)
{
    // Closing the window may leave the app in the tray: quitting is explicit (GuiApp::quit).
    QApplication::setQuitOnLastWindowClosed(false);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/s3cascade-256.png")));
    GuiApp app(options);
    app.start();
    return QApplication::exec();
}

} // namespace s3c
