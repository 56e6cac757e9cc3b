// The Backends page: add, reorder, edit and delete through the real dialogs, save, reload, and
// the file on disk is exactly the JSON the headless mode reads; importing a parent-gateway file;
// Apply reloads a running gateway without a restart.
#include "BackendEditDialog.h"
#include "BackendListModel.h"
#include "BackendsPage.h"
#include "GatewayController.h"
#include "GatewaySetup.h"
#include "GuiTestEnvironment.h"
#include "PresignBuilder.h"
#include "SecretLineEdit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace s3c;

namespace {

const Credentials kKeys{QStringLiteral("AKIAGUITESTBACKENDS1"),
                        QStringLiteral("bAcKeNdStEsTsEcReT0123456789abcdefGHIJKL")};

void type(QWidget *dialog, const char *field, const QString &text)
{
    auto *edit = dialog->findChild<QLineEdit *>(QString::fromLatin1(field));
    QVERIFY2(edit, field);
    edit->setText(text);
}

bool okEnabled(QWidget *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled();
}

QStringList names(const BackendsConfig &config)
{
    QStringList out;
    for (const BackendConfig &b : config.backends)
        out.append(b.name);
    return out;
}

} // namespace

class TestGuiBackends : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void validatesAsYouType();
    void editorRoundTripEqualsTheFileOnDisk();
    void dragAndDropReorders();
    void importsAParentGatewayConfig();
    void applyReloadsTheRunningGateway();

private:
    test::GuiTestEnvironment m_env;
    QTemporaryDir m_dirs;
};

void TestGuiBackends::initTestCase()
{
    // The saved configuration lives in AppConfigLocation, which the application name decides.
    QCoreApplication::setApplicationName(QStringLiteral("s3cascade"));
    QVERIFY(GatewaySetup::savedConfigPath().startsWith(m_env.path()));
    QVERIFY(QDir(m_dirs.path()).mkpath(QStringLiteral("data/photos")));
}

void TestGuiBackends::validatesAsYouType()
{
    GatewayOptions options;
    options.posixRoot = m_dirs.path() + QStringLiteral("/data");
    options.credentials = kKeys;
    GatewayController controller(options, true);
    QVERIFY(controller.prepare());
    BackendsPage page(&controller);
    BackendEditDialog *dialog = page.addBackend(false);
    QVERIFY(dialog);
    QVERIFY(!okEnabled(dialog)); // a new S3 entry has no keys yet
    QVERIFY(dialog->problem().contains(QStringLiteral("access")));
    type(dialog, "access", QStringLiteral("AKIA1"));
    type(dialog, "secret", QStringLiteral("s3cr3t"));
    QVERIFY2(okEnabled(dialog), qPrintable(dialog->problem()));
    type(dialog, "endpoint", QStringLiteral("ftp://example.com"));
    QVERIFY(dialog->problem().contains(QStringLiteral("endpoint")));
    QVERIFY(!okEnabled(dialog));
    type(dialog, "endpoint", QStringLiteral("https://example.com/Bad_Bucket"));
    QVERIFY(!okEnabled(dialog));
    type(dialog, "endpoint", QStringLiteral("https://example.com/good-bucket"));
    QVERIFY(okEnabled(dialog));
    type(dialog, "name", QStringLiteral("local")); // the default entry already has this name
    QVERIFY(dialog->problem().contains(QStringLiteral("local")));
    QVERIFY(!okEnabled(dialog));
    // The secret is masked unless revealed.
    auto *secret = dialog->findChild<SecretLineEdit *>(QStringLiteral("secret"));
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    dialog->reject();
    QCOMPARE(page.model()->rowCount(), 1);
}

