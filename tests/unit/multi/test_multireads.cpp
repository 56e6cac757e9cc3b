// Reads cascade in order: who serves, 404 versus 503, where the cascade stops.
#include "MultiRig.h"

#include <QTest>

using namespace s3c;
using namespace s3c::testing;

class TestMultiReads : public QObject
{
    Q_OBJECT
private slots:
    void servedByTheBackendThatHasIt_data();
    void servedByTheBackendThatHasIt();
    void primaryWinsWhenSeveralHaveIt();
    void notFoundOnlyWhenEveryBackendSaysSo();
    void anyFailureMeansServiceUnavailable_data();
    void anyFailureMeansServiceUnavailable();
    void failuresFallThroughToAFallback_data();
    void failuresFallThroughToAFallback();
    void definitiveAnswersStopTheCascade_data();
    void definitiveAnswersStopTheCascade();
    void preconditionFailureOnPrimaryIsFinal();
    void hungBackendAnswersWhenReleased();
    void hedgedReadIsServedByTheNextBackend();
    void hedgeWaitsForTheEarlierBackendOnANotFound();
    void noHedgeWhenTheBackendAnswersInTime();
    void hedgingSwitchedOff();
    void hedgeWinDoesNotPinTheKeyToTheFallback();
    void bodyBreakingMidwayIsNotSwitchedWithResumeOff();
    void headBucketCascades();
    void rememberedLocationSkipsBackendsWithoutTheKey();
    void ownWritesAndStaleLocationsAreNotServedFromTheCache();
    void writeDuringAReadIsNotPinnedAway();
};

void TestMultiReads::servedByTheBackendThatHasIt_data()
{
    QTest::addColumn<int>("holder");
    QTest::addColumn<bool>("head");
    QTest::newRow("GET from 2nd") << 1 << false;
    QTest::newRow("GET from 3rd") << 2 << false;
    QTest::newRow("HEAD from 2nd") << 1 << true;
    QTest::newRow("HEAD from 3rd") << 2 << true;
    QTest::newRow("GET from primary") << 0 << false;
}

void TestMultiReads::servedByTheBackendThatHasIt()
{
    QFETCH(int, holder);
    QFETCH(bool, head);
    Rig rig;
    for (FaultBackend *b : std::as_const(rig.b))
        b->addBucket(kBucket);
    rig.b[holder]->addObject(kBucket, QStringLiteral("k"), "hello");
    auto r = get(*rig.multi, QStringLiteral("k"), head);
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, rig.b[holder]->name());
    QCOMPARE(r->info.size, qint64(5));
    if (head) {
        QVERIFY(!r->body);
    } else {
        QCOMPARE(bodyOf(*r), QByteArray("hello"));
    }
    // Backends after the one that served were never asked.
    for (int i = holder + 1; i < rig.b.size(); ++i)
        QCOMPARE(rig.b[i]->callCount(QStringLiteral("GetObject")), 0);
    for (int i = 0; i <= holder; ++i)
        QCOMPARE(rig.b[i]->callCount(QStringLiteral("GetObject")), 1);
}

void TestMultiReads::primaryWinsWhenSeveralHaveIt()
{
    Rig rig;
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "primary");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(bodyOf(*r), QByteArray("primary"));
}

void TestMultiReads::notFoundOnlyWhenEveryBackendSaysSo()
{
    Rig rig(3, noCache()); // buckets appear behind the gateway's back
    // No backend has the bucket: NoSuchBucket.
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::NoSuchBucket);
    // One has the bucket but not the key: NoSuchKey, after asking all three.
    rig.b[2]->addBucket(kBucket);
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::NoSuchKey);
    QCOMPARE(rig.b[2]->callCount(QStringLiteral("GetObject")), 2);
    // HEAD too (the parent gateway never fell back on a bodiless HEAD 404).
    QCOMPARE(get(*rig.multi, QStringLiteral("k"), true).error(), S3Error::NoSuchKey);
    rig.b[1]->setMode(Mode::NotFound);
    QCOMPARE(get(*rig.multi, QStringLiteral("k"), true).error(), S3Error::NoSuchKey);
}

void TestMultiReads::anyFailureMeansServiceUnavailable_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("cause");
    QTest::newRow("refused") << int(Mode::Refuse) << 0 << 0;
    QTest::newRow("500") << int(Mode::ServerError) << 0 << 0;
    QTest::newRow("timeout") << int(Mode::Hang) << 0 << 0;
    QTest::newRow("SlowDown") << int(Mode::Error) << int(S3Error::SlowDown) << 0;
    QTest::newRow("503") << int(Mode::Error) << int(S3Error::ServiceUnavailable) << 0;
    QTest::newRow("reset before any byte")
        << int(Mode::Error) << int(S3Error::ServiceUnavailable) << int(FailureCause::Reset);
}

