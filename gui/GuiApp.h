#pragma once

#include "GuiLaunchOptions.h"

#include <QObject>

namespace s3c {

class GatewayController;
class LogCollector;
class MainWindow;
class StatsPoller;
class TrayController;

// The admin GUI as a whole: the log collector, the gateway controller, the window with its pages
// and the tray icon. The gateway starts at once (first start: the embedded local directory with
// generated keys). Quitting stops the gateway gracefully, then leaves the event loop.
class GuiApp : public QObject
{
    Q_OBJECT
public:
    explicit GuiApp(const GuiLaunchOptions &options, QObject *parent = nullptr);
    ~GuiApp() override;

    // Shows the window and starts the gateway. Call once, with a QApplication running; then
    // QApplication::exec(), which returns once quit() stopped the gateway.
    void start();
    void quit();

    // What the gateway starts with: the command line's options, with the listen address last
    // applied on the Overview unless --port was given.
    static GatewayOptions gatewayOptions(const GuiLaunchOptions &options);

    GatewayController *controller() const { return m_controller; }
    MainWindow *window() const { return m_window; }
    LogCollector *logCollector() const { return m_log; }

private:
    void buildPages();

    GuiLaunchOptions m_options;
    LogCollector *m_log;
    GatewayController *m_controller;
    MainWindow *m_window;
    TrayController *m_tray = nullptr;
    StatsPoller *m_stats = nullptr;
    bool m_quitting = false;
};

} // namespace s3c
