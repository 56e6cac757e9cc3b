// The GUI's non-widget pieces: secret redaction (log page and stderr), client snippets, endpoint
// lists, and the bounded models behind the Statistics and Log pages.
#include "BackendListModel.h"
#include "BackendStatsModel.h"
#include "ClientSnippets.h"
#include "DisplayPath.h"
#include "EndpointAddresses.h"
#include "GuiTestEnvironment.h"
#include "LogCollector.h"
#include "LogModel.h"
#include "LogPage.h"
#include "QrCodeWidget.h"
#include "ReadsHistory.h"
#include "RecentRequestsModel.h"
#include "SecretRedactor.h"
#include "stats/RecentRequests.h"

#include <QComboBox>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using namespace s3c;

Q_LOGGING_CATEGORY(lcGuiTest, "s3c.guitest")

class TestGuiModels : public QObject
{
    Q_OBJECT

private slots:
    void redactsSecretsAndSignatures();
    void logPageNeverShowsTheSecret();
    void logModelIsBounded();
    void awsSnippets();
    void endpointsForEveryInterface();
    void recentRequestsAreBoundedAndNewestFirst();
    void pathsInTheHomeFolderReadAsTilde();
    void readsHistoryKeepsFiveMinutes();
    void backendHealth();
    void qrCodeEncodes();

private:
    test::GuiTestEnvironment m_env;
};

void TestGuiModels::redactsSecretsAndSignatures()
{
    SecretRedactor redactor;
    const QString secret = QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    redactor.addSecret(secret);
    redactor.addSecret(QStringLiteral("short")); // too short to be a key: ignored
    const QString line = QStringLiteral("loaded %1 for AKIDEXAMPLE").arg(secret);
    QCOMPARE(redactor.redact(line), QStringLiteral("loaded ******** for AKIDEXAMPLE"));
    QCOMPARE(redactor.redact(QStringLiteral("a short word")), QStringLiteral("a short word"));
    const QString auth = QStringLiteral(
        "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=host, Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    const QString redacted = redactor.redact(auth);
    QVERIFY(!redacted.contains(QStringLiteral("aeeed9bb")));
    QVERIFY(redacted.contains(QStringLiteral("Credential=AKID/20130524"))); // the access key is not secret
    QVERIFY(!redactor.redact(QStringLiteral("GET /b/k?X-Amz-Signature=0123456789abcdef0123&x=1"))
                 .contains(QStringLiteral("0123456789abcdef")));
    QVERIFY(!redactor.redact(QStringLiteral("aws_secret_access_key = abcdEFGH1234"))
                 .contains(QStringLiteral("abcdEFGH1234")));
    QVERIFY(!redactor.redact(QStringLiteral("{\"secret\": \"p4ssw0rd-value\"}"))
                 .contains(QStringLiteral("p4ssw0rd")));
}

void TestGuiModels::logPageNeverShowsTheSecret()
{
    LogCollector collector;
    const QString secret = QStringLiteral("gUiTeStSeCrEtKeY0123456789abcdefGHIJKLMN");
    collector.redactor().addSecret(secret);
    LogPage page(&collector);
    // From another thread, as the gateway logs from its worker thread.
    QThread *worker = QThread::create([secret] {
        qCWarning(lcGuiTest) << "backend refused key" << secret;
        qCInfo(lcGuiTest) << "plain info line";
        qCDebug(lcGuiTest) << "debug detail";
    });
    worker->start();
    QVERIFY(worker->wait(5000));
    delete worker;
    QTRY_COMPARE(page.model()->rowCount(), 3);
    for (int row = 0; row < page.model()->rowCount(); ++row) {
        const QString text = page.model()->index(row, LogModel::MessageColumn).data().toString();
        QVERIFY2(!text.contains(secret), qPrintable(text));
    }
    QVERIFY(page.model()
                ->index(0, LogModel::MessageColumn)
                .data()
                .toString()
                .contains(QStringLiteral("********")));
    // Level filter: the default hides debug lines; "Warnings and errors" keeps only the warning.
    QCOMPARE(page.visibleRowCount(), 2);
    auto *level = page.findChild<QComboBox *>(QStringLiteral("level"));
    level->setCurrentIndex(level->findData(2));
    QCOMPARE(page.visibleRowCount(), 1);
    level->setCurrentIndex(level->findData(0));
    QCOMPARE(page.visibleRowCount(), 3);
}

void TestGuiModels::logModelIsBounded()
{
    LogModel model(100);
    QList<LogCollector::Line> lines;
    for (int i = 0; i < 250; ++i)
        lines.append({QDateTime::currentDateTime(), QtInfoMsg, QStringLiteral("c"), QString::number(i)});
    model.append(lines.mid(0, 80));
    model.append(lines.mid(80));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.index(0, LogModel::MessageColumn).data().toString(), QStringLiteral("150"));
    QCOMPARE(model.index(99, LogModel::MessageColumn).data().toString(), QStringLiteral("249"));
}

