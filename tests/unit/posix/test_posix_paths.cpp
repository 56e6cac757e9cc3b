#include "backends/posix/PosixPaths.h"

#include <QTest>

using namespace s3c;

class TestPosixPaths : public QObject
{
    Q_OBJECT
private slots:
    void keys_data();
    void keys();
    void buckets_data();
    void buckets();
    void uploadIds();
    void mapping();
    void listableNames();
};

void TestPosixPaths::keys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<S3Error>("expected");

    auto ok = [](const char *name, const QString &key) { QTest::newRow(name) << key << S3Error::None; };
    auto bad = [](const char *name, const QString &key) {
        QTest::newRow(name) << key << S3Error::InvalidArgument;
    };
    auto tooLong = [](const char *name, const QString &key) {
        QTest::newRow(name) << key << S3Error::KeyTooLongError;
    };

    // Legal, including what the S3 test suites like to send.
    ok("plain", QStringLiteral("a"));
    ok("nested", QStringLiteral("a/b/c.txt"));
    ok("folder marker", QStringLiteral("folder/"));
    ok("nested folder marker", QStringLiteral("a/b/"));
    ok("space", QStringLiteral("with space/and more"));
    ok("unicode", QStringLiteral("unicodé/日本語/😀"));
    ok("plus", QStringLiteral("a+b"));
    ok("percent", QStringLiteral("100%/%2F%20"));
    ok("tilde", QStringLiteral("~user/x~"));
    ok("dot file", QStringLiteral(".hidden"));
    ok("dot file below", QStringLiteral("a/.b"));
    ok("three dots", QStringLiteral("..."));
    ok("dots inside", QStringLiteral("a..b/c."));
    ok("control chars", QStringLiteral("tab\there\nnewline"));
    ok("special", QStringLiteral("!-_.*'()&$@=;:,?{}[]^`|<>\"#"));
#ifndef Q_OS_WIN
    ok("backslash", QStringLiteral("back\\slash\\..\\x"));
#endif
    ok("1024 bytes", QString(QString(255, QLatin1Char('a')) + QLatin1Char('/')).repeated(3) +
                         QString(254, QLatin1Char('b')) + QStringLiteral("/c"));
    ok("segment of 255 bytes", QString(255, QLatin1Char('x')));

    // Every way out of the bucket directory, or into the backend's own files.
    bad("empty", QString());
    bad("absolute", QStringLiteral("/etc/passwd"));
    bad("slash only", QStringLiteral("/"));
    bad("double slash", QStringLiteral("a//b"));
    bad("double slash end", QStringLiteral("a//"));
    bad("two slashes", QStringLiteral("//"));
    bad("dotdot", QStringLiteral(".."));
    bad("dotdot first", QStringLiteral("../x"));
    bad("dotdot inside", QStringLiteral("a/../../b"));
    bad("dotdot last", QStringLiteral("a/.."));
    bad("dotdot folder", QStringLiteral("a/../"));
    bad("dot", QStringLiteral("."));
    bad("dot first", QStringLiteral("./a"));
    bad("dot inside", QStringLiteral("a/./b"));
    bad("dot last", QStringLiteral("a/."));
    bad("nul", QStringLiteral("a") + QChar(0) + QStringLiteral("b"));
    bad("internal dir", QStringLiteral(".s3cascade/tmp/x"));
    bad("marker name", QStringLiteral("a/.s3cascade-dir"));
    bad("reserved prefix", QStringLiteral("x/.s3cascadefoo"));
    bad("lone surrogate", QStringLiteral("a") + QChar(0xd800) + QStringLiteral("b"));
#ifdef Q_OS_WIN
    bad("backslash", QStringLiteral("a\\..\\b"));
#endif

    tooLong("1025 bytes", QString(1025, QLatin1Char('a')));
    tooLong("1026 utf-8 bytes", QString(342, QChar(0x65e5)));
    tooLong("segment of 256 bytes", QStringLiteral("a/") + QString(256, QLatin1Char('x')));
}

