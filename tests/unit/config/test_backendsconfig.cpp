// BackendsConfig: the parent's format and README example, s3cascade's additions, environment
// overrides, every validation error, warnings, secrets kept out of messages, round trip.
#include "config/BackendConfigReader.h"
#include "config/BackendsConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace s3c;

// Declared before the raw-string fixtures: moc does not lex raw string literals.
class TestBackendsConfig : public QObject
{
    Q_OBJECT

private slots:
    void parentReadmeExample();
    void parentFieldsAndDefaults();
    void additions();
    void unknownKeysWarn();
    void environmentOverrides();
    void environmentErrors();
    void validationErrors_data();
    void validationErrors();
    void secretsNeverInMessages();
    void exposedBucketRule();
    void roundTrip();
    void saveAndLoad();
    void parseBool();
};

namespace {

// The parent's README, "Cloudflare R2 Dual Bucket (Recommended)": two buckets of one account.
const QByteArray kParentR2Example = R"({
  "backends": [
    {
      "name": "r2-primary-bucket",
      "access": "YOUR_R2_ACCESS_KEY_ID",
      "secret": "YOUR_R2_SECRET_ACCESS_KEY",
      "endpoint": "https://YOUR_ACCOUNT_ID.r2.cloudflarestorage.com/primary-bucket",
      "region": "us-east-1"
    },
    {
      "name": "r2-fallback-bucket",
      "access": "YOUR_R2_ACCESS_KEY_ID",
      "secret": "YOUR_R2_SECRET_ACCESS_KEY",
      "endpoint": "https://YOUR_ACCOUNT_ID.r2.cloudflarestorage.com/fallback-bucket",
      "region": "us-east-1"
    }
  ]
})";

const QString kSecret = QStringLiteral("TOP-SECRET-VALUE-42");

QProcessEnvironment emptyEnv()
{
    return QProcessEnvironment();
}

QByteArray oneBackend(const QByteArray &fields)
{
    return R"({"backends":[{"name":"b0","access":"AK","secret":"TOP-SECRET-VALUE-42")" + fields + "}]}";
}

} // namespace

void TestBackendsConfig::parentReadmeExample()
{
    QStringList warnings;
    const auto config = BackendsConfig::fromJson(kParentR2Example, emptyEnv(), &warnings);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.failure().text()));
    QVERIFY(warnings.isEmpty());
    QCOMPARE(config->backends.size(), 2);
    const BackendConfig &primary = config->backends[0];
    QCOMPARE(primary.name, QStringLiteral("r2-primary-bucket"));
    QCOMPARE(primary.type, BackendConfig::Type::S3);
    // The endpoint's path pins the bucket; the endpoint proper is the account's host.
    QCOMPARE(primary.pinnedBucket(), QStringLiteral("primary-bucket"));
    QCOMPARE(primary.endpointUrl(), QUrl(QStringLiteral("https://YOUR_ACCOUNT_ID.r2.cloudflarestorage.com")));
    QCOMPARE(config->backends[1].pinnedBucket(), QStringLiteral("fallback-bucket"));
    // Clients use the primary's bucket name for both, so reads cascade primary -> fallback.
    QCOMPARE(config->clientBucketFor(0), QStringLiteral("primary-bucket"));
    QCOMPARE(config->clientBucketFor(1), QStringLiteral("primary-bucket"));
    QCOMPARE(config->deletePolicy, BackendsConfig::DeletePolicy::Primary);
    QVERIFY(!config->partialListing);
    QVERIFY(!config->promoteOnRead); // copy-on-read is asked for, never a default
    QCOMPARE(config->promoteConcurrency, 4);
    QCOMPARE(config->promoteQueue, 64);
    QCOMPARE(config->promoteMaxBytes, 5LL * 1024 * 1024 * 1024);
}