void TestMultiReads::anyFailureMeansServiceUnavailable()
{
    QFETCH(int, mode);
    QFETCH(int, error);
    QFETCH(int, cause);
    Rig rig;
    rig.b[0]->addBucket(kBucket);
    rig.b[2]->addBucket(kBucket);
    rig.b[1]->setMode(Mode(mode));
    rig.b[1]->setError(S3Error(error), FailureCause(cause));
    GetObjectRequest req;
    req.bucket = kBucket;
    req.key = QStringLiteral("missing");
    testing::Pending<GetObjectResult> pending;
    rig.multi->getObject(req, pending.callback());
    if (Mode(mode) == Mode::Hang) {
        // Nothing comes back while the 2nd backend hangs; its timeout fires the failure.
        QTRY_COMPARE(rig.b[1]->hungCount(), 1);
        QCoreApplication::processEvents();
        QVERIFY(!pending.answered());
        rig.b[1]->timeOut();
    }
    QTRY_VERIFY(pending.answered());
    // Two backends said 404 but the third could not answer: it might hold the key.
    QCOMPARE(pending.result->value().error(), S3Error::ServiceUnavailable);
    QCOMPARE(rig.b[2]->callCount(QStringLiteral("GetObject")), 1); // the cascade went on
}

void TestMultiReads::failuresFallThroughToAFallback_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("refused") << int(Mode::Refuse);
    QTest::newRow("500") << int(Mode::ServerError);
    QTest::newRow("not found") << int(Mode::NotFound);
}

void TestMultiReads::failuresFallThroughToAFallback()
{
    QFETCH(int, mode);
    Rig rig(2);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "old");
    rig.b[0]->setMode(Mode(mode));
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    for (bool head : {false, true}) {
        auto r = get(*rig.multi, QStringLiteral("k"), head);
        QVERIFY(r.ok());
        QCOMPARE(r->servedBy, QStringLiteral("b2"));
        if (!head)
            QCOMPARE(bodyOf(*r), QByteArray("fallback"));
    }
}

void TestMultiReads::definitiveAnswersStopTheCascade_data()
{
    QTest::addColumn<int>("error");
    QTest::newRow("403") << int(S3Error::AccessDenied);
    QTest::newRow("412") << int(S3Error::PreconditionFailed);
    QTest::newRow("304") << int(S3Error::NotModified);
    QTest::newRow("416") << int(S3Error::InvalidRange);
    QTest::newRow("501") << int(S3Error::NotImplemented);
}

void TestMultiReads::definitiveAnswersStopTheCascade()
{
    QFETCH(int, error);
    Rig rig;
    rig.b[0]->setMode(Mode::Error);
    rig.b[0]->setError(S3Error(error));
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    for (bool head : {false, true})
        QCOMPARE(get(*rig.multi, QStringLiteral("k"), head).error(), S3Error(error));
    QCOMPARE(rig.b[1]->callCount(), 0);
    QVERIFY(!rig.multi->isEjected(0)); // an answer is not a failure
    QCOMPARE(rig.stats(0).clientErrors, quint64(2));
}

void TestMultiReads::preconditionFailureOnPrimaryIsFinal()
{
    Rig rig(2);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "v1");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "v2");
    GetObjectRequest req;
    req.conditions.ifMatch = rig.b[1]->objectInfo(kBucket, QStringLiteral("k")).etag;
    // The fallback's copy would match, but the primary's answer is the one that counts.
    QCOMPARE(get(*rig.multi, QStringLiteral("k"), false, req).error(), S3Error::PreconditionFailed);
    QCOMPARE(rig.b[1]->callCount(), 0);
}

void TestMultiReads::hungBackendAnswersWhenReleased()
{
    Rig rig(2);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "late");
    rig.b[0]->setMode(Mode::Hang);
    testing::Pending<GetObjectResult> pending;
    startGet(*rig.multi, QStringLiteral("k"), pending);
    QTRY_COMPARE(rig.b[0]->hungCount(), 1);
    QCoreApplication::processEvents();
    QVERIFY(!pending.answered());
    rig.b[0]->release();
    QTRY_VERIFY(pending.answered());
    auto r = pending.result->value();
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(bodyOf(*r), QByteArray("late"));
    QCOMPARE(rig.b[1]->callCount(), 0);
}

