// The window remembers its last page and geometry, asks once what closing does and remembers the
// answer; regenerating the keys stores new ones and restarts the gateway with them.
#include "GatewayController.h"
#include "GuiSettings.h"
#include "GuiTestEnvironment.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "PresignBuilder.h"
#include "SecretLineEdit.h"
#include "config/CredentialStore.h"

#include <QLabel>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
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

QTEST_MAIN(TestGuiWindow)
#include "test_gui_window.moc"