void TestBackendsConfig::parentFieldsAndDefaults()
{
    const auto config = BackendsConfig::fromJson(R"({"backends":[
        {"access":"a","secret":"s","usePathStyle":true,"sslSkipVerify":true,"disableChecksum":true,
         "endpoint":"http://127.0.0.1:9000","metaBucket":""},
        {"access":"a","secret":"s"}]})",
                                                 emptyEnv());
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.failure().text()));
    const BackendConfig &b = config->backends[0];
    QCOMPARE(b.name, QStringLiteral("backend-0")); // name is optional in the parent's format
    QCOMPARE(config->backends[1].name, QStringLiteral("backend-1"));
    QVERIFY(b.usePathStyle && b.sslSkipVerify && b.disableChecksum);
    QCOMPARE(b.region, QStringLiteral("us-east-1"));
    QVERIFY(b.pinnedBucket().isEmpty());
    QCOMPARE(b.endpointUrl(), QUrl(QStringLiteral("http://127.0.0.1:9000")));
    QVERIFY(config->backends[1].endpoint.isEmpty()); // AWS itself
    QVERIFY(config->clientBucketFor(0).isEmpty());
}

void TestBackendsConfig::additions()
{
    const auto config = BackendsConfig::fromJson(R"({"backends":[
        {"name":"local","type":"posix","path":"/srv/s3"},
        {"name":"ro","type":"s3","access":"a","secret":"s","endpoint":"https://minio.lan","bucket":"archive",
         "readOnly":true,"connectTimeoutMs":1500,"firstByteTimeoutMs":9000}],
        "deletePolicy":"all","partialListing":true,"promoteOnRead":true,"promoteConcurrency":2,
        "promoteQueue":0,"promoteMaxBytes":5368709120})",
                                                 emptyEnv());
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.failure().text()));
    QVERIFY(config->promoteOnRead);
    QCOMPARE(config->promoteConcurrency, 2);
    QCOMPARE(config->promoteQueue, 0);
    QCOMPARE(config->promoteMaxBytes, 5368709120LL);
    QCOMPARE(config->backends[0].type, BackendConfig::Type::Posix);
    QCOMPARE(config->backends[0].path, QStringLiteral("/srv/s3"));
    QVERIFY(config->backends[1].readOnly);
    QCOMPARE(config->backends[1].pinnedBucket(), QStringLiteral("archive"));
    QCOMPARE(config->backends[1].connectTimeoutMs, 1500);
    QCOMPARE(config->backends[1].firstByteTimeoutMs, 9000);
    QCOMPARE(config->deletePolicy, BackendsConfig::DeletePolicy::All);
    QVERIFY(config->partialListing);
    QCOMPARE(config->clientBucketFor(1), QStringLiteral("archive"));
    QVERIFY(config->clientBucketFor(0).isEmpty());
    // Mid-stream resume of GET: on by default.
    QCOMPARE(config->resumeAttempts, 3);
    QCOMPARE(config->resumeStallMs, 2000);
    QCOMPARE(config->resumeTimeoutMs, 5000);
    const auto off = BackendsConfig::fromJson(
        R"({"backends":[{"type":"posix","path":"/a"}],"resumeAttempts":0,"resumeStallMs":0,"resumeTimeoutMs":1})",
        emptyEnv());
    QVERIFY(off.ok());
    QCOMPARE(off->resumeAttempts, 0);
    QCOMPARE(off->resumeStallMs, 0);
    QCOMPARE(off->resumeTimeoutMs, 1);
}

void TestBackendsConfig::unknownKeysWarn()
{
    QStringList warnings;
    QTest::ignoreMessage(QtWarningMsg, "config.comments: unknown key ignored");
    QTest::ignoreMessage(QtWarningMsg, "backends[0].comments: unknown key ignored");
    QTest::ignoreMessage(QtWarningMsg, "backends[0].metaBucket: not used by s3cascade (ignored)");
    const auto config = BackendsConfig::fromJson(
        R"({"comments":"parent example","backends":[{"access":"a","secret":"s","comments":"x","metaBucket":"meta"}]})",
        emptyEnv(), &warnings);
    QVERIFY(config.ok());
    QCOMPARE(warnings.size(), 3);
    QVERIFY(warnings.contains(QStringLiteral("backends[0].comments: unknown key ignored")));
}