void TestGuiBackends::editorRoundTripEqualsTheFileOnDisk()
{
    GatewayOptions options;
    options.posixRoot = m_dirs.path() + QStringLiteral("/data");
    options.credentials = kKeys;
    GatewayController controller(options, true);
    QVERIFY(controller.prepare());
    const QString path = controller.backendsConfigPath();
    QCOMPARE(path, GatewaySetup::savedConfigPath());
    QFile::remove(path);

    BackendsPage page(&controller);
    // First start: the editor shows what is served, the embedded local directory.
    QCOMPARE(names(page.current()), QStringList{QStringLiteral("local")});
    QVERIFY(page.isModified()); // nothing saved yet

    // Add: two S3 backends and a read-only local directory, through the dialogs.
    BackendEditDialog *d = page.addBackend(false);
    type(d, "name", QStringLiteral("r2-primary"));
    type(d, "endpoint", QStringLiteral("https://ACCOUNT.r2.cloudflarestorage.com/primary-bucket"));
    type(d, "access", QStringLiteral("R2_ACCESS_KEY_ID"));
    type(d, "secret", QStringLiteral("R2_SECRET_ACCESS_KEY"));
    QVERIFY2(okEnabled(d), qPrintable(d->problem()));
    d->accept();
    d = page.addBackend(false);
    type(d, "name", QStringLiteral("r2-fallback"));
    type(d, "endpoint", QStringLiteral("https://ACCOUNT.r2.cloudflarestorage.com/fallback-bucket"));
    type(d, "access", QStringLiteral("R2_ACCESS_KEY_ID"));
    type(d, "secret", QStringLiteral("R2_SECRET_ACCESS_KEY"));
    d->findChild<QCheckBox *>(QStringLiteral("usePathStyle"))->setChecked(true);
    d->findChild<QSpinBox *>(QStringLiteral("firstByteTimeoutMs"))->setValue(2500);
    d->accept();
    d = page.addBackend(true);
    type(d, "name", QStringLiteral("archive"));
    type(d, "path", m_dirs.path() + QStringLiteral("/archive"));
    d->findChild<QCheckBox *>(QStringLiteral("readOnly"))->setChecked(true);
    QVERIFY2(okEnabled(d), qPrintable(d->problem()));
    d->accept();
    QCOMPARE(names(page.current()), (QStringList{QStringLiteral("local"), QStringLiteral("r2-primary"),
                                                 QStringLiteral("r2-fallback"), QStringLiteral("archive")}));

    // Reorder: r2-primary to the top (the primary), archive above r2-fallback.
    page.moveBackend(1, -1);
    page.moveBackend(3, -1);
    QCOMPARE(names(page.current()), (QStringList{QStringLiteral("r2-primary"), QStringLiteral("local"),
                                                 QStringLiteral("archive"), QStringLiteral("r2-fallback")}));
    QVERIFY(page.model()->index(0).data().toString().contains(QStringLiteral("primary")));

    // Edit: R2 signs for region "auto".
    d = page.editBackend(3);
    QCOMPARE(d->findChild<QLineEdit *>(QStringLiteral("name"))->text(), QStringLiteral("r2-fallback"));
    type(d, "region", QStringLiteral("auto"));
    d->accept();
    // Delete: the embedded directory is no longer wanted.
    page.removeBackend(1);
    page.findChild<QComboBox *>(QStringLiteral("deletePolicy"))->setCurrentIndex(1);
    page.findChild<QCheckBox *>(QStringLiteral("partialListing"))->setChecked(true);

    const BackendsConfig edited = page.current();
    QCOMPARE(names(edited), (QStringList{QStringLiteral("r2-primary"), QStringLiteral("archive"),
                                         QStringLiteral("r2-fallback")}));
    QCOMPARE(edited.backends.at(2).region, QStringLiteral("auto"));
    QCOMPARE(edited.backends.at(2).firstByteTimeoutMs, 2500);
    QVERIFY(edited.backends.at(2).usePathStyle);
    QVERIFY(edited.backends.at(1).readOnly);
    QCOMPARE(edited.deletePolicy, BackendsConfig::DeletePolicy::All);

    QVERIFY2(page.save(), qPrintable(page.statusText()));
    QVERIFY(!page.isModified());

    // The file is the config's own serialisation, parses back to the same config, holds secrets
    // and so is readable by the owner only.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), edited.toJson());
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    auto fromDisk = BackendsConfig::load(path, QProcessEnvironment());
    QVERIFY(fromDisk);
    QVERIFY(fromDisk.value() == edited);

    // Reload: a new page (as after a restart) shows exactly what was saved.
    BackendsPage reloaded(&controller);
    QVERIFY(reloaded.current() == edited);
    QVERIFY(!reloaded.isModified());
    QFile::remove(path);
}

void TestGuiBackends::dragAndDropReorders()
{
    BackendListModel model;
    QList<BackendConfig> list;
    for (const char *name : {"a", "b", "c"}) {
        BackendConfig b;
        b.name = QString::fromLatin1(name);
        list.append(b);
    }
    model.setBackends(list);
    auto order = [&model] {
        QStringList out;
        for (const BackendConfig &b : model.backends())
            out.append(b.name);
        return out.join(QLatin1Char(','));
    };
    // What the list view does on an internal drop: the dragged row's mime data, dropped before row 0.
    std::unique_ptr<QMimeData> drag(model.mimeData({model.index(2)}));
    QVERIFY(drag);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    // false on purpose: the model moved the row itself, the view must not remove anything.
    QVERIFY(!model.dropMimeData(drag.get(), Qt::MoveAction, 0, 0, {}));
    QCOMPARE(order(), QStringLiteral("c,a,b"));
    QCOMPARE(moved.size(), 1);
    QVERIFY(model.index(0).data().toString().startsWith(QStringLiteral("c — primary")));
    // Dropped below the last row: to the end.
    drag.reset(model.mimeData({model.index(0)}));
    model.dropMimeData(drag.get(), Qt::MoveAction, -1, -1, {});
    QCOMPARE(order(), QStringLiteral("a,b,c"));
    // A copy or foreign data changes nothing.
    drag.reset(model.mimeData({model.index(0)}));
    QVERIFY(!model.dropMimeData(drag.get(), Qt::CopyAction, 2, 0, {}));
    QMimeData foreign;
    foreign.setText(QStringLiteral("0"));
    QVERIFY(!model.dropMimeData(&foreign, Qt::MoveAction, 2, 0, {}));
    QCOMPARE(order(), QStringLiteral("a,b,c"));
}

