// The window remembers its last page and geometry, asks once what closing does and remembers the
// answer; regenerating the keys stores new ones and restarts the gateway with them, after asking.
// The tray menu and the Overview's Start/Stop really stop and start the gateway; the listen
// address applied on the Overview is used again at the next GUI start.
#include "GatewayController.h"
#include "GuiApp.h"
#include "GuiSettings.h"
#include "GuiTestEnvironment.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "PresignBuilder.h"
#include "SecretLineEdit.h"
#include "TrayController.h"
#include "config/CredentialStore.h"

#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace s3c;

namespace {

void addPages(MainWindow &window)
{
    for (const char *key : {"overview", "backends", "presign", "statistics", "log"})
        window.addPage(QString::fromLatin1(key), QIcon(), QString::fromLatin1(key),
                       new QLabel(QString::fromLatin1(key)));
}

// Answers the next modal message box by clicking the button with this text.
void answerNextMessageBox(const QString &buttonText)
{
    QTimer::singleShot(0, qApp, [buttonText] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            answerNextMessageBox(buttonText); // not shown yet: try on the next turn
            return;
        }
        for (QAbstractButton *button : box->buttons()) {
            if (button->text() == buttonText)
                button->click();
        }
    });
}

// Answers the next modal message box with one of its standard buttons.
void answerNextMessageBox(QMessageBox::StandardButton which)
{
    QTimer::singleShot(0, qApp, [which] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            answerNextMessageBox(which);
            return;
        }
        if (QAbstractButton *button = box->button(which))
            button->click();
        else
            box->reject(); // do not leave the test hanging on a box without that button
    });
}

// A port free a moment ago, so that a stopped and restarted gateway keeps its endpoint.
quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

const Credentials kGivenKeys{QStringLiteral("AKIAGUITESTWINDOW001"),
                             QStringLiteral("wInDoWtEsTsEcReT0123456789abcdefGHIJKLMN")};

// A served directory with photos/a.txt; options for a loopback gateway on `port`.
GatewayOptions servingOneObject(const QTemporaryDir &dirs, quint16 port)
{
    QDir(dirs.path()).mkpath(QStringLiteral("data/photos"));
    QFile object(dirs.path() + QStringLiteral("/data/photos/a.txt"));
    if (object.open(QIODevice::WriteOnly))
        object.write("a");
    GatewayOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = port;
    options.posixRoot = dirs.path() + QStringLiteral("/data");
    return options;
}

QUrl presignedGet(const QUrl &endpoint, const Credentials &keys)
{
    PresignBuilder::Input in;
    in.bucket = QStringLiteral("photos");
    in.key = QStringLiteral("a.txt");
    in.endpoint = endpoint;
    in.credentials = keys;
    return PresignBuilder::build(in)->url;
}

// The HTTP status, 0 when nothing answered (connection refused), -1 on a timeout.
int fetch(QNetworkAccessManager &network, const QUrl &url)
{
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return -1;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

// A fresh manager each time: no kept-alive connection from before a stop is reused.
int fetch(const QUrl &url)
{
    QNetworkAccessManager network;
    return fetch(network, url);
}

} // namespace

class TestGuiWindow : public QObject
{
    Q_OBJECT

private slots:
    void remembersLastPageAndGeometry();
    void asksOnceWhatClosingDoes();
    void closingWithoutTrayQuits();
    void regeneratedKeysReplaceTheOldOnes();
    void keysFromTheCommandLineAreNotRegenerated();
    void regenerateAsksFirst();
    void trayMenuStopsAndStartsTheGateway();
    void overviewStartsStopsAndMovesTheGateway();

private:
    test::GuiTestEnvironment m_env;
};

void TestGuiWindow::remembersLastPageAndGeometry()
{
    {
        MainWindow window;
        addPages(window);
        window.restoreFromSettings();
        QCOMPARE(window.currentPageKey(), QStringLiteral("overview"));
        window.setGeometry(100, 120, 900, 640);
        window.show();
        window.showPage(QStringLiteral("statistics"));
        window.setTrayAvailable(true);
        GuiSettings().setCloseAction(GuiSettings::CloseAction::KeepInTray);
        window.close(); // saves the geometry
    }
    MainWindow again;
    addPages(again);
    again.restoreFromSettings();
    QCOMPARE(again.currentPageKey(), QStringLiteral("statistics"));
    QCOMPARE(again.size(), QSize(900, 640));
}