void TestBackendsConfig::environmentOverrides()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("VGW_S3_MULTI_BACKEND_0_ACCESS"), QStringLiteral("vgw-access"));
    env.insert(QStringLiteral("VGW_S3_MULTI_BACKEND_0_SECRET"), QStringLiteral("vgw-secret"));
    env.insert(QStringLiteral("VGW_S3_MULTI_BACKEND_0_USE_PATH_STYLE"), QStringLiteral("T"));
    env.insert(QStringLiteral("VGW_S3_MULTI_BACKEND_1_ENDPOINT"),
               QStringLiteral("https://other.example.com/other-bucket"));
    env.insert(QStringLiteral("S3CASCADE_BACKEND_1_ENDPOINT"),
               QStringLiteral("https://wins.example.com/wins-bucket"));
    env.insert(QStringLiteral("S3CASCADE_BACKEND_1_DISABLE_CHECKSUM"), QStringLiteral("1"));
    env.insert(QStringLiteral("S3CASCADE_BACKEND_1_SSL_SKIP_VERIFY"), QStringLiteral("false"));
    env.insert(QStringLiteral("S3CASCADE_BACKEND_1_NAME"), QStringLiteral("renamed"));
    env.insert(QStringLiteral("S3CASCADE_BACKEND_1_REGION"), QStringLiteral("auto"));
    env.insert(QStringLiteral("S3CASCADE_BACKEND_1_READ_ONLY"), QStringLiteral("true"));
    env.insert(QStringLiteral("S3CASCADE_BACKEND_1_FIRST_BYTE_TIMEOUT_MS"), QStringLiteral("1234"));
    env.insert(QStringLiteral("S3CASCADE_BACKEND_7_ACCESS"), QStringLiteral("no such backend: ignored"));
    const auto config = BackendsConfig::fromJson(
        R"({"backends":[{"name":"p","access":"file","secret":"file"},
                        {"access":"a","secret":"s","sslSkipVerify":true,"endpoint":"https://x.example.com"}]})",
        env);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.failure().text()));
    QCOMPARE(config->backends.size(), 2);
    QCOMPARE(config->backends[0].accessKey, QStringLiteral("vgw-access"));
    QCOMPARE(config->backends[0].secretKey, QStringLiteral("vgw-secret"));
    QVERIFY(config->backends[0].usePathStyle);
    const BackendConfig &b = config->backends[1];
    QCOMPARE(b.endpoint, QStringLiteral("https://wins.example.com/wins-bucket"));
    QCOMPARE(b.pinnedBucket(), QStringLiteral("wins-bucket"));
    QVERIFY(b.disableChecksum);
    QVERIFY(!b.sslSkipVerify); // an explicit false in the environment overrides the file's true
    QCOMPARE(b.name, QStringLiteral("renamed"));
    QCOMPARE(b.region, QStringLiteral("auto"));
    QVERIFY(b.readOnly);
    QCOMPARE(b.firstByteTimeoutMs, 1234);
}

void TestBackendsConfig::environmentErrors()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("S3CASCADE_BACKEND_0_USE_PATH_STYLE"), QStringLiteral("yes please"));
    auto config = BackendsConfig::fromJson(oneBackend({}), env);
    QVERIFY(!config.ok());
    QCOMPARE(config.failure().text(),
             QStringLiteral("S3CASCADE_BACKEND_0_USE_PATH_STYLE: must be a boolean (true/false/1/0)"));
    env.clear();
    env.insert(QStringLiteral("VGW_S3_MULTI_BACKEND_0_CONNECT_TIMEOUT_MS"), QStringLiteral("soon"));
    config = BackendsConfig::fromJson(oneBackend({}), env);
    QCOMPARE(config.failure().text(),
             QStringLiteral("VGW_S3_MULTI_BACKEND_0_CONNECT_TIMEOUT_MS: must be an integer"));
    // An override can also make a config invalid; the message names the field.
    env.clear();
    env.insert(QStringLiteral("S3CASCADE_BACKEND_0_ENDPOINT"), QStringLiteral("ftp://nope"));
    config = BackendsConfig::fromJson(oneBackend({}), env);
    QVERIFY(config.failure().text().startsWith(QLatin1String("backends[0].endpoint: ")));
}

