#pragma once

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace s3c {

class GatewayController;

// The system tray icon: shows whether the gateway runs, starts/stops it, brings the window back,
// copies the endpoint, quits. Absent when the desktop has no tray (then closing the window quits).
class TrayController : public QObject
{
    Q_OBJECT
public:
    TrayController(GatewayController *controller, QWidget *window, QObject *parent = nullptr);
    ~TrayController() override;

    static bool isAvailable();
    bool isVisible() const;
    // The icon's context menu; it exists even without a tray (tests drive it).
    QMenu *menu() const { return m_menu; }

signals:
    void quitRequested();

private:
    void refresh();
    void toggleWindow();

    GatewayController *m_controller;
    QWidget *m_window;
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_status = nullptr;
    QAction *m_startStop = nullptr;
    QAction *m_copyEndpoint = nullptr;
};

} // namespace s3c