void TestGuiBackends::importsAParentGatewayConfig()
{
    // The parent gateway's README example: two buckets of one R2 account, with "comments".
    const QByteArray parent = R"({
  "comments": "primary first, then fallback",
  "backends": [
    {"name": "r2-primary", "access": "KEY", "secret": "SECRET",
     "endpoint": "https://ACCOUNT.r2.cloudflarestorage.com/primary-bucket", "region": "us-east-1"},
    {"name": "r2-fallback", "access": "KEY", "secret": "SECRET",
     "endpoint": "https://ACCOUNT.r2.cloudflarestorage.com/fallback-bucket", "region": "us-east-1"}
  ]
})";
    const QString file = m_dirs.path() + QStringLiteral("/parent.json");
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(parent);
    out.close();

    GatewayOptions options;
    options.posixRoot = m_dirs.path() + QStringLiteral("/data");
    options.credentials = kKeys;
    GatewayController controller(options, true);
    QVERIFY(controller.prepare());
    BackendsPage page(&controller);
    QVERIFY(page.importFile(file));
    QCOMPARE(names(page.current()),
             (QStringList{QStringLiteral("r2-primary"), QStringLiteral("r2-fallback")}));
    QCOMPARE(page.current().clientBucketFor(1), QStringLiteral("primary-bucket"));
    QVERIFY(page.isModified());
    QVERIFY(!page.importFile(m_dirs.path() + QStringLiteral("/missing.json")));
    QVERIFY(page.statusText().contains(QStringLiteral("missing.json")));
}

void TestGuiBackends::applyReloadsTheRunningGateway()
{
    const QString first = m_dirs.path() + QStringLiteral("/first");
    const QString second = m_dirs.path() + QStringLiteral("/second");
    QVERIFY(QDir().mkpath(first + QStringLiteral("/photos")));
    QVERIFY(QDir().mkpath(second + QStringLiteral("/photos")));
    QFile only(second + QStringLiteral("/photos/only-second.txt"));
    QVERIFY(only.open(QIODevice::WriteOnly));
    only.write("served by the second backend");
    only.close();

    GatewayOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.posixRoot = first;
    options.credentials = kKeys;
    GatewayController controller(options, true);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);
    const QUrl endpoint = controller.endpoint();

    BackendsPage page(&controller);
    BackendEditDialog *d = page.addBackend(true);
    type(d, "name", QStringLiteral("second"));
    type(d, "path", second);
    d->accept();
    QSignalSpy applied(&controller, &GatewayController::backendsApplied);
    QVERIFY(page.apply());
    QVERIFY(applied.wait(10000));
    QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));
    QVERIFY(controller.isRunning());
    QCOMPARE(controller.endpoint(), endpoint); // no restart: same listener
    QCOMPARE(names(controller.backends()), (QStringList{QStringLiteral("local"), QStringLiteral("second")}));

    // The object only the new fallback holds is now served, and says who served it.
    PresignBuilder::Input in;
    in.bucket = QStringLiteral("photos");
    in.key = QStringLiteral("only-second.txt");
    in.endpoint = endpoint;
    in.credentials = kKeys;
    auto url = PresignBuilder::build(in);
    QVERIFY(url);
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(url->url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->readAll(), QByteArray("served by the second backend"));
    QCOMPARE(reply->rawHeader("x-s3cascade-backend"), QByteArray("second"));
    delete reply;

    // A list the gateway refuses changes nothing and says why.
    BackendsConfig broken = page.current();
    broken.backends[1].path = QStringLiteral("relative/path");
    applied.clear();
    controller.applyBackends(broken);
    QVERIFY(applied.wait(10000));
    QVERIFY(!applied.first().at(0).toBool());
    QCOMPARE(names(controller.backends()), (QStringList{QStringLiteral("local"), QStringLiteral("second")}));

    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), GatewayController::State::Stopped, 15000);
}

QTEST_MAIN(TestGuiBackends)
#include "test_gui_backends.moc"