void TestGuiModels::awsSnippets()
{
    const QUrl endpoint(QStringLiteral("http://127.0.0.1:7070"));
    QCOMPARE(ClientSnippets::awsListCommand(endpoint),
             QStringLiteral("aws --endpoint-url http://127.0.0.1:7070 s3 ls"));
    const Credentials keys{QStringLiteral("AKIAEXAMPLE"), QStringLiteral("SeCrEt/KeY+0123456789")};
    const QString masked =
        ClientSnippets::awsConfigProfile(endpoint, keys, QStringLiteral("eu-west-1"), false);
    QVERIFY(!masked.contains(keys.secretKey));
    QVERIFY(masked.contains(QStringLiteral("aws_access_key_id = AKIAEXAMPLE")));
    QVERIFY(masked.contains(QStringLiteral("endpoint_url = http://127.0.0.1:7070")));
    QVERIFY(masked.contains(QStringLiteral("region = eu-west-1")));
    const QString clear = ClientSnippets::awsConfigProfile(endpoint, keys, QStringLiteral("eu-west-1"), true);
    QVERIFY(clear.contains(QStringLiteral("aws_secret_access_key = SeCrEt/KeY+0123456789")));
    QVERIFY(clear.startsWith(QStringLiteral("[profile s3cascade]\n")));
}

void TestGuiModels::endpointsForEveryInterface()
{
    const QUrl endpoint(QStringLiteral("http://127.0.0.1:7070"));
    const QList<QHostAddress> interfaces{
        QHostAddress(QStringLiteral("127.0.0.1")), QHostAddress(QStringLiteral("192.168.1.20")),
        QHostAddress(QStringLiteral("fe80::1")), QHostAddress(QStringLiteral("2001:db8::5")),
        QHostAddress(QStringLiteral("::1"))};
    QCOMPARE(EndpointAddresses::forBinding(endpoint, QHostAddress::LocalHost, interfaces),
             QList<QUrl>{endpoint});
    const QList<QUrl> v4 = EndpointAddresses::forBinding(endpoint, QHostAddress::AnyIPv4, interfaces);
    QCOMPARE(v4, (QList<QUrl>{endpoint, QUrl(QStringLiteral("http://192.168.1.20:7070"))}));
    const QList<QUrl> all = EndpointAddresses::forBinding(endpoint, QHostAddress::Any, interfaces);
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0), endpoint); // loopback first
    QCOMPARE(all.at(2).host(), QStringLiteral("2001:db8::5"));
    QVERIFY(all.at(2).toString().contains(QStringLiteral("[2001:db8::5]:7070")));
}

