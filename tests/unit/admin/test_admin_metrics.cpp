#include "admin/AdminJson.h"
#include "admin/AdminToken.h"
#include "admin/MetricsExporter.h"
#include "admin/ProcessMetrics.h"
#include "s3/S3Router.h"
#include "stats/GatewayMetrics.h"
#include "stats/Statistics.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace s3c;

class TestAdminMetrics : public QObject
{
    Q_OBJECT
private slots:
    void countsByOperationAndStatus()
    {
        GatewayMetrics m;
        const int get = int(S3Operation::GetObject);
        m.recordRequest(get, 200, 500);     // <= 1 ms
        m.recordRequest(get, 200, 3000);    // <= 5 ms
        m.recordRequest(get, 404, 2000000); // <= 10 s
        m.recordRequest(-1, 400, 0);
        m.recordRequest(get, 99, 10); // outside 100..599: in the histogram only
        QCOMPARE(m.requests(get, 200), 2u);
        QCOMPARE(m.requests(get, 404), 1u);
        QCOMPARE(m.requests(GatewayMetrics::kOtherOperation, 400), 1u);
        QCOMPARE(m.durationCount(get), 4u);
        QCOMPARE(m.durationBucket(get, 0), 2u); // 500 us and 10 us
        QCOMPARE(m.durationBucket(get, 2), 1u);
        QCOMPARE(m.durationSumUs(get), quint64(500 + 3000 + 2000000 + 10));
    }

    void exposition()
    {
        GatewayMetrics m;
        m.recordRequest(int(S3Operation::PutObject), 200, 1500);
        m.addBytesReceived(100);
        m.addBytesSent(40);
        m.connectionOpened();
        Statistics stats({QStringLiteral("pri\"mary"), QStringLiteral("second")});
        stats.backend(1).addRequest();
        stats.backend(1).addLatency(1500);
        stats.backend(1).addHit(1);
        stats.backend(1).addCall(BackendOperation::Read, 0);
        stats.backend(0).addCall(BackendOperation::Write, 3 + int(FailureKind::Timeout));
        stats.backend(0).markEjected(QStringLiteral("refused"));
        const QByteArray text =
            QString::fromUtf8(MetricsExporter::render(m, &stats, ProcessMetrics::read(),
                                                      {QStringLiteral("1.2"), QStringLiteral("6.4.2"),
                                                       QStringLiteral("OpenSSL 3")}))
                .toUtf8();
        const auto has = [&](const char *line) {
            const QByteArray wanted = QByteArray(line) + '\n';
            if (!text.contains(wanted))
                qWarning("missing %s in\n%s", line, text.constData());
            return text.contains(wanted);
        };
        QVERIFY(has("s3cascade_requests_total{operation=\"PutObject\",code=\"200\"} 1"));
        QVERIFY(has("s3cascade_request_duration_seconds_bucket{operation=\"PutObject\",le=\"0.001\"} 0"));
        QVERIFY(has("s3cascade_request_duration_seconds_bucket{operation=\"PutObject\",le=\"0.0025\"} 1"));
        QVERIFY(has("s3cascade_request_duration_seconds_bucket{operation=\"PutObject\",le=\"+Inf\"} 1"));
        QVERIFY(has("s3cascade_request_duration_seconds_sum{operation=\"PutObject\"} 0.0015"));
        QVERIFY(has("s3cascade_bytes_received_total 100"));
        QVERIFY(has("s3cascade_bytes_sent_total 40"));
        QVERIFY(has("s3cascade_connections_open 1"));
        QVERIFY(has("s3cascade_cascade_reads_total{served_by_position=\"2\"} 1"));
        QVERIFY(has("s3cascade_backend_requests_total{backend=\"second\",operation=\"read\",result=\"hit\"} 1"));
        QVERIFY(has("s3cascade_backend_requests_total{backend=\"pri\\\"mary\",operation=\"write\",result=\"timeout\"} 1"));
        QVERIFY(!text.contains("operation=\"delete\""));
        // 1500 us lies between the 1.024 ms and 4.096 ms bounds.
        QVERIFY(
            has("s3cascade_backend_request_duration_seconds_bucket{backend=\"second\",le=\"0.001024\"} 0"));
        QVERIFY(
            has("s3cascade_backend_request_duration_seconds_bucket{backend=\"second\",le=\"0.004096\"} 1"));
        QVERIFY(has("s3cascade_backend_up{backend=\"pri\\\"mary\"} 0"));
        QVERIFY(has("s3cascade_backend_ejections_total{backend=\"pri\\\"mary\"} 1"));
        QVERIFY(has("s3cascade_build_info{version=\"1.2\",qt=\"6.4.2\",openssl=\"OpenSSL 3\"} 1"));
        // Untouched operations get no series.
        QVERIFY(!text.contains("operation=\"GetObject\""));
    }

    void escapesLabels()
    {
        QCOMPARE(MetricsExporter::escapeLabel(QStringLiteral("a\\b\"c\nd")), QByteArray("a\\\\b\\\"c\\nd"));
    }

    void masksAndKeepsSecrets()
    {
        BackendsConfig config;
        BackendConfig b;
        b.name = QStringLiteral("one");
        b.endpoint = QStringLiteral("http://127.0.0.1:9000");
        b.accessKey = QStringLiteral("AK");
        b.secretKey = QStringLiteral("very-secret");
        config.backends.append(b);
        const QJsonObject masked = AdminJson::maskedBackends(config);
        const QByteArray json = QJsonDocument(masked).toJson();
        QVERIFY(!json.contains("very-secret"));
        QCOMPARE(masked.value(QStringLiteral("backends"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("secret"))
                     .toString(),
                 QString(AdminJson::kMask));
        auto back = AdminJson::parseBackends(json, config);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.failure().text()));
        QCOMPARE(back->backends.at(0).secretKey, QStringLiteral("very-secret"));
        BackendsConfig other = config;
        other.backends[0].name = QStringLiteral("two");
        auto refused = AdminJson::parseBackends(json, other);
        QVERIFY(!refused.ok());
        QCOMPARE(AdminJson::fieldOf(refused.failure().text()), QStringLiteral("backends[0].secret"));
        QCOMPARE(AdminJson::fieldOf(QStringLiteral("plain message")), QString());
    }

    void tokenFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/admin-token"));
        bool generated = false;
        auto first = AdminToken::loadOrCreate(&generated, path);
        QVERIFY(first.ok());
        QVERIFY(generated);
        QCOMPARE(first->size(), 64);
        QCOMPARE(QFile::permissions(path) &
                     ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
                 QFile::Permissions());
        auto second = AdminToken::loadOrCreate(&generated, path);
        QVERIFY(second.ok());
        QVERIFY(!generated);
        QCOMPARE(second.value(), first.value());
        QVERIFY(AdminToken::matches(first.value(), first.value()));
        QVERIFY(!AdminToken::matches(first.value(), first->left(63)));
        QVERIFY(!AdminToken::matches(QByteArray(), QByteArray()));
    }
};

QTEST_GUILESS_MAIN(TestAdminMetrics)
#include "test_admin_metrics.moc"