void TestGuiWindow::asksOnceWhatClosingDoes()
{
    GuiSettings().setCloseAction(GuiSettings::CloseAction::Ask);
    MainWindow window;
    addPages(window);
    window.setTrayAvailable(true);
    QSignalSpy quit(&window, &MainWindow::quitRequested);
    window.show();
    answerNextMessageBox(QStringLiteral("Keep running in the tray"));
    window.close();
    QVERIFY(!window.isVisible()); // hidden in the tray
    QCOMPARE(quit.size(), 0);     // the gateway keeps running
    QCOMPARE(GuiSettings().closeAction(), GuiSettings::CloseAction::KeepInTray);
    // Remembered: the second close asks nothing (a message box would block this test).
    window.show();
    window.close();
    QVERIFY(!window.isVisible());
    QCOMPARE(quit.size(), 0);

    GuiSettings().setCloseAction(GuiSettings::CloseAction::Ask);
    window.show();
    answerNextMessageBox(QStringLiteral("Quit s3cascade"));
    window.close();
    QCOMPARE(quit.size(), 1);
    QCOMPARE(GuiSettings().closeAction(), GuiSettings::CloseAction::Quit);
}

void TestGuiWindow::closingWithoutTrayQuits()
{
    GuiSettings().setCloseAction(GuiSettings::CloseAction::KeepInTray);
    MainWindow window;
    addPages(window);
    window.setTrayAvailable(false); // nowhere to keep running: closing must quit
    QSignalSpy quit(&window, &MainWindow::quitRequested);
    window.show();
    window.close();
    QCOMPARE(quit.size(), 1);
}

void TestGuiWindow::regeneratedKeysReplaceTheOldOnes()
{
    QTemporaryDir dirs;
    QVERIFY(QDir(dirs.path()).mkpath(QStringLiteral("data/photos")));
    QFile object(dirs.path() + QStringLiteral("/data/photos/a.txt"));
    QVERIFY(object.open(QIODevice::WriteOnly));
    object.write("a");
    object.close();
    GatewayOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.posixRoot = dirs.path() + QStringLiteral("/data");
    GatewayController controller(options, false);
    const QString store = dirs.path() + QStringLiteral("/credentials.json");
    controller.setCredentialsPath(store);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);
    // First start: keys were generated and stored.
    const Credentials old = controller.credentials();
    QVERIFY(old.isValid());
    QCOMPARE(CredentialStore(store).load()->secretKey, old.secretKey);

    OverviewPage page(&controller);
    auto *secret = page.findChild<SecretLineEdit *>(QStringLiteral("secretKey"));
    QCOMPARE(secret->text(), old.secretKey);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QVERIFY(!page.findChild<QPlainTextEdit *>(QStringLiteral("awsProfile"))
                 ->toPlainText()
                 .contains(old.secretKey));

    PresignBuilder::Input in;
    in.bucket = QStringLiteral("photos");
    in.key = QStringLiteral("a.txt");
    in.endpoint = controller.endpoint();
    in.credentials = old;
    const QUrl oldUrl = PresignBuilder::build(in)->url;
    QNetworkAccessManager network;
    QCOMPARE(fetch(network, oldUrl), 200);

    QVERIFY(controller.regenerateCredentials());
    const Credentials fresh = controller.credentials();
    QVERIFY(fresh.accessKey != old.accessKey && fresh.secretKey != old.secretKey);
    QCOMPARE(CredentialStore(store).load()->secretKey, fresh.secretKey);
    QCOMPARE(secret->text(), fresh.secretKey);               // the page follows
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000); // restarted with the new keys
    in.endpoint = controller.endpoint();
    in.credentials = fresh;
    QCOMPARE(fetch(network, PresignBuilder::build(in)->url), 200);
    in.credentials = old;
    QCOMPARE(fetch(network, PresignBuilder::build(in)->url), 403); // old clients fail, as warned

    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), GatewayController::State::Stopped, 15000);
}

