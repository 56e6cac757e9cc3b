#include "http/ClientAddressLimiter.h"
#include "http/ProcessLimits.h"

#include <QTest>

using namespace s3c;

class TestClientLimiter : public QObject
{
    Q_OBJECT
private slots:
    void sharePerAddress()
    {
        ClientAddressLimiter limiter(2);
        const QHostAddress a(QStringLiteral("192.0.2.1"));
        const QHostAddress b(QStringLiteral("192.0.2.2"));
        QVERIFY(limiter.tryAcquire(a));
        QVERIFY(limiter.tryAcquire(a));
        QVERIFY(!limiter.tryAcquire(a));
        QVERIFY(limiter.tryAcquire(b)); // another client is not affected
        QCOMPARE(limiter.count(a), 2);
        limiter.release(a);
        QVERIFY(limiter.tryAcquire(a)); // a closed connection gives its slot back
        QVERIFY(!limiter.tryAcquire(a));
    }

    void ipv6CountsPerSlash64AndMappedAsIpv4()
    {
        ClientAddressLimiter limiter(1);
        QVERIFY(limiter.tryAcquire(QHostAddress(QStringLiteral("2001:db8:1:2::1"))));
        // Same /64, other interface id: the same subscriber.
        QVERIFY(!limiter.tryAcquire(QHostAddress(QStringLiteral("2001:db8:1:2:ffff::9"))));
        QVERIFY(limiter.tryAcquire(QHostAddress(QStringLiteral("2001:db8:1:3::1"))));
        QVERIFY(limiter.tryAcquire(QHostAddress(QStringLiteral("198.51.100.7"))));
        QVERIFY(!limiter.tryAcquire(QHostAddress(QStringLiteral("::ffff:198.51.100.7"))));
    }

    void zeroMeansNoLimit()
    {
        ClientAddressLimiter limiter(0);
        const QHostAddress a(QStringLiteral("192.0.2.1"));
        for (int i = 0; i < 1000; ++i)
            QVERIFY(limiter.tryAcquire(a));
    }

    void releaseForgetsIdleClients()
    {
        ClientAddressLimiter limiter(3);
        const QHostAddress a(QStringLiteral("192.0.2.1"));
        QVERIFY(limiter.tryAcquire(a));
        limiter.release(a);
        limiter.release(a); // an extra release never goes negative
        QCOMPARE(limiter.count(a), 0);
        for (int i = 0; i < 3; ++i)
            QVERIFY(limiter.tryAcquire(a));
        QVERIFY(!limiter.tryAcquire(a));
    }

    void connectionCapFitsTheOpenFileLimit()
    {
        QCOMPARE(ProcessLimits::connectionsFitting(1024), 480);
        QCOMPARE(ProcessLimits::connectionsFitting(10), 16);
        QVERIFY(ProcessLimits::connectionsFitting(-1) > 1000000);
#ifdef Q_OS_UNIX
        const qint64 limit = ProcessLimits::raiseOpenFileLimit();
        QVERIFY(limit == -1 || limit >= 64);
#endif
    }
};

QTEST_GUILESS_MAIN(TestClientLimiter)
#include "test_client_limiter.moc"
