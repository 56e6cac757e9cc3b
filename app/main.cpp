#include "CommandLine.h"
#include "HeadlessRunner.h"
#include "PresignCommand.h"
#include "ShutdownSignals.h"
#include "TranslationLoader.h"
#include "admin/AdminToken.h"
#include "config/CredentialStore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QProcessEnvironment>

#ifdef S3C_HAVE_GUI
#include "GatewayController.h"
#include "GatewayHost.h"
#include "GuiApp.h"

#include <QApplication>
#endif

#include <cstdio>

using namespace s3c;

#ifdef S3C_HAVE_GUI
namespace {

// The GUI needs somewhere to draw: an explicit Qt platform (offscreen, vnc...) or, on Linux and
// the other X11/Wayland systems, a display server. Elsewhere (Windows, macOS) there always is one.
bool displayAvailable(const QProcessEnvironment &env)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return !env.value(QStringLiteral("QT_QPA_PLATFORM")).isEmpty() ||
           !env.value(QStringLiteral("DISPLAY")).isEmpty() ||
           !env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty();
#else
    Q_UNUSED(env);
    return true;
#endif
}

} // namespace
#endif

int main(int argc, char *argv[])
{
    // The application name decides the config and data folders (QStandardPaths).
    QCoreApplication::setApplicationName(QStringLiteral("s3cascade"));
    QCoreApplication::setApplicationVersion(QStringLiteral(S3C_VERSION));

    // Arguments first: they decide between the GUI and headless application objects.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    AppOptions options;
    QString message;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const auto outcome = CommandLine::parse(arguments, env, &options, &message);
    if (outcome != CommandLine::Outcome::Run) {
        std::fputs(qPrintable(message + QLatin1Char('\n')),
                   outcome == CommandLine::Outcome::ExitOk ? stdout : stderr);
        return outcome == CommandLine::Outcome::ExitOk ? 0 : 2;
    }

    // Per-request debug lines cost more than the request itself (a small GET logged one line
    // each): they are for --debug only. QT_LOGGING_RULES still overrides this.
    QLoggingCategory::setFilterRules(options.gateway.s3.debug ? QStringLiteral("s3c.*.debug=true")
                                                              : QStringLiteral("s3c.*.debug=false"));

#ifdef S3C_HAVE_GUI
    if (options.command == AppCommand::Serve && !options.noGui && displayAvailable(env)) {
        QApplication app(argc, argv);
        // Wayland compositors match the window to its desktop entry by this id
        // (installer/linux/io.github.s3cascade.S3cascade.desktop): the menu icon and name.
        QGuiApplication::setDesktopFileName(QStringLiteral("io.github.s3cascade.S3cascade"));
        TranslationLoader::install(&app, options.language);
        GuiApp gui(GuiLaunchOptions{options.gateway, options.accessGiven, options.portGiven});
        // SIGINT/SIGTERM (logout, systemd, Ctrl+C in a terminal) stop the gateway gracefully,
        // as in headless mode, instead of killing requests in flight.
        ShutdownSignals shutdown;
        QObject::connect(&shutdown, &ShutdownSignals::shutdownRequested, &gui, &GuiApp::quit);
        if (!options.gateway.accessLogPath.isEmpty()) {
            shutdown.watchHangup();
            QObject::connect(&shutdown, &ShutdownSignals::reopenRequested, gui.controller()->host(),
                             &GatewayHost::reopenLogs);
        }
        gui.start();
        return QApplication::exec();
    }
#endif
    // Headless, nothing needs GLib's main loop: Qt's own UNIX dispatcher (used by the gateway
    // thread too, which picks its dispatcher like the application) wakes a loop once per
    // iteration instead of once per posted event, and small GETs got 13-15 % faster with it
    // (wrk, 16 connections, 4 KiB objects). A user's own QT_NO_GLIB setting is left alone.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    // The headless messages use the same catalogue as the GUI (style.md #12).
    TranslationLoader::install(&app, options.language);
    switch (options.command) {
    case AppCommand::Credentials: {
        auto credentials = CredentialStore().load();
        if (!credentials || !credentials->isValid()) {
            std::fputs(qPrintable(QCoreApplication::translate(
                           "main",
                           "No stored credentials yet: start the gateway once without --access/--secret.\n")),
                       stderr);
            return 1;
        }
        std::fputs(qPrintable(QStringLiteral("access key: %1\nsecret key: %2\n")
                                  .arg(credentials->accessKey, credentials->secretKey)),
                   stdout);
        return 0;
    }
    case AppCommand::Presign:
        return PresignCommand::run(options);
    case AppCommand::AdminToken: {
        // The environment's token wins, as it does for a running gateway.
        QByteArray token = options.gateway.admin.token;
        if (token.isEmpty()) {
            bool generated = false;
            auto stored = AdminToken::loadOrCreate(&generated);
            if (!stored) {
                std::fputs(qPrintable(QStringLiteral("s3cascade: %1\n").arg(stored.failure().text())), stderr);
                return 1;
            }
            token = stored.value();
        }
        std::fputs(QByteArray(token + '\n').constData(), stdout);
        return 0;
    }
    case AppCommand::Serve:
        break;
    }
    HeadlessRunner runner(options);
    if (!runner.start())
        return runner.exitCode();
    return app.exec();
}
