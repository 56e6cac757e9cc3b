// Takes the README's screenshots of every page of the admin window (docs/screenshots/):
//   cmake --build build --target s3c_screenshots
//   xvfb-run -a -s "-screen 0 1280x900x24" build/gui/s3c_screenshots docs/screenshots
// It runs a real gateway in a throw-away HOME (so the pages show ~/... paths, as on a user's
// machine): the default local directory, then a NAS's S3 service that never answers (a loopback
// listener nobody serves), then a read-only archive directory. It applies the configuration once
// and reads objects for a while, so the statistics, the chart, the health column and the log have
// something true to show.
#include "BackendEditDialog.h"
#include "BackendsPage.h"
#include "GatewayController.h"
#include "GuiApp.h"
#include "MainWindow.h"
#include "PresignBuilder.h"
#include "TranslationLoader.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QEventLoop>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace s3c;

namespace {

void wait(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

void writeObject(const QString &root, const QString &key, int size)
{
    const QString path = root + QLatin1Char('/') + key;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(QByteArray(size, 'x'));
}

BackendConfig local(const QString &name, const QString &path, bool readOnly)
{
    BackendConfig b;
    b.type = BackendConfig::Type::Posix;
    b.name = name;
    b.path = path;
    b.readOnly = readOnly;
    return b;
}

} // namespace

int main(int argc, char *argv[])
{
    QTemporaryDir home;
    qputenv("HOME", home.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", (home.path() + QStringLiteral("/.config")).toUtf8());
    qputenv("XDG_DATA_HOME", (home.path() + QStringLiteral("/.local/share")).toUtf8());
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("s3cascade"));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    const QString language = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral("en");
    TranslationLoader::install(&app, language);
    QDir().mkpath(out);

    const QString primary = home.path() + QStringLiteral("/.local/share/s3cascade/data");
    const QString archive = home.path() + QStringLiteral("/Archive");
    for (int i = 0; i < 12; ++i)
        writeObject(primary, QStringLiteral("photos/2026/img_%1.jpg").arg(i, 4, 10, QLatin1Char('0')),
                    40000 + i * 1000);
    for (int i = 0; i < 20; ++i)
        writeObject(archive, QStringLiteral("photos/2019/scan_%1.jpg").arg(i, 4, 10, QLatin1Char('0')),
                    250000);

    QTcpServer stuck; // accepts TCP handshakes from the backlog, never answers
    // The port a MinIO-style NAS service usually has, when it is free here.
    if (!stuck.listen(QHostAddress::LocalHost, 9000))
        stuck.listen(QHostAddress::LocalHost, 0);
    stuck.pauseAccepting();
    BackendConfig nas;
    nas.name = QStringLiteral("nas");
    nas.endpoint = QStringLiteral("http://127.0.0.1:%1").arg(stuck.serverPort());
    nas.accessKey = QStringLiteral("NASACCESSKEY");
    nas.secretKey = QStringLiteral("nas-secret-key");
    nas.usePathStyle = true;
    nas.firstByteTimeoutMs = 400;

    GuiLaunchOptions options;
    options.gateway.address = QHostAddress::LocalHost;
    {
        // The usual port when it is free, so the pictures show what users see.
        QTcpServer probe;
        options.gateway.port = probe.listen(QHostAddress::LocalHost, 7070) ? 7070 : 0;
    }
    options.gateway.backends.backends = {local(QStringLiteral("local"), primary, false), nas,
                                         local(QStringLiteral("archive"), archive, true)};
    // A NAS that sleeps at times should not hide the buckets the others list (Presign page).
    options.gateway.backends.partialListing = true;
    GuiApp gui(options);
    gui.start();
    MainWindow *window = gui.window();
    window->resize(1120, 780);
    GatewayController *controller = gui.controller();
    for (int i = 0; i < 100 && !controller->isRunning(); ++i)
        wait(100);
    if (!controller->isRunning()) {
        std::fputs("the gateway did not start\n", stderr);
        return 1;
    }
    // What Apply on the Backends page does: reload the running gateway (a line in the log).
    controller->applyBackends(controller->backends());
    wait(300);

    // Traffic: mostly new photos from the primary, some old scans that only the archive holds
    // (they try the stuck backend first until it is ejected), a few misses.
    QNetworkAccessManager network;
    auto read = [&](const QString &key) {
        PresignBuilder::Input in;
        in.bucket = QStringLiteral("photos");
        in.key = key;
        in.endpoint = controller->endpoint();
        in.credentials = controller->credentials();
        if (auto url = PresignBuilder::build(in))
            network.get(QNetworkRequest(url->url)); // deleted when finished (below)
    };
    QObject::connect(&network, &QNetworkAccessManager::finished, &network,
                     [](QNetworkReply *r) { r->deleteLater(); });
    QRandomGenerator random(42);
    for (int tick = 0; tick < 450; ++tick) {
        const int phase = tick / 75; // bursts of different mixes
        const int reads = 1 + int(random.bounded(phase % 2 ? 5 : 2));
        for (int i = 0; i < reads; ++i) {
            const quint32 dice = random.bounded(100);
            if (dice < 70)
                read(QStringLiteral("2026/img_%1.jpg").arg(random.bounded(12), 4, 10, QLatin1Char('0')));
            else if (dice < 95)
                read(QStringLiteral("2019/scan_%1.jpg").arg(random.bounded(20), 4, 10, QLatin1Char('0')));
            else
                read(QStringLiteral("2020/missing.jpg"));
        }
        wait(100);
    }
    wait(1500);

    auto shoot = [&](const QString &page, const QString &file) {
        window->showPage(page);
        wait(400);
        const QString path = out + QLatin1Char('/') + file;
        if (!window->grab().save(path))
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
    };
    shoot(QStringLiteral("overview"), QStringLiteral("overview.png"));
    shoot(QStringLiteral("backends"), QStringLiteral("backends.png"));
    auto *backends = qobject_cast<BackendsPage *>(window->page(QStringLiteral("backends")));
    if (BackendEditDialog *dialog = backends->editBackend(1)) {
        wait(400);
        dialog->grab().save(out + QStringLiteral("/backend-dialog.png"));
        dialog->reject();
    }
    window->showPage(QStringLiteral("presign"));
    QWidget *presign = window->page(QStringLiteral("presign"));
    presign->findChild<QComboBox *>(QStringLiteral("bucket"))->setEditText(QStringLiteral("photos"));
    presign->findChild<QLineEdit *>(QStringLiteral("key"))->setText(QStringLiteral("2026/img_0003.jpg"));
    auto *expiry = presign->findChild<QComboBox *>(QStringLiteral("expiry"));
    expiry->setCurrentIndex(2); // 1 day
    shoot(QStringLiteral("presign"), QStringLiteral("presign.png"));
    shoot(QStringLiteral("statistics"), QStringLiteral("statistics.png"));
    // The default level (info and above): start, listen, apply, the NAS's ejections; the
    // per-request debug lines would bury them.
    auto *level = window->page(QStringLiteral("log"))->findChild<QComboBox *>(QStringLiteral("level"));
    level->setCurrentIndex(1);
    shoot(QStringLiteral("log"), QStringLiteral("log.png"));
    gui.quit();
    return 0;
}