void TestBackendsConfig::validationErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("syntax") << QByteArray("{\"backends\": [")
                            << QStringLiteral("config: invalid JSON at offset");
    QTest::newRow("not an object") << QByteArray("[]")
                                   << QStringLiteral("config: the top level must be a JSON object");
    QTest::newRow("no backends") << QByteArray("{}") << QStringLiteral("backends: missing");
    QTest::newRow("backends not array")
        << QByteArray("{\"backends\":{}}") << QStringLiteral("backends: must be an array");
    QTest::newRow("empty") << QByteArray("{\"backends\":[]}")
                           << QStringLiteral("backends: at least one backend is required");
    QTest::newRow("entry not object")
        << QByteArray("{\"backends\":[1]}") << QStringLiteral("backends[0]: must be an object");
    QTest::newRow("type") << oneBackend(",\"type\":\"ftp\"")
                          << QStringLiteral("backends[0].type: must be \"s3\" or \"posix\"");
    QTest::newRow("bool type") << oneBackend(",\"usePathStyle\":\"yes\"")
                               << QStringLiteral("backends[0].usePathStyle: must be true or false");
    QTest::newRow("string type") << oneBackend(",\"region\":7")
                                 << QStringLiteral("backends[0].region: must be a string");
    QTest::newRow("int type") << oneBackend(",\"connectTimeoutMs\":1.5")
                              << QStringLiteral("backends[0].connectTimeoutMs: must be an integer");
    QTest::newRow("timeout range") << oneBackend(",\"firstByteTimeoutMs\":0")
                                   << QStringLiteral(
                                          "backends[0].firstByteTimeoutMs: must be between 1 and 600000");
    QTest::newRow("connect range") << oneBackend(",\"connectTimeoutMs\":700000")
                                   << QStringLiteral(
                                          "backends[0].connectTimeoutMs: must be between 1 and 600000");
    QTest::newRow("name chars") << oneBackend(",\"name\":\"a b\"")
                                << QStringLiteral("backends[0].name: must be 1-64 characters");
    QTest::newRow("access") << QByteArray(R"({"backends":[{"secret":"s"}]})")
                            << QStringLiteral("backends[0].access: required for an S3 backend");
    QTest::newRow("secret") << QByteArray(R"({"backends":[{"access":"a"},{"access":"a"}]})")
                            << QStringLiteral("backends[0].secret: required for an S3 backend");
    QTest::newRow("second entry") << QByteArray(
                                         R"({"backends":[{"access":"a","secret":"s"},{"access":"a"}]})")
                                  << QStringLiteral("backends[1].secret: required");
    QTest::newRow("region") << oneBackend(",\"region\":\"US East\"")
                            << QStringLiteral("backends[0].region: must be a region name");
    QTest::newRow("endpoint scheme") << oneBackend(",\"endpoint\":\"ftp://h\"")
                                     << QStringLiteral(
                                            "backends[0].endpoint: must be an http:// or https:// URL");
    QTest::newRow("endpoint no host")
        << oneBackend(",\"endpoint\":\"https://\"") << QStringLiteral("backends[0].endpoint:");
    QTest::newRow("endpoint userinfo") << oneBackend(",\"endpoint\":\"https://u:p@h\"")
                                       << QStringLiteral("backends[0].endpoint: must not carry credentials");
    QTest::newRow("endpoint query") << oneBackend(",\"endpoint\":\"https://h/?x=1\"")
                                    << QStringLiteral(
                                           "backends[0].endpoint: must not have a query or fragment");
    QTest::newRow("endpoint deep path")
        << oneBackend(",\"endpoint\":\"https://h/b/prefix\"")
        << QStringLiteral("backends[0].endpoint: path may name one bucket only");
    QTest::newRow("endpoint bad bucket")
        << oneBackend(",\"endpoint\":\"https://h/Bad_Bucket\"")
        << QStringLiteral("backends[0].endpoint: path is not a valid bucket name");
    QTest::newRow("bucket conflict")
        << oneBackend(",\"endpoint\":\"https://h/one\",\"bucket\":\"two\"")
        << QStringLiteral("backends[0].bucket: differs from the bucket in the endpoint path");
    QTest::newRow("bucket name") << oneBackend(",\"bucket\":\"no\"")
                                 << QStringLiteral("backends[0].bucket: not a valid bucket name");
    QTest::newRow("posix path") << QByteArray(R"({"backends":[{"type":"posix"}]})")
                                << QStringLiteral("backends[0].path: required for a posix backend");
    QTest::newRow("posix relative") << QByteArray(R"({"backends":[{"type":"posix","path":"data"}]})")
                                    << QStringLiteral("backends[0].path: must be an absolute directory path");
    QTest::newRow("duplicate names")
        << QByteArray(
               R"({"backends":[{"name":"x","type":"posix","path":"/a"},{"name":"x","type":"posix","path":"/b"}]})")
        << QStringLiteral("backends[1].name: same name as backends[0]");
    QTest::newRow("deletePolicy")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"deletePolicy":"some"})")
        << QStringLiteral("deletePolicy: must be \"primary\" or \"all\"");
    QTest::newRow("partialListing")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"partialListing":"yes"})")
        << QStringLiteral("partialListing: must be true or false");
    QTest::newRow("resumeAttempts")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"resumeAttempts":-1})")
        << QStringLiteral("resumeAttempts: must be an integer from 0 to 100");
    QTest::newRow("resumeTimeoutMs")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"resumeTimeoutMs":0})")
        << QStringLiteral("resumeTimeoutMs: must be an integer from 1 to 600000");
    QTest::newRow("promoteOnRead")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"promoteOnRead":1})")
        << QStringLiteral("promoteOnRead: must be true or false");
    QTest::newRow("promoteConcurrency")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"promoteConcurrency":0})")
        << QStringLiteral("promoteConcurrency: must be an integer from 1 to 64");
    QTest::newRow("promoteQueue")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"promoteQueue":-1})")
        << QStringLiteral("promoteQueue: must be an integer from 0 to 100000");
    QTest::newRow("promoteMaxBytes over one PutObject")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"promoteMaxBytes":5368709121})")
        << QStringLiteral("promoteMaxBytes: must be an integer from 0 to 5368709120");
    QTest::newRow("promoteMaxBytes fraction")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"promoteMaxBytes":1.5})")
        << QStringLiteral("promoteMaxBytes: must be an integer from 0 to 5368709120");
    QTest::newRow("promoteMaxBytes string")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"promoteMaxBytes":"1"})")
        << QStringLiteral("promoteMaxBytes: must be an integer from 0 to 5368709120");
    QTest::newRow("exposedBucket")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"exposedBucket":"X"})")
        << QStringLiteral("exposedBucket: not a valid bucket name");
    QTest::newRow("cache ttl")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"missCacheTtlMs":-1})")
        << QStringLiteral("missCacheTtlMs: must be an integer from 0 to 86400000");
    QTest::newRow("cache bytes")
        << QByteArray(R"({"backends":[{"type":"posix","path":"/a"}],"locationCacheMaxBytes":2147483647})")
        << QStringLiteral("locationCacheMaxBytes: must be an integer from 0 to 1073741824");
}

