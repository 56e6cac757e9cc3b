#include "TrayController.h"

#include "GatewayController.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace s3c {

TrayController::TrayController(GatewayController *controller, QWidget *window, QObject *parent)
    : QObject(parent), m_controller(controller), m_window(window)
{
    m_menu = new QMenu;
    m_status = m_menu->addAction(QString());
    m_status->setEnabled(false);
    m_status->setObjectName(QStringLiteral("trayStatus"));
    m_menu->addSeparator();
    m_startStop = m_menu->addAction(QString());
    m_startStop->setObjectName(QStringLiteral("trayStartStop"));
    connect(m_startStop, &QAction::triggered, this, [this] {
        if (m_controller->state() == GatewayController::State::Stopped)
            m_controller->start();
        else
            m_controller->stop();
    });
    m_copyEndpoint = m_menu->addAction(QIcon(QStringLiteral(":/icons/action-copy.png")), tr("Copy endpoint"));
    m_copyEndpoint->setObjectName(QStringLiteral("trayCopyEndpoint"));
    connect(m_copyEndpoint, &QAction::triggered, this,
            [this] { QGuiApplication::clipboard()->setText(m_controller->endpoint().toString()); });
    QAction *show = m_menu->addAction(tr("Show window"));
    show->setObjectName(QStringLiteral("trayShowWindow"));
    connect(show, &QAction::triggered, this, [this] {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    });
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit"));
    quit->setObjectName(QStringLiteral("trayQuit"));
    connect(quit, &QAction::triggered, this, &TrayController::quitRequested);

    if (isAvailable()) {
        m_icon = new QSystemTrayIcon(this);
        m_icon->setContextMenu(m_menu);
        connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger)
                toggleWindow();
        });
        m_icon->show();
    }
    connect(m_controller, &GatewayController::stateChanged, this, &TrayController::refresh);
    refresh();
}

TrayController::~TrayController()
{
    delete m_menu; // a QMenu cannot have a QObject parent that is not a widget
}

bool TrayController::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

bool TrayController::isVisible() const
{
    return m_icon && m_icon->isVisible();
}

void TrayController::toggleWindow()
{
    if (m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
    } else {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    }
}

void TrayController::refresh()
{
    const bool running = m_controller->isRunning();
    const QString status = running ? tr("s3cascade: running on %1").arg(m_controller->endpoint().toString())
                                   : tr("s3cascade: stopped");
    m_status->setText(status);
    m_startStop->setText(m_controller->state() == GatewayController::State::Stopped ? tr("Start gateway")
                                                                                    : tr("Stop gateway"));
    m_copyEndpoint->setEnabled(running);
    if (m_icon) {
        m_icon->setIcon(QIcon(running ? QStringLiteral(":/icons/tray-running.png")
                                      : QStringLiteral(":/icons/tray-stopped.png")));
        m_icon->setToolTip(status);
    }
}

} // namespace s3c