void TestMultiReads::bodyBreakingMidwayIsNotSwitchedWithResumeOff()
{
    // With resuming on, another holder takes over (test_multiresume); off, nothing may.
    MultiOptions options;
    options.resume.maxAttempts = 0;
    Rig rig(2, options);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "0123456789");
    rig.b[0]->setMode(Mode::ResetMidBody);
    rig.b[0]->setResetAfter(4);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "0123456789");
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    // The headers promised 10 bytes from b1; the body then broke. Unless it resumes (checking
    // the object is the same) the multi backend must not splice in another backend's bytes:
    // the HTTP layer aborts the connection instead.
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(r->info.size, qint64(10));
    bool broke = false;
    QCOMPARE(bodyOf(*r, &broke), QByteArray("0123"));
    QVERIFY(broke);
    QCOMPARE(rig.b[1]->callCount(), 0);
}

void TestMultiReads::headBucketCascades()
{
    Rig rig;
    rig.b[2]->addBucket(kBucket);
    QVERIFY(await<BucketInfo>([&](auto cb) { rig.multi->headBucket(kBucket, cb); }).ok());
    QCOMPARE(await<BucketInfo>([&](auto cb) { rig.multi->headBucket(QStringLiteral("none"), cb); }).error(),
             S3Error::NoSuchBucket);
    rig.b[0]->setMode(Mode::Refuse);
    QCOMPARE(await<BucketInfo>([&](auto cb) { rig.multi->headBucket(QStringLiteral("none"), cb); }).error(),
             S3Error::ServiceUnavailable);
    rig.b[0]->setMode(Mode::Error);
    rig.b[0]->setError(S3Error::AccessDenied);
    QCOMPARE(await<BucketInfo>([&](auto cb) { rig.multi->headBucket(kBucket, cb); }).error(),
             S3Error::AccessDenied);
}

void TestMultiReads::rememberedLocationSkipsBackendsWithoutTheKey()
{
    MultiOptions o = noCache();
    o.locationCacheTtlMs = 1000;
    Rig rig(3, o);
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "third");
    const QString get_ = QStringLiteral("GetObject");
    QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, QStringLiteral("b3"));
    QCOMPARE(rig.b[0]->callCount(get_), 1);
    // Within the TTL, GET and HEAD go straight to where the key was found.
    QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, QStringLiteral("b3"));
    QCOMPARE(get(*rig.multi, QStringLiteral("k"), true)->servedBy, QStringLiteral("b3"));
    QCOMPARE(rig.b[0]->callCount(get_), 1);
    QCOMPARE(rig.b[1]->callCount(get_), 1);
    QCOMPARE(rig.b[2]->callCount(get_), 3);
    // Still counted as a read served from the third place of the cascade.
    QCOMPARE(rig.stats(2).hitsAtDepth[2], quint64(3));
    // A read through the entry does not renew it: only a full cascade proves the primary
    // still lacks the key, else a key read more often than the TTL stays pinned for ever.
    rig.clock->advanceMs(600);
    QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, QStringLiteral("b3"));
    QCOMPARE(rig.b[0]->callCount(get_), 1);
    rig.clock->advanceMs(400);
    QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, QStringLiteral("b3"));
    QCOMPARE(rig.b[0]->callCount(get_), 2); // expired: the whole cascade again
}

void TestMultiReads::ownWritesAndStaleLocationsAreNotServedFromTheCache()
{
    Rig rig(3);
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "second");
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "third");
    rig.b[2]->addObject(kBucket, QStringLiteral("gone"), "third");
    QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, QStringLiteral("b2"));
    // A PUT through the gateway lands on the primary; the next read must see it there.
    QVERIFY(put(*rig.multi, QStringLiteral("k"), "new").ok());
    auto r = get(*rig.multi, QStringLiteral("k"));
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(bodyOf(*r), QByteArray("new"));
    // The remembered backend lost the key behind our back: a full cascade answers.
    QCOMPARE(get(*rig.multi, QStringLiteral("gone"))->servedBy, QStringLiteral("b3"));
    QVERIFY(del(*rig.b[2], QStringLiteral("gone")).ok());
    rig.b[1]->addObject(kBucket, QStringLiteral("gone"), "second");
    QCOMPARE(get(*rig.multi, QStringLiteral("gone"))->servedBy, QStringLiteral("b2"));
    QVERIFY(del(*rig.b[1], QStringLiteral("gone")).ok());
    QCOMPARE(get(*rig.multi, QStringLiteral("gone")).error(), S3Error::NoSuchKey);
}

