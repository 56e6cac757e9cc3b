// The Presign page makes URLs that really work: a real gateway (GatewayHost, port 0, a temporary
// local directory) is driven through presigned PUT, GET, HEAD and DELETE URLs taken from the page.
#include "GatewayController.h"
#include "GuiTestEnvironment.h"
#include "PresignBuilder.h"
#include "PresignPage.h"
#include "QrCodeWidget.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace s3c;

namespace {

const Credentials kKeys{QStringLiteral("AKIAGUITESTPRESIGN01"),
                        QStringLiteral("gUiTeStSeCrEtKeY0123456789abcdefGHIJKLMN")};

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray contentLength;
};

Answer send(QNetworkAccessManager &network, const QByteArray &method, const QString &url,
            const QByteArray &body = {})
{
    // StrictMode keeps the %-escapes exactly as signed.
    QNetworkRequest request(QUrl(url, QUrl::StrictMode));
    QNetworkReply *reply = nullptr;
    if (method == "PUT")
        reply = network.put(request, body);
    else if (method == "HEAD")
        reply = network.head(request); // a custom "HEAD" verb would make QNAM wait for a body
    else if (method == "DELETE")
        reply = network.deleteResource(request);
    else
        reply = network.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !done.wait(10000))
        qWarning() << method << "got no answer within 10 s";
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.contentLength = reply->rawHeader("Content-Length");
    reply->deleteLater();
    return answer;
}

} // namespace

class TestGuiPresign : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void listsTheGatewaysBuckets();
    void presignedUrlsWork();
    void refusesExpiryBeyondSevenDays();
    void failedBucketListLeavesTheBucketFieldUsable();
    void builderRules();

private:
    void choose(QComboBox *combo, const QString &text);

    test::GuiTestEnvironment m_env;
    QTemporaryDir m_data;
    GatewayController *m_controller = nullptr;
    PresignPage *m_page = nullptr;
};

void TestGuiPresign::initTestCase()
{
    QVERIFY(m_data.isValid());
    // A bucket of the posix backend is a top-level folder of the served directory.
    QVERIFY(QDir(m_data.path()).mkpath(QStringLiteral("photos")));
    GatewayOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.posixRoot = m_data.path();
    options.credentials = kKeys;
    m_controller = new GatewayController(options, true, this);
    m_controller->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->isRunning(), 15000);
    QVERIFY(m_controller->endpoint().port() > 0);
    m_page = new PresignPage(m_controller);
    m_page->resize(900, 600);
    m_page->show();
}

void TestGuiPresign::cleanupTestCase()
{
    delete m_page;
    m_controller->stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->state(), GatewayController::State::Stopped, 15000);
}

void TestGuiPresign::choose(QComboBox *combo, const QString &text)
{
    const int index = combo->findText(text);
    QVERIFY2(index >= 0, qPrintable(text));
    combo->setCurrentIndex(index);
}

void TestGuiPresign::listsTheGatewaysBuckets()
{
    auto *bucket = m_page->findChild<QComboBox *>(QStringLiteral("bucket"));
    QVERIFY(bucket);
    // Showing the page asked the gateway (signed ListBuckets); the answer fills the combo.
    QTRY_VERIFY_WITH_TIMEOUT(bucket->findText(QStringLiteral("photos")) >= 0, 10000);
    QCOMPARE(bucket->currentText(), QStringLiteral("photos"));
    auto *host = m_page->findChild<QComboBox *>(QStringLiteral("host"));
    QCOMPARE(host->count(), 1); // bound to loopback only: no LAN address offered
    QCOMPARE(host->currentText(), QStringLiteral("127.0.0.1"));
}

