// The access log's line format (every string escaped, one parseable JSON object per line) and its
// writer: lines reach the file, close() flushes them, reopen() moves to a new file without losing
// or splitting a line, a full queue drops and counts instead of blocking.
#include "http/AccessLog.h"
#include "http/AccessLogFormat.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace s3c;

namespace {

QJsonObject parseLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning("not a JSON object (%s): %s", qPrintable(error.errorString()), line.constData());
    return doc.object();
}

QList<QByteArray> readLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = f.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

AccessRecord sample(int i)
{
    AccessRecord r;
    r.startMs = 1765162552123 + i;
    r.remote = QHostAddress(QStringLiteral("::ffff:192.0.2.7"));
    r.method = "GET";
    r.requestId = "0123456789ABCDEF";
    r.operation = "GetObject";
    r.bucket = QStringLiteral("b");
    r.key = QStringLiteral("k%1").arg(i);
    r.status = 200;
    return r;
}

} // namespace

class TestAccessLog : public QObject
{
    Q_OBJECT
private slots:
    void escapesEveryString_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("quotes and backslash") << QStringLiteral("a\"b\\c");
        QTest::newRow("newline, CR, tab") << QStringLiteral("line1\nline2\r\t end");
        QTest::newRow("all C0 controls and DEL")
            << QString::fromLatin1(QByteArray("\x01\x02\x08\x0b\x0c\x1b\x1f\x7f", 8));
        QTest::newRow("UTF-8") << QStringLiteral("caf\u00e9/\u65e5\u672c/\U0001F600/\u2028");
        QTest::newRow("fake JSON") << QStringLiteral("\",\"status\":999,\"x\":\"");
    }
    void escapesEveryString()
    {
        QFETCH(QString, key);
        AccessRecord r = sample(0);
        r.key = key;
        r.bucket = key;
        r.accessKey = key;
        r.userAgent = key.toUtf8();
        QByteArray line;
        AccessLogFormat().appendLine(line, r);
        QVERIFY(line.endsWith('\n'));
        QCOMPARE(line.count('\n'), 1); // one record, one line
        const QJsonObject o = parseLine(line.chopped(1));
        QCOMPARE(o.value(QLatin1String("key")).toString(), key);
        QCOMPARE(o.value(QLatin1String("bucket")).toString(), key);
        QCOMPARE(o.value(QLatin1String("access_key")).toString(), key);
        QCOMPARE(o.value(QLatin1String("user_agent")).toString(), key);
        QCOMPARE(o.value(QLatin1String("status")).toInt(), 200);
    }

    void fieldsAndTime()
    {
        AccessRecord r = sample(0);
        r.durationNs = 1234567;
        r.bytesIn = 5;
        r.bytesOut = 4096;
        r.backend = "primary";
        r.complete = false;
        QByteArray line;
        AccessLogFormat().appendLine(line, r);
        const QJsonObject o = parseLine(line);
        QCOMPARE(o.value(QLatin1String("time")).toString(), QStringLiteral("2025-12-08T02:55:52.123Z"));
        QCOMPARE(o.value(QLatin1String("remote")).toString(), QStringLiteral("192.0.2.7"));
        QCOMPARE(o.value(QLatin1String("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(o.value(QLatin1String("operation")).toString(), QStringLiteral("GetObject"));
        QCOMPARE(o.value(QLatin1String("duration_ms")).toDouble(), 1.235);
        QCOMPARE(o.value(QLatin1String("bytes_in")).toInt(), 5);
        QCOMPARE(o.value(QLatin1String("bytes_out")).toInt(), 4096);
        QCOMPARE(o.value(QLatin1String("backend")).toString(), QStringLiteral("primary"));
        QCOMPARE(o.value(QLatin1String("request_id")).toString(), QStringLiteral("0123456789ABCDEF"));
        QCOMPARE(o.value(QLatin1String("complete")).toBool(true), false);
    }

    void timeAcrossSeconds()
    {
        // The formatter reuses the date text within a second: it must not outlive its second.
        AccessLogFormat format;
        const qint64 times[] = {1765162552999, 1765162553000, 1765162553001, 1765162552500, 0};
        const char *expected[] = {"2025-12-08T02:55:52.999Z", "2025-12-08T02:55:53.000Z",
                                  "2025-12-08T02:55:53.001Z", "2025-12-08T02:55:52.500Z",
                                  "1970-01-01T00:00:00.000Z"};
        for (int i = 0; i < 5; ++i) {
            AccessRecord r = sample(0);
            r.startMs = times[i];
            r.remote = QHostAddress(i % 2 ? QStringLiteral("2001:db8::1") : QStringLiteral("10.0.0.1"));
            QByteArray line;
            format.appendLine(line, r);
            const QJsonObject o = parseLine(line);
            QCOMPARE(o.value(QLatin1String("time")).toString(), QString::fromLatin1(expected[i]));
            QCOMPARE(o.value(QLatin1String("remote")).toString(),
                     i % 2 ? QStringLiteral("2001:db8::1") : QStringLiteral("10.0.0.1"));
        }
    }

    void wireBytesThatAreNotUtf8()
    {
        AccessRecord r = sample(0);
        r.userAgent = QByteArray("ab\xff\xfe\"c");
        QByteArray line;
        AccessLogFormat().appendLine(line, r);
        const QJsonObject o = parseLine(line);
        QVERIFY(!o.isEmpty());
        QVERIFY(o.value(QLatin1String("user_agent")).toString().startsWith(QLatin1String("ab")));
        QVERIFY(o.value(QLatin1String("user_agent")).toString().endsWith(QLatin1String("\"c")));
    }

    void userAgentIsBounded()
    {
        AccessRecord r = sample(0);
        // Multi-byte characters across the cut: it must fall between two characters.
        r.userAgent = QStringLiteral("\u00e9").repeated(1000).toUtf8();
        QByteArray line;
        AccessLogFormat().appendLine(line, r);
        const QString agent = parseLine(line).value(QLatin1String("user_agent")).toString();
        QCOMPARE(agent, QStringLiteral("\u00e9").repeated(AccessLogFormat::kMaxUserAgentBytes / 2));
    }

    void writesAndFlushesOnClose()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("access.log"));
        auto log = AccessLog::open(path);
        QVERIFY2(log, qPrintable(log ? QString() : log.failure().message));
        for (int i = 0; i < 100; ++i)
            log.value()->record(sample(i));
        log.value()->close();
        const QList<QByteArray> lines = readLines(path);
        QCOMPARE(lines.size(), 100);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(parseLine(lines.at(i)).value(QLatin1String("key")).toString(),
                     QStringLiteral("k%1").arg(i));
        QCOMPARE(log.value()->written(), 100u);
        QCOMPARE(log.value()->dropped(), 0u);
        // After close nothing is accepted (and nothing blocks).
        log.value()->record(sample(100));
        QCOMPARE(log.value()->dropped(), 1u);
        QCOMPARE(QFile(path).permissions() & (QFileDevice::ReadOther | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
    }

    void linesAppearWithoutClose()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("access.log"));
        auto log = AccessLog::open(path);
        QVERIFY(log);
        log.value()->record(sample(1));
        QTRY_COMPARE_WITH_TIMEOUT(readLines(path).size(), 1, 5000);
    }

    void reopenMovesToTheNewFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("access.log"));
        const QString rotated = dir.filePath(QStringLiteral("access.log.1"));
        auto log = AccessLog::open(path);
        QVERIFY(log);
        for (int i = 0; i < 10; ++i)
            log.value()->record(sample(i));
        QTRY_COMPARE_WITH_TIMEOUT(readLines(path).size(), 10, 5000);
        QVERIFY(QFile::rename(path, rotated));
        // Until the signal, lines still go to the renamed file (logrotate's window).
        log.value()->record(sample(10));
        QTRY_COMPARE_WITH_TIMEOUT(readLines(rotated).size(), 11, 5000);
        log.value()->reopen();
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 5000);
        for (int i = 11; i < 20; ++i)
            log.value()->record(sample(i));
        log.value()->close();
        QCOMPARE(readLines(rotated).size(), 11);
        const QList<QByteArray> fresh = readLines(path);
        QCOMPARE(fresh.size(), 9);
        QCOMPARE(parseLine(fresh.first()).value(QLatin1String("key")).toString(), QStringLiteral("k11"));
    }

    void fullQueueDropsAndCounts()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("access.log"));
        auto log = AccessLog::open(path);
        QVERIFY(log);
        // Records far over the byte bound, faster than any writer: some must be dropped, none
        // may block, and every record is either written or counted.
        AccessRecord big = sample(0);
        big.key = QString(100 * 1024, QLatin1Char('x'));
        const int n = 2000;
        for (int i = 0; i < n; ++i) {
            AccessRecord r = big;
            log.value()->record(std::move(r));
        }
        log.value()->close();
        QVERIFY(log.value()->dropped() > 0);
        QCOMPARE(log.value()->written() + log.value()->dropped(), quint64(n));
        QCOMPARE(quint64(readLines(path).size()), log.value()->written());
    }

    void unwritablePathFails()
    {
        auto log = AccessLog::open(QStringLiteral("/nonexistent-dir/access.log"));
        QVERIFY(!log);
        QVERIFY(log.failure().message.contains(QLatin1String("/nonexistent-dir/access.log")));
    }
};

QTEST_GUILESS_MAIN(TestAccessLog)
#include "test_access_log.moc"
