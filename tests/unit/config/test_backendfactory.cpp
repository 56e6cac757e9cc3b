// BackendFactory: a validated config becomes backends in order, with the pinned-bucket rule and
// the cascade options carried over; an invalid one creates nothing.
#include "backends/posix/PosixBackend.h"
#include "backends/s3/S3Backend.h"
#include "config/BackendFactory.h"

#include <QTemporaryDir>
#include <QTest>

using namespace s3c;

class TestBackendFactory : public QObject
{
    Q_OBJECT

private slots:
    void parentExampleBecomesTwoPinnedBackends();
    void posixAndOptions();
    void invalidCreatesNothing();
};

void TestBackendFactory::parentExampleBecomesTwoPinnedBackends()
{
    const auto config = BackendsConfig::fromJson(R"({"backends":[
        {"name":"r2-primary","access":"AK","secret":"SK","region":"us-east-1",
         "endpoint":"https://acct.r2.cloudflarestorage.com/primary-bucket"},
        {"name":"r2-fallback","access":"AK","secret":"SK","region":"us-east-1",
         "endpoint":"https://acct.r2.cloudflarestorage.com/fallback-bucket"}]})",
                                                 QProcessEnvironment());
    QVERIFY(config.ok());
    QObject owner;
    const auto backends = BackendFactory::create(config.value(), &owner);
    QVERIFY(backends.ok());
    QCOMPARE(backends->size(), 2);
    auto *primary = qobject_cast<S3Backend *>(backends->at(0));
    auto *fallback = qobject_cast<S3Backend *>(backends->at(1));
    QVERIFY(primary && fallback);
    QCOMPARE(primary->name(), QStringLiteral("r2-primary"));
    QCOMPARE(primary->parent(), &owner);
    QCOMPARE(primary->options().endpoint, QUrl(QStringLiteral("https://acct.r2.cloudflarestorage.com")));
    QCOMPARE(primary->options().pinnedBucket, QStringLiteral("primary-bucket"));
    QCOMPARE(fallback->options().pinnedBucket, QStringLiteral("fallback-bucket"));
    QCOMPARE(primary->options().exposedBucket, QStringLiteral("primary-bucket"));
    QCOMPARE(fallback->options().exposedBucket, QStringLiteral("primary-bucket"));
}

void TestBackendFactory::posixAndOptions()
{
    QTemporaryDir dir;
    const QByteArray json = R"({"deletePolicy":"all","partialListing":true,"resumeAttempts":1,
        "resumeStallMs":0,"resumeTimeoutMs":700,"promoteOnRead":true,
        "promoteConcurrency":3,"promoteQueue":7,"promoteMaxBytes":1000,"locationCacheTtlMs":0,
        "locationCacheMaxBytes":1000,"missCacheTtlMs":250,"missCacheMaxBytes":2000,"backends":[
        {"name":"disk","type":"posix","path":")" +
                            dir.path().toUtf8() + R"(","readOnly":true},
        {"name":"s3","access":"AK","secret":"SK","endpoint":"http://127.0.0.1:9","usePathStyle":true,
         "disableChecksum":true,"sslSkipVerify":true,"connectTimeoutMs":123,"firstByteTimeoutMs":456}]})";
    const auto config = BackendsConfig::fromJson(json, QProcessEnvironment());
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.failure().text()));
    QObject owner;
    const auto backends = BackendFactory::create(config.value(), &owner);
    QVERIFY(backends.ok());
    QVERIFY(qobject_cast<PosixBackend *>(backends->at(0)));
    QVERIFY(backends->at(0)->isReadOnly());
    const S3BackendOptions o = BackendFactory::s3Options(config.value(), 1);
    QVERIFY(o.usePathStyle && o.disableChecksum && o.sslSkipVerify);
    QCOMPARE(o.connectTimeoutMs, 123);
    QCOMPARE(o.firstByteTimeoutMs, 456);
    QVERIFY(o.pinnedBucket.isEmpty() && o.exposedBucket.isEmpty());
    const MultiOptions m = BackendFactory::multiOptions(config.value());
    QCOMPARE(m.deletePolicy, MultiOptions::DeletePolicy::All);
    QVERIFY(m.partialListing);
    QCOMPARE(m.resume.maxAttempts, 1);
    QCOMPARE(m.resume.stallMs, 0);
    QCOMPARE(m.resume.timeoutMs, 700);
    QVERIFY(m.promote.enabled);
    QCOMPARE(m.promote.concurrency, 3);
    QCOMPARE(m.promote.queue, 7);
    QCOMPARE(m.promote.maxBytes, 1000);
    QCOMPARE(m.locationCacheTtlMs, qint64(0));
    QCOMPARE(m.locationCacheMaxBytes, qint64(1000));
    QCOMPARE(m.missCacheTtlMs, qint64(250));
    QCOMPARE(m.missCacheMaxBytes, qint64(2000));
    // Absent keys give MultiOptions' own defaults.
    const MultiOptions defaults = BackendFactory::multiOptions(BackendsConfig{});
    QCOMPARE(defaults.locationCacheTtlMs, MultiOptions{}.locationCacheTtlMs);
    QCOMPARE(defaults.locationCacheMaxBytes, MultiOptions{}.locationCacheMaxBytes);
    QCOMPARE(defaults.missCacheTtlMs, MultiOptions{}.missCacheTtlMs);
    QCOMPARE(defaults.missCacheMaxBytes, MultiOptions{}.missCacheMaxBytes);
}

void TestBackendFactory::invalidCreatesNothing()
{
    BackendsConfig config;
    BackendConfig ok;
    ok.name = QStringLiteral("a");
    ok.accessKey = QStringLiteral("k");
    ok.secretKey = QStringLiteral("s");
    BackendConfig bad = ok;
    bad.name = QStringLiteral("b");
    bad.endpoint = QStringLiteral("ftp://x");
    config.backends = {ok, bad};
    QObject owner;
    const auto backends = BackendFactory::create(config, &owner);
    QVERIFY(!backends.ok());
    QVERIFY(backends.failure().text().startsWith(QLatin1String("backends[1].endpoint")));
    QVERIFY(owner.children().isEmpty());
}

QTEST_GUILESS_MAIN(TestBackendFactory)
#include "test_backendfactory.moc"