void TestGuiWindow::keysFromTheCommandLineAreNotRegenerated()
{
    GatewayOptions options;
    options.posixRoot = QDir::tempPath();
    options.credentials = {QStringLiteral("AKIAGIVEN"), QStringLiteral("given-secret-key")};
    GatewayController controller(options, true);
    QVERIFY(controller.prepare());
    QVERIFY(!controller.regenerateCredentials());
    QCOMPARE(controller.credentials().secretKey, QStringLiteral("given-secret-key"));
    OverviewPage page(&controller);
    const auto buttons = page.findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        if (button->text() == QStringLiteral("Regenerate…"))
            QVERIFY(!button->isEnabled());
    }
}

void TestGuiWindow::regenerateAsksFirst()
{
    QTemporaryDir dirs;
    GatewayController controller(servingOneObject(dirs, 0), false);
    const QString store = dirs.path() + QStringLiteral("/credentials.json");
    controller.setCredentialsPath(store);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);
    const Credentials old = controller.credentials();
    const QUrl endpoint = controller.endpoint();
    QCOMPARE(fetch(presignedGet(endpoint, old)), 200);

    OverviewPage page(&controller);
    page.show();
    auto *regenerate = page.findChild<QPushButton *>(QStringLiteral("regenerate"));
    QVERIFY(regenerate && regenerate->isEnabled());

    // Declining keeps everything: keys, the stored file, the running gateway, old clients.
    answerNextMessageBox(QMessageBox::Cancel);
    regenerate->click(); // returns once the box was answered
    QCOMPARE(controller.credentials().accessKey, old.accessKey);
    QCOMPARE(controller.credentials().secretKey, old.secretKey);
    QCOMPARE(CredentialStore(store).load()->secretKey, old.secretKey);
    QVERIFY(controller.isRunning());
    QCOMPARE(controller.endpoint(), endpoint);
    QCOMPARE(fetch(presignedGet(endpoint, old)), 200);

    // Accepting replaces them; the restarted gateway refuses the old keys.
    answerNextMessageBox(QMessageBox::Yes);
    regenerate->click();
    const Credentials fresh = controller.credentials();
    QVERIFY(fresh.accessKey != old.accessKey && fresh.secretKey != old.secretKey);
    QCOMPARE(CredentialStore(store).load()->secretKey, fresh.secretKey);
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);
    QCOMPARE(fetch(presignedGet(controller.endpoint(), old)), 403);
    QCOMPARE(fetch(presignedGet(controller.endpoint(), fresh)), 200);

    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), GatewayController::State::Stopped, 15000);
}

void TestGuiWindow::trayMenuStopsAndStartsTheGateway()
{
    QTemporaryDir dirs;
    const quint16 port = freePort();
    QVERIFY(port > 0);
    GatewayOptions options = servingOneObject(dirs, port);
    options.credentials = kGivenKeys;
    GatewayController controller(options, true);
    QWidget window;
    TrayController tray(&controller, &window);
    QMenu *menu = tray.menu();
    QVERIFY(menu);
    auto *status = menu->findChild<QAction *>(QStringLiteral("trayStatus"));
    auto *startStop = menu->findChild<QAction *>(QStringLiteral("trayStartStop"));
    auto *copy = menu->findChild<QAction *>(QStringLiteral("trayCopyEndpoint"));
    auto *show = menu->findChild<QAction *>(QStringLiteral("trayShowWindow"));
    auto *quit = menu->findChild<QAction *>(QStringLiteral("trayQuit"));
    QVERIFY(status && startStop && copy && show && quit);
    QCOMPARE(status->text(), QStringLiteral("s3cascade: stopped"));
    QCOMPARE(startStop->text(), QStringLiteral("Start gateway"));
    QVERIFY(!copy->isEnabled());

    startStop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);
    const QUrl endpoint = controller.endpoint();
    QCOMPARE(endpoint.port(), int(port));
    QCOMPARE(status->text(), QStringLiteral("s3cascade: running on %1").arg(endpoint.toString()));
    QCOMPARE(startStop->text(), QStringLiteral("Stop gateway"));
    const QUrl object = presignedGet(endpoint, kGivenKeys);
    QCOMPARE(fetch(object), 200);

    QVERIFY(copy->isEnabled());
    QGuiApplication::clipboard()->clear();
    copy->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://127.0.0.1:%1").arg(port));

    startStop->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), GatewayController::State::Stopped, 15000);
    QCOMPARE(fetch(object), 0); // nothing listens any more
    QCOMPARE(status->text(), QStringLiteral("s3cascade: stopped"));
    QCOMPARE(startStop->text(), QStringLiteral("Start gateway"));
    QVERIFY(!copy->isEnabled());

    startStop->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);
    QCOMPARE(controller.endpoint(), endpoint);
    QCOMPARE(fetch(object), 200); // the same endpoint answers again

    QVERIFY(!window.isVisible());
    show->trigger();
    QVERIFY(window.isVisible());
    QSignalSpy quitRequested(&tray, &TrayController::quitRequested);
    quit->trigger();
    QCOMPARE(quitRequested.size(), 1);

    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), GatewayController::State::Stopped, 15000);
}