void TestGuiModels::recentRequestsAreBoundedAndNewestFirst()
{
    RecentRequestsModel model(5);
    QList<RecentRequest> ring;
    for (quint64 i = 1; i <= 3; ++i)
        ring.append({i, QDateTime::currentDateTimeUtc(), QStringLiteral("GetObject"), QStringLiteral("b"),
                     QString::number(i), 200, QStringLiteral("primary"), 1200, 10});
    model.update(ring);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.entry(0).sequence, 3u);
    model.update(ring); // nothing new
    QCOMPARE(model.rowCount(), 3);
    for (quint64 i = 4; i <= 9; ++i)
        ring.append({i, QDateTime::currentDateTimeUtc(), QStringLiteral("PutObject"), QStringLiteral("b"),
                     QString::number(i), 503, QString(), 0, 0});
    model.update(ring);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.entry(0).sequence, 9u);
    QCOMPARE(model.entry(4).sequence, 5u);
    QCOMPARE(model.index(0, RecentRequestsModel::ObjectColumn).data().toString(), QStringLiteral("b/9"));
    QCOMPARE(model.index(0, RecentRequestsModel::BackendColumn).data().toString(), QStringLiteral("–"));
    // The method column: the HTTP method, the operation as its tooltip (an entry without a method,
    // from an older recorder, shows its operation).
    QCOMPARE(model.index(0, RecentRequestsModel::MethodColumn).data().toString(),
             QStringLiteral("PutObject"));
    RecentRequest upload{10,
                         QDateTime::currentDateTimeUtc(),
                         QStringLiteral("UploadPart"),
                         QStringLiteral("b"),
                         QStringLiteral("big.iso"),
                         200,
                         QStringLiteral("primary"),
                         900,
                         5 << 20};
    upload.method = RecentRequests::httpMethod(upload.operation);
    ring.append(upload);
    model.update(ring);
    QCOMPARE(model.index(0, RecentRequestsModel::MethodColumn).data().toString(), QStringLiteral("PUT"));
    QCOMPARE(model.index(0, RecentRequestsModel::MethodColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("UploadPart"));
    QCOMPARE(RecentRequests::httpMethod(QStringLiteral("CompleteMultipartUpload")), QStringLiteral("POST"));
    QCOMPARE(RecentRequests::httpMethod(QStringLiteral("HeadObject")), QStringLiteral("HEAD"));
    QCOMPARE(RecentRequests::httpMethod(QStringLiteral("DeleteObject")), QStringLiteral("DELETE"));
}

void TestGuiModels::pathsInTheHomeFolderReadAsTilde()
{
    const QString home = QDir::homePath(); // GuiTestEnvironment's temporary folder
    QCOMPARE(DisplayPath::of(home + QStringLiteral("/.config/s3cascade/credentials.json")),
             QDir::toNativeSeparators(QStringLiteral("~/.config/s3cascade/credentials.json")));
    QCOMPARE(DisplayPath::of(home), QStringLiteral("~"));
    QCOMPARE(DisplayPath::of(QStringLiteral("/srv/s3")), QDir::toNativeSeparators(QStringLiteral("/srv/s3")));
    // A sibling whose name merely starts with the home folder's is not inside it.
    QCOMPARE(DisplayPath::of(home + QStringLiteral("2/data")),
             QDir::toNativeSeparators(home + QStringLiteral("2/data")));
    // In a log line, as the Log page shows it.
    const QString line = QStringLiteral("serving \"") + home + QStringLiteral("/Archive\" read-only, not ") +
                         home + QStringLiteral("2");
    QCOMPARE(DisplayPath::inText(line),
             QStringLiteral("serving \"~/Archive\" read-only, not ") + home + QStringLiteral("2"));
}