void TestGuiPresign::presignedUrlsWork()
{
    auto *method = m_page->findChild<QComboBox *>(QStringLiteral("method"));
    auto *bucket = m_page->findChild<QComboBox *>(QStringLiteral("bucket"));
    auto *key = m_page->findChild<QLineEdit *>(QStringLiteral("key"));
    auto *qr = m_page->findChild<QrCodeWidget *>(QStringLiteral("qr"));
    QVERIFY(method && bucket && key && qr);
    bucket->setEditText(QStringLiteral("photos"));
    // A key with a space, a tilde and a sub-folder: each must survive signing and the wire.
    const QString objectKey = QStringLiteral("2026/holiday ~notes.txt");
    key->setText(objectKey);
    QByteArray payload;
    for (int i = 0; i < 5000; ++i)
        payload += QByteArray::number(i) + ' ';

    QNetworkAccessManager network;
    choose(method, QStringLiteral("PUT"));
    QVERIFY2(m_page->problem().isEmpty(), qPrintable(m_page->problem()));
    QVERIFY(m_page->curlCommand().startsWith(QStringLiteral("curl -f -T ")));
    QVERIFY(m_page->curlCommand().contains(m_page->url()));
    QCOMPARE(qr->text(), m_page->url());
    QVERIFY(qr->hasCode());
    Answer put = send(network, "PUT", m_page->url(), payload);
    QCOMPARE(put.status, 200);
    QVERIFY(QFile::exists(m_data.path() + QStringLiteral("/photos/2026/holiday ~notes.txt")));

    choose(method, QStringLiteral("GET"));
    Answer get = send(network, "GET", m_page->url());
    QCOMPARE(get.status, 200);
    QCOMPARE(get.body, payload);

    choose(method, QStringLiteral("HEAD"));
    QVERIFY(m_page->curlCommand().startsWith(QStringLiteral("curl -f -I ")));
    Answer head = send(network, "HEAD", m_page->url());
    QCOMPARE(head.status, 200);
    QCOMPARE(head.contentLength, QByteArray::number(payload.size()));

    // The signature covers the method: the HEAD URL must not work for a DELETE.
    Answer wrongMethod = send(network, "DELETE", m_page->url());
    QCOMPARE(wrongMethod.status, 403);

    choose(method, QStringLiteral("DELETE"));
    Answer del = send(network, "DELETE", m_page->url());
    QCOMPARE(del.status, 204);
    choose(method, QStringLiteral("GET"));
    QCOMPARE(send(network, "GET", m_page->url()).status, 404);
}

void TestGuiPresign::refusesExpiryBeyondSevenDays()
{
    auto *expiry = m_page->findChild<QComboBox *>(QStringLiteral("expiry"));
    auto *value = m_page->findChild<QSpinBox *>(QStringLiteral("customExpiry"));
    auto *unit = m_page->findChild<QComboBox *>(QStringLiteral("customUnit"));
    QVERIFY(expiry && value && unit);
    m_page->findChild<QLineEdit *>(QStringLiteral("key"))->setText(QStringLiteral("a.txt"));
    choose(expiry, QStringLiteral("7 days (the maximum)"));
    QVERIFY(!m_page->url().isEmpty());
    QVERIFY(m_page->url().contains(QStringLiteral("X-Amz-Expires=604800")));

    choose(expiry, QStringLiteral("Custom"));
    choose(unit, QStringLiteral("days"));
    value->setValue(8);
    QVERIFY(m_page->url().isEmpty());
    QVERIFY(m_page->problem().contains(QStringLiteral("7 days")));
    value->setValue(7);
    QVERIFY(m_page->url().contains(QStringLiteral("X-Amz-Expires=604800")));
    choose(unit, QStringLiteral("seconds"));
    value->setValue(0);
    QVERIFY(m_page->url().isEmpty());
    QVERIFY(!m_page->problem().isEmpty());
    value->setValue(1);
    QVERIFY(m_page->url().contains(QStringLiteral("X-Amz-Expires=1&")));
}