void TestBackendsConfig::validationErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const auto config = BackendsConfig::fromJson(json, emptyEnv());
    QVERIFY(!config.ok()); // no backends at all from a bad config
    QVERIFY2(config.failure().text().startsWith(message), qPrintable(config.failure().text()));
    QCOMPARE(config.error(), S3Error::InvalidArgument);
}

void TestBackendsConfig::secretsNeverInMessages()
{
    const QList<QByteArray> bad{
        oneBackend(",\"endpoint\":\"ftp://h\""),
        oneBackend(",\"region\":\"??\""),
        R"({"backends":[{"access":"AK","secret":["TOP-SECRET-VALUE-42"]}]})",
    };
    for (const QByteArray &json : bad) {
        const auto config = BackendsConfig::fromJson(json, emptyEnv());
        QVERIFY(!config.ok());
        QVERIFY(!config.failure().text().contains(kSecret));
    }
    QProcessEnvironment env;
    env.insert(QStringLiteral("S3CASCADE_BACKEND_0_READ_ONLY"), kSecret);
    const auto config = BackendsConfig::fromJson(oneBackend({}), env);
    QVERIFY(!config.failure().text().contains(kSecret));
    QStringList warnings;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("unknown key")));
    QVERIFY(BackendsConfig::fromJson(oneBackend(",\"TOP-SECRET\":1"), emptyEnv(), &warnings).ok());
    QVERIFY(!warnings.join(QLatin1Char(' ')).contains(kSecret));
}