void TestPosixPaths::keys()
{
    QFETCH(QString, key);
    QFETCH(S3Error, expected);
    const Status status = PosixPaths::checkKey(key);
    QCOMPARE(status.error(), expected);
    if (!status.ok())
        QVERIFY(!status.failure().text().isEmpty());
}

void TestPosixPaths::buckets_data()
{
    QTest::addColumn<QString>("bucket");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << QStringLiteral("bucket") << true;
    QTest::newRow("legacy alphabet") << QStringLiteral("My.Bucket-1_x") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("internal") << QStringLiteral(".s3cascade") << false;
    QTest::newRow("dot") << QStringLiteral(".") << false;
    QTest::newRow("dotdot") << QStringLiteral("..") << false;
    QTest::newRow("hidden") << QStringLiteral(".hidden") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("backslash") << QStringLiteral("a\\b") << false;
    QTest::newRow("nul") << QStringLiteral("a") + QChar(0) << false;
    QTest::newRow("unicode") << QStringLiteral("bück") << false;
    QTest::newRow("256 chars") << QString(256, QLatin1Char('b')) << false;
}

void TestPosixPaths::buckets()
{
    QFETCH(QString, bucket);
    QFETCH(bool, valid);
    const Status status = PosixPaths::checkBucket(bucket);
    QCOMPARE(status.ok(), valid);
    if (!valid)
        QCOMPARE(status.error(), S3Error::InvalidBucketName);
}

void TestPosixPaths::uploadIds()
{
    QVERIFY(PosixPaths::isValidUploadId(QStringLiteral("018f2a3b4c5dAbc-_xyz")));
    QVERIFY(!PosixPaths::isValidUploadId(QString()));
    QVERIFY(!PosixPaths::isValidUploadId(QStringLiteral("../x")));
    QVERIFY(!PosixPaths::isValidUploadId(QStringLiteral("a/b")));
    QVERIFY(!PosixPaths::isValidUploadId(QStringLiteral(".")));
    QVERIFY(!PosixPaths::isValidUploadId(QString(129, QLatin1Char('a'))));
}

void TestPosixPaths::mapping()
{
    const PosixPaths paths(QStringLiteral("/srv/data/"));
    QCOMPARE(paths.root(), QStringLiteral("/srv/data"));
    QCOMPARE(paths.objectPath(QStringLiteral("b"), QStringLiteral("a/c d")),
             QStringLiteral("/srv/data/b/a/c d"));
    QCOMPARE(paths.objectPath(QStringLiteral("b"), QStringLiteral("a/")),
             QStringLiteral("/srv/data/b/a/.s3cascade-dir"));
    QCOMPARE(paths.tmpDir(), QStringLiteral("/srv/data/.s3cascade/tmp"));
    QCOMPARE(paths.uploadDir(QStringLiteral("b"), QStringLiteral("id")),
             QStringLiteral("/srv/data/.s3cascade/uploads/b/id"));
}

void TestPosixPaths::listableNames()
{
    QVERIFY(PosixPaths::isListableName(QStringLiteral("x")));
    QVERIFY(PosixPaths::isListableName(QStringLiteral(".hidden")));
    QVERIFY(!PosixPaths::isListableName(QStringLiteral(".s3cascade-dir")));
    QVERIFY(!PosixPaths::isListableName(QStringLiteral(".s3cascade")));
    QVERIFY(!PosixPaths::isListableName(QStringLiteral("..")));
    QVERIFY(PosixPaths::isListableName(QStringLiteral("replacement") + QChar(QChar::ReplacementCharacter)));
    QVERIFY(!PosixPaths::isListableName(QString(256, QLatin1Char('n'))));
}

QTEST_GUILESS_MAIN(TestPosixPaths)
#include "test_posix_paths.moc"