// Two backends, the second an S3 service that refuses connections: ListBuckets answers 503 as a
// whole, yet the local primary still takes writes and serves reads. The page says so calmly and the
// typed bucket name gives working URLs.
void TestGuiPresign::failedBucketListLeavesTheBucketFieldUsable()
{
    QTemporaryDir primary;
    QVERIFY(QDir(primary.path()).mkpath(QStringLiteral("scans")));
    quint16 deadPort = 0;
    {
        QTcpServer probe; // a port that was free a moment ago and has nobody listening now
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        deadPort = probe.serverPort();
    }
    BackendConfig local;
    local.type = BackendConfig::Type::Posix;
    local.name = QStringLiteral("local");
    local.path = primary.path();
    BackendConfig remote;
    remote.name = QStringLiteral("offline-archive");
    remote.endpoint = QStringLiteral("http://127.0.0.1:%1").arg(deadPort);
    remote.accessKey = QStringLiteral("AKIAREMOTE");
    remote.secretKey = QStringLiteral("remote-secret");
    remote.usePathStyle = true;
    remote.connectTimeoutMs = 2000;
    GatewayOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.credentials = kKeys;
    options.backends.backends = {local, remote};
    GatewayController controller(options, true);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 15000);

    PresignPage page(&controller);
    page.resize(900, 600);
    page.show(); // asks for the buckets
    auto *status = page.findChild<QLabel *>(QStringLiteral("bucketStatus"));
    auto *bucket = page.findChild<QComboBox *>(QStringLiteral("bucket"));
    QVERIFY(status && bucket);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("The bucket list is not available")),
                             15000);
    QVERIFY2(status->text().contains(QStringLiteral("Type the bucket name")), qPrintable(status->text()));
    // No raw S3 error in the text; the details are one hover away.
    QVERIFY(!status->text().contains(QStringLiteral("503")));
    QVERIFY2(status->toolTip().contains(QStringLiteral("503")), qPrintable(status->toolTip()));
    QVERIFY(page.problem().isEmpty() || !page.problem().contains(QStringLiteral("503")));
    QVERIFY(bucket->isEnabled() && bucket->isEditable());

    bucket->setEditText(QStringLiteral("scans"));
    page.findChild<QLineEdit *>(QStringLiteral("key"))->setText(QStringLiteral("receipt.txt"));
    choose(page.findChild<QComboBox *>(QStringLiteral("method")), QStringLiteral("PUT"));
    QVERIFY2(page.problem().isEmpty(), qPrintable(page.problem()));
    QNetworkAccessManager network;
    QCOMPARE(send(network, "PUT", page.url(), "paid").status, 200);
    choose(page.findChild<QComboBox *>(QStringLiteral("method")), QStringLiteral("GET"));
    const Answer read = send(network, "GET", page.url());
    QCOMPARE(read.status, 200);
    QCOMPARE(read.body, QByteArray("paid"));

    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), GatewayController::State::Stopped, 15000);
}

void TestGuiPresign::builderRules()
{
    QVERIFY(PresignBuilder::expiryProblem(1).isEmpty());
    QVERIFY(PresignBuilder::expiryProblem(604800).isEmpty());
    QVERIFY(!PresignBuilder::expiryProblem(604801).isEmpty());
    QVERIFY(!PresignBuilder::expiryProblem(0).isEmpty());

    PresignBuilder::Input in;
    in.method = "GET";
    in.bucket = QStringLiteral("b");
    in.key = QStringLiteral("k");
    in.endpoint = QUrl(QStringLiteral("http://192.168.1.20:7070"));
    in.credentials = kKeys;
    in.now = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    in.expiresSeconds = 900;
    auto out = PresignBuilder::build(in);
    QVERIFY(out);
    QCOMPARE(out->expiresAt, in.now.addSecs(900));
    QCOMPARE(out->url.host(), QStringLiteral("192.168.1.20"));
    QVERIFY(out->url.toString().contains(QStringLiteral("X-Amz-Date=20260102T030405Z")));
    in.method = "POST";
    QCOMPARE(PresignBuilder::build(in).error(), S3Error::InvalidArgument);
    in.method = "GET";
    in.endpoint = QUrl();
    QVERIFY(!PresignBuilder::build(in));
}

QTEST_MAIN(TestGuiPresign)
#include "test_gui_presign.moc"