void TestGuiModels::readsHistoryKeepsFiveMinutes()
{
    ReadsHistory history(300);
    StatsSnapshot snapshot;
    snapshot.backends.append(BackendStatsSnapshot{});
    snapshot.backends[0].name = QStringLiteral("primary");
    snapshot.backends.append(BackendStatsSnapshot{});
    snapshot.backends[1].name = QStringLiteral("fallback");
    const QDateTime start(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    for (int second = 0; second <= 600; ++second) {
        snapshot.backends[0].hitsAtDepth[0] += 2;
        snapshot.backends[1].hitsAtDepth[1] += 1;
        history.add(snapshot, start.addSecs(second));
    }
    QVERIFY(history.samples().size() <= 302);
    QCOMPARE(history.total(0), 600u); // 300 s x 2 reads/s
    QCOMPARE(history.total(1), 300u);
    // A new backend set (reload) restarts the history rather than mixing counters.
    snapshot.backends.removeLast();
    history.add(snapshot, start.addSecs(601));
    QCOMPARE(history.backends(), QStringList{QStringLiteral("primary")});
    QCOMPARE(history.total(0), 0u);
}

void TestGuiModels::backendHealth()
{
    BackendStatsModel model;
    BackendStatsSnapshot a;
    a.name = QStringLiteral("primary");
    BackendStatsSnapshot b;
    b.name = QStringLiteral("fallback");
    const QDateTime t0(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    model.update({a, b}, t0);
    QCOMPARE(model.health(0), BackendStatsModel::Health::Idle);
    a.requests = 5;
    a.failures[int(FailureKind::Timeout)] = 1;
    b.requests = 5;
    b.hits = 5;
    b.ejected = false;
    model.update({a, b}, t0.addSecs(1));
    QCOMPARE(model.health(0), BackendStatsModel::Health::Failing);
    QCOMPARE(model.health(1), BackendStatsModel::Health::Healthy);
    QCOMPARE(model.index(0, BackendStatsModel::NameColumn).data().toString(),
             QStringLiteral("primary (primary)"));
    model.update({a, b}, t0.addSecs(1 + BackendStatsModel::kFailingSeconds));
    QCOMPARE(model.health(0), BackendStatsModel::Health::Healthy);
    a.ejected = true;
    model.update({a, b}, t0.addSecs(100));
    QCOMPARE(model.health(0), BackendStatsModel::Health::Ejected);

    // Issue #11: the reason of the last failure, the state's start and the transitions show.
    QVERIFY(model.index(0, BackendStatsModel::LastFailureColumn).data().toString().isEmpty());
    a.lastFailure = QStringLiteral("no answer to the health probe within 1000 ms");
    a.lastFailureAt = t0.addSecs(99);
    a.stateSince = t0.addSecs(99);
    a.ejections = 2;
    a.readmissions = 1;
    a.lastProbeAt = t0.addSecs(99);
    a.lastProbeOk = false;
    model.update({a, b}, t0.addSecs(100));
    QVERIFY(model.index(0, BackendStatsModel::LastFailureColumn)
                .data()
                .toString()
                .endsWith(QStringLiteral(": no answer to the health probe within 1000 ms")));
    const QString tip = model.index(0, BackendStatsModel::HealthColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("Ejected since")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Readmitted when a health probe succeeds")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Ejected 2 time(s), readmitted 1 time(s)")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("failed")), qPrintable(tip));

    // The Backends page's list shows the same under each backend, matched by name.
    BackendListModel list;
    BackendConfig p;
    p.name = QStringLiteral("primary");
    p.type = BackendConfig::Type::Posix;
    p.path = QStringLiteral("/srv/data");
    BackendConfig f = p;
    f.name = QStringLiteral("fallback");
    list.setBackends({p, f});
    QCOMPARE(list.index(0).data().toString().count(QLatin1Char('\n')), 1);
    QSignalSpy changed(&list, &QAbstractItemModel::dataChanged);
    list.setHealth({a, b});
    QCOMPARE(changed.count(), 2);
    const QString row0 = list.index(0).data().toString();
    QVERIFY2(row0.endsWith(QStringLiteral("\nEjected: reads skip it (no answer to the health probe within 1000 ms)")),
             qPrintable(row0));
    QVERIFY2(list.index(1).data().toString().endsWith(QStringLiteral("\nHealthy")),
             qPrintable(list.index(1).data().toString()));
    QVERIFY(list.index(0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("Ejected since")));
    list.setHealth({a, b}); // unchanged: no repaint
    QCOMPARE(changed.count(), 2);
    list.setHealth({});
    QCOMPARE(list.index(0).data().toString().count(QLatin1Char('\n')), 1);
}

void TestGuiModels::qrCodeEncodes()
{
    const QImage small = QrCodeWidget::encode(QStringLiteral("http://127.0.0.1:7070/b/k"));
    QVERIFY(!small.isNull());
    QCOMPARE(small.width(), small.height());
    QCOMPARE((small.width() - 8 - 21) % 4, 0); // version v is 17 + 4v modules, plus the quiet zone
    QVERIFY(QrCodeWidget::encode(QString()).isNull());
    QVERIFY(QrCodeWidget::encode(QString(4000, QLatin1Char('x'))).isNull()); // beyond version 40
}

QTEST_MAIN(TestGuiModels)
#include "test_gui_models.moc"
