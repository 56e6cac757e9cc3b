// The fault-injection backend itself: each error class comes out as the cascade's tests expect,
// deterministically and never from inside the call.
#include "MultiRig.h"

#include <QTest>

using namespace s3c;
using namespace s3c::testing;

class TestFaultBackend : public QObject
{
    Q_OBJECT
private slots:
    void errorClasses_data();
    void errorClasses();
    void operationModeOverridesTheDefault();
    void hangWaitsForReleaseOrTimeout();
    void resetMidBodyBreaksAfterTheGivenBytes();
    void servesFromItsStore();
};

void TestFaultBackend::errorClasses_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("cause");
    QTest::newRow("refuse") << int(Mode::Refuse) << int(S3Error::ServiceUnavailable)
                            << int(FailureCause::Refused);
    QTest::newRow("500") << int(Mode::ServerError) << int(S3Error::InternalError) << int(FailureCause::None);
    QTest::newRow("not found") << int(Mode::NotFound) << int(S3Error::NoSuchKey) << int(FailureCause::None);
    QTest::newRow("error") << int(Mode::Error) << int(S3Error::AccessDenied) << int(FailureCause::None);
}

void TestFaultBackend::errorClasses()
{
    QFETCH(int, mode);
    QFETCH(int, error);
    QFETCH(int, cause);
    FaultBackend b(QStringLiteral("f"));
    b.addObject(kBucket, QStringLiteral("k"), "x");
    b.setMode(Mode(mode));
    b.setError(S3Error::AccessDenied);
    const auto r = get(b, QStringLiteral("k"));
    QCOMPARE(int(r.error()), error);
    QCOMPARE(int(r.failure().cause), cause);
    if (Mode(mode) == Mode::NotFound) // bucket calls say the bucket is missing
        QCOMPARE(await<BucketInfo>([&](auto cb) { b.headBucket(kBucket, cb); }).error(),
                 S3Error::NoSuchBucket);
    QCOMPARE(b.callLog().first(), QStringLiteral("GetObject"));
}

void TestFaultBackend::operationModeOverridesTheDefault()
{
    FaultBackend b(QStringLiteral("f"));
    b.addObject(kBucket, QStringLiteral("k"), "x");
    b.setMode(QStringLiteral("GetObject"), Mode::ServerError);
    QCOMPARE(get(b, QStringLiteral("k")).error(), S3Error::InternalError);
    QVERIFY(await<BucketInfo>([&](auto cb) { b.headBucket(kBucket, cb); }).ok());
    b.clearOperationModes();
    QVERIFY(get(b, QStringLiteral("k")).ok());
}

void TestFaultBackend::hangWaitsForReleaseOrTimeout()
{
    FaultBackend b(QStringLiteral("f"));
    b.addObject(kBucket, QStringLiteral("k"), "x");
    b.setMode(Mode::Hang);
    GetObjectRequest req;
    req.bucket = kBucket;
    req.key = QStringLiteral("k");
    Pending<GetObjectResult> first;
    Pending<GetObjectResult> second;
    b.getObject(req, first.callback());
    QCOMPARE(b.hungCount(), 1);
    QCoreApplication::processEvents();
    QVERIFY(!first.answered());
    b.release();
    QTRY_VERIFY(first.answered());
    QVERIFY(first.result->value().ok());
    delete first.result->value()->body;
    b.getObject(req, second.callback());
    b.timeOut();
    QTRY_VERIFY(second.answered());
    QCOMPARE(second.result->value().error(), S3Error::ServiceUnavailable);
    QCOMPARE(second.result->value().failure().cause, FailureCause::Timeout);
    QCOMPARE(b.hungCount(), 0);
}

void TestFaultBackend::resetMidBodyBreaksAfterTheGivenBytes()
{
    FaultBackend b(QStringLiteral("f"));
    b.addObject(kBucket, QStringLiteral("k"), "0123456789");
    b.setMode(Mode::ResetMidBody);
    b.setResetAfter(6);
    auto r = get(b, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(r->info.size, qint64(10)); // the head promised all of it
    bool broke = false;
    QCOMPARE(bodyOf(*r, &broke), QByteArray("012345"));
    QVERIFY(broke);
}

void TestFaultBackend::servesFromItsStore()
{
    FaultBackend b(QStringLiteral("f"));
    b.addBucket(kBucket);
    QVERIFY(put(b, QStringLiteral("a/1"), "one").ok());
    QVERIFY(put(b, QStringLiteral("b"), "two").ok());
    QCOMPARE(b.objectData(kBucket, QStringLiteral("a/1")), QByteArray("one"));
    GetObjectRequest ranged;
    ranged.range = RangeSpec{1, 1, -1};
    auto r = get(b, QStringLiteral("b"), false, ranged);
    QVERIFY(r.ok());
    QCOMPARE(bodyOf(*r), QByteArray("w"));
    ListObjectsRequest list;
    list.bucket = kBucket;
    list.delimiter = QStringLiteral("/");
    auto l = await<ListObjectsResult>([&](auto cb) { b.listObjects(list, cb); });
    QVERIFY(l.ok());
    QCOMPARE(l->commonPrefixes, QStringList({QStringLiteral("a/")}));
    QCOMPARE(l->objects.size(), 1);
    b.setListPageLimit(1);
    l = await<ListObjectsResult>([&](auto cb) { b.listObjects(list, cb); });
    QVERIFY(l->truncated);
    QCOMPARE(l->nextMarker, QStringLiteral("a/"));
    QVERIFY(del(b, QStringLiteral("b")).ok());
    QCOMPARE(get(b, QStringLiteral("b")).error(), S3Error::NoSuchKey);
    QCOMPARE(get(b, QStringLiteral("b"), false, GetObjectRequest{QStringLiteral("none")}).error(),
             S3Error::NoSuchBucket);
}

QTEST_GUILESS_MAIN(TestFaultBackend)
#include "test_faultbackend.moc"