void TestMultiReads::writeDuringAReadIsNotPinnedAway()
{
    Rig rig(3);
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "old");
    rig.b[1]->setMode(QStringLiteral("GetObject"), Mode::Hang);
    GetObjectRequest req;
    req.bucket = kBucket;
    req.key = QStringLiteral("k");
    testing::Pending<GetObjectResult> pending;
    rig.multi->getObject(req, pending.callback()); // the primary already said 404
    QTRY_COMPARE(rig.b[1]->hungCount(), 1);
    QVERIFY(put(*rig.multi, QStringLiteral("k"), "new").ok());
    rig.b[1]->clearOperationModes();
    rig.b[1]->release();
    QTRY_VERIFY(pending.answered());
    auto old = pending.result->value();
    QCOMPARE(old->servedBy, QStringLiteral("b3")); // it began before the write: fair enough
    delete old->body;
    // But it must not send later reads past the primary that now holds the new object.
    auto r = get(*rig.multi, QStringLiteral("k"));
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(bodyOf(*r), QByteArray("new"));
}

namespace {
MultiOptions hedgeAfter(int ms)
{
    MultiOptions o = noCache();
    o.hedge.afterMs = ms;
    return o;
}
} // namespace

void TestMultiReads::hedgedReadIsServedByTheNextBackend()
{
    Rig rig(2, hedgeAfter(20));
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "primary");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    rig.b[0]->setMode(Mode::Hang);
    testing::Pending<GetObjectResult> pending;
    startGet(*rig.multi, QStringLiteral("k"), pending);
    // The primary hangs: after the hedge delay the fallback is asked too and its answer wins.
    QTRY_VERIFY(pending.answered());
    auto r = pending.result->value();
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b2"));
    QCOMPARE(bodyOf(*r), QByteArray("fallback"));
    QCOMPARE(rig.stats(1).hedges, quint64(1));
    QCOMPARE(rig.b[0]->hungCount(), 1);
    // The primary's late answer is filed and dropped: nothing is answered twice.
    rig.b[0]->release();
    QTRY_COMPARE(rig.stats(0).hits, quint64(1));
    QCOMPARE(rig.stats(0).hedges, quint64(0));
}

void TestMultiReads::hedgeWaitsForTheEarlierBackendOnANotFound()
{
    Rig rig(2, hedgeAfter(20));
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "slow");
    rig.b[1]->addBucket(kBucket);
    rig.b[0]->setMode(Mode::Hang);
    testing::Pending<GetObjectResult> pending;
    startGet(*rig.multi, QStringLiteral("k"), pending);
    QTRY_COMPARE(rig.b[1]->callCount(QStringLiteral("GetObject")), 1);
    QTRY_COMPARE(rig.stats(1).misses, quint64(1));
    QCoreApplication::processEvents();
    // The fallback lacks it, but the primary may still hold it: no 404 yet.
    QVERIFY(!pending.answered());
    rig.b[0]->release();
    QTRY_VERIFY(pending.answered());
    auto r = pending.result->value();
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(bodyOf(*r), QByteArray("slow"));
}

void TestMultiReads::noHedgeWhenTheBackendAnswersInTime()
{
    Rig rig(2, hedgeAfter(10000));
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "fast");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "other");
    for (int i = 0; i < 20; ++i) {
        auto r = get(*rig.multi, QStringLiteral("k"));
        QVERIFY(r.ok());
        QCOMPARE(r->servedBy, QStringLiteral("b1"));
    }
    QCOMPARE(rig.b[1]->callCount(), 0);
    QCOMPARE(rig.stats(1).hedges, quint64(0));
}

void TestMultiReads::hedgingSwitchedOff()
{
    Rig rig(2, hedgeAfter(0));
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "primary");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    rig.b[0]->setMode(Mode::Hang);
    testing::Pending<GetObjectResult> pending;
    startGet(*rig.multi, QStringLiteral("k"), pending);
    QTRY_COMPARE(rig.b[0]->hungCount(), 1);
    QCoreApplication::processEvents();
    QVERIFY(!pending.answered());
    rig.b[0]->timeOut();
    QTRY_VERIFY(pending.answered());
    // The fallback was asked once, after the primary failed, never as a hedge.
    QCOMPARE(pending.result->value()->servedBy, QStringLiteral("b2"));
    QCOMPARE(rig.b[1]->callCount(), 1);
    QCOMPARE(rig.stats(1).hedges, quint64(0));
}

void TestMultiReads::hedgeWinDoesNotPinTheKeyToTheFallback()
{
    MultiOptions options; // the location cache on
    options.hedge.afterMs = 20;
    Rig rig(2, options);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "primary");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    rig.b[0]->setMode(Mode::Hang);
    testing::Pending<GetObjectResult> pending;
    startGet(*rig.multi, QStringLiteral("k"), pending);
    QTRY_VERIFY(pending.answered());
    QCOMPARE(pending.result->value()->servedBy, QStringLiteral("b2"));
    rig.b[0]->setMode(Mode::Serve);
    rig.b[0]->release();
    // The primary never said it lacks the key: the next read asks it first again.
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
}

QTEST_GUILESS_MAIN(TestMultiReads)
#include "test_multireads.moc"