void TestBackendsConfig::exposedBucketRule()
{
    // Mixed: an unpinned backend keeps names as they are; pinned ones share one client name.
    auto config = BackendsConfig::fromJson(R"({"backends":[
        {"name":"all","access":"a","secret":"s"},
        {"name":"one","access":"a","secret":"s","bucket":"first-pin"},
        {"name":"two","access":"a","secret":"s","endpoint":"https://h/second-pin/"}]})",
                                           emptyEnv());
    QVERIFY(config.ok());
    QVERIFY(config->clientBucketFor(0).isEmpty());
    QCOMPARE(config->clientBucketFor(1), QStringLiteral("first-pin"));
    QCOMPARE(config->clientBucketFor(2), QStringLiteral("first-pin"));
    QCOMPARE(config->backends[2].pinnedBucket(), QStringLiteral("second-pin"));
    config = BackendsConfig::fromJson(R"({"exposedBucket":"media","backends":[
        {"access":"a","secret":"s","bucket":"first-pin"}]})",
                                      emptyEnv());
    QCOMPARE(config->clientBucketFor(0), QStringLiteral("media"));
}

void TestBackendsConfig::roundTrip()
{
    for (const QByteArray &json : {kParentR2Example, QByteArray(R"({"backends":[
            {"name":"local","type":"posix","path":"/srv/s3","readOnly":true},
            {"name":"ro","access":"a","secret":"s","endpoint":"https://minio.lan:9000","bucket":"archive",
             "usePathStyle":true,"sslSkipVerify":true,"disableChecksum":true,"region":"eu-west-1",
             "connectTimeoutMs":1500,"firstByteTimeoutMs":9000,"metaBucket":"m"}],
            "deletePolicy":"all","partialListing":true,"exposedBucket":"media",
            "resumeAttempts":7,"resumeStallMs":0,"resumeTimeoutMs":1234,"promoteOnRead":true,
            "promoteConcurrency":8,"promoteQueue":5,"promoteMaxBytes":1048577,"locationCacheTtlMs":0,
            "locationCacheMaxBytes":4096,"missCacheTtlMs":60000,"missCacheMaxBytes":0})")}) {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(".*")));
        const auto first = BackendsConfig::fromJson(json, emptyEnv());
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.failure().text()));
        const QByteArray saved = first->toJson();
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(".*")));
        const auto second = BackendsConfig::fromJson(saved, emptyEnv());
        QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.failure().text()));
        QVERIFY(second.value() == first.value());
        if (json != kParentR2Example) {
            QCOMPARE(second->locationCacheTtlMs, 0);
            QCOMPARE(second->locationCacheMaxBytes, 4096);
            QCOMPARE(second->missCacheTtlMs, 60000);
            QCOMPARE(second->missCacheMaxBytes, 0);
        }
        QCOMPARE(second->toJson(), saved);
    }
}

void TestBackendsConfig::saveAndLoad()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    const auto config = BackendsConfig::fromJson(kParentR2Example, emptyEnv());
    QVERIFY(config->save(path).ok());
    QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    const auto loaded = BackendsConfig::load(path, emptyEnv());
    QVERIFY(loaded.ok());
    QVERIFY(loaded.value() == config.value());
    QVERIFY(!BackendsConfig::load(dir.filePath(QStringLiteral("missing.json")), emptyEnv()).ok());
    BackendsConfig invalid = config.value();
    invalid.backends[1].secretKey.clear();
    QCOMPARE(invalid.save(path).failure().text(),
             QStringLiteral("backends[1].secret: required for an S3 backend"));
}

void TestBackendsConfig::parseBool()
{
    for (const char *t : {"1", "t", "T", "TRUE", "true", "True"})
        QCOMPARE(BackendConfigReader::parseBool(QLatin1String(t)), std::optional<bool>(true));
    for (const char *f : {"0", "f", "F", "FALSE", "false", "False"})
        QCOMPARE(BackendConfigReader::parseBool(QLatin1String(f)), std::optional<bool>(false));
    QCOMPARE(BackendConfigReader::parseBool(QStringLiteral("yes")), std::nullopt);
}

QTEST_GUILESS_MAIN(TestBackendsConfig)
#include "test_backendsconfig.moc"