void TestGuiWindow::overviewStartsStopsAndMovesTheGateway()
{
    QTemporaryDir dirs;
    GatewayOptions options = servingOneObject(dirs, 0);
    options.credentials = kGivenKeys;
    GatewayController controller(options, true);
    OverviewPage page(&controller);
    page.show();
    auto *startStop = page.findChild<QPushButton *>(QStringLiteral("startStop"));
    auto *bind = page.findChild<QComboBox *>(QStringLiteral("bindAddress"));
    auto *portBox = page.findChild<QSpinBox *>(QStringLiteral("port"));
    auto *apply = page.findChild<QPushButton *>(QStringLiteral("applyListen"));
    QVERIFY(startStop && bind && portBox && apply);
    QCOMPARE(startStop->text(), QStringLiteral("Start"));

    startStop->click();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);
    QCOMPARE(startStop->text(), QStringLiteral("Stop"));
    const QUrl object = presignedGet(controller.endpoint(), kGivenKeys);
    QCOMPARE(fetch(object), 200);
    startStop->click();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), GatewayController::State::Stopped, 15000);
    QCOMPARE(startStop->text(), QStringLiteral("Start"));
    QCOMPARE(fetch(object), 0);
    startStop->click();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);

    // Every IPv4 interface on a chosen port: Apply restarts the gateway there...
    const quint16 port = freePort();
    QVERIFY(port > 0);
    const int everyV4 = bind->findData(QStringLiteral("0.0.0.0"));
    QVERIFY(everyV4 >= 0);
    bind->setCurrentIndex(everyV4);
    portBox->setValue(port);
    apply->click();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning() && controller.endpoint().port() == port, 15000);
    QCOMPARE(controller.options().address, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(fetch(presignedGet(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), kGivenKeys)), 200);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), GatewayController::State::Stopped, 15000);

    // ... and the next GUI start listens there again, unless --port says otherwise.
    QHostAddress saved;
    quint16 savedPort = 0;
    QVERIFY(GuiSettings().listenAddress(&saved, &savedPort));
    QCOMPARE(saved, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(savedPort, port);
    GuiLaunchOptions launch;
    QCOMPARE(GuiApp::gatewayOptions(launch).port, port);
    QCOMPARE(GuiApp::gatewayOptions(launch).address, QHostAddress(QHostAddress::AnyIPv4));
    launch.listenGiven = true;
    launch.gateway.address = QHostAddress::LocalHost;
    launch.gateway.port = 7070;
    QCOMPARE(GuiApp::gatewayOptions(launch).port, quint16(7070));
    QCOMPARE(GuiApp::gatewayOptions(launch).address, QHostAddress(QHostAddress::LocalHost));

    GuiApp next(GuiLaunchOptions{});
    QCOMPARE(next.controller()->options().port, port);
    QCOMPARE(next.controller()->options().address, QHostAddress(QHostAddress::AnyIPv4));
    auto *shownPort = next.window()->findChild<QSpinBox *>(QStringLiteral("port"));
    QVERIFY(shownPort);
    QCOMPARE(shownPort->value(), int(port));
}

QTEST_MAIN(TestGuiWindow)
#include "test_gui_window.moc"
