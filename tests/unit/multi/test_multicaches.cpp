// The read caches in the cascade (issue #11, ReadPlan): what they let reads skip, which answers
// may come from them, and that a stale entry costs a retry, never a wrong answer.
#include "MultiRig.h"
#include "backends/multi/CascadeState.h"

#include <QThread>

using namespace s3c;
using namespace s3c::testing;

namespace {

const QString kGet = QStringLiteral("GetObject");

MultiOptions caches(bool location, bool misses, qint64 ttlMs = 1000)
{
    MultiOptions o;
    o.hedge.afterMs = 0; // call counts stay exact
    o.locationCacheTtlMs = location ? ttlMs : 0;
    o.missCacheTtlMs = misses ? ttlMs : 0;
    return o;
}

QList<int> getCalls(const Rig &rig)
{
    QList<int> out;
    for (FaultBackend *b : rig.b)
        out.append(b->callCount(kGet));
    return out;
}

StatsSnapshot snapshot(const Rig &rig)
{
    return rig.multi->statistics()->snapshot();
}

QByteArray read(Backend &multi, const QString &key, QString *by = nullptr)
{
    auto r = get(multi, key);
    if (!r.ok())
        return "error " + s3ErrorCode(r.error());
    if (by)
        *by = r->servedBy;
    return bodyOf(*r);
}

} // namespace

class TestMultiCaches : public QObject
{
    Q_OBJECT
private slots:
    void repeatedReadsSkipKnownMisses_data();
    void repeatedReadsSkipKnownMisses();
    void everyReadIsRemembered();
    void missingEverywhereIsAnsweredFromFreshMisses();
    void failureOfAnAskedBackendIsStill503();
    void depthCountsTheSkippedBackends();
    void directWriteIsHiddenForTheTtlOnly();
    void staleLocationCostsARetryNeverAWrongAnswer();
    void failingLocationRetriesWithoutItsEntry();
    void ownWritesForgetBothCaches_data();
    void ownWritesForgetBothCaches();
    void writeInAnotherThreadIsSeen();
    void missSeenBeforeAWriteIsNotRemembered();
    void ejectedPrimaryDoesNotPinTheKey();
    void switchedOff();
    void noCachesForASingleBackend();
};

void TestMultiCaches::repeatedReadsSkipKnownMisses_data()
{
    QTest::addColumn<bool>("location");
    QTest::addColumn<bool>("misses");
    QTest::newRow("both") << true << true;
    QTest::newRow("location cache only") << true << false;
    QTest::newRow("miss cache only") << false << true;
}

void TestMultiCaches::repeatedReadsSkipKnownMisses()
{
    QFETCH(bool, location);
    QFETCH(bool, misses);
    Rig rig(3, caches(location, misses));
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "third");
    QString by;
    QCOMPARE(read(*rig.multi, QStringLiteral("k"), &by), QByteArray("third"));
    QCOMPARE(getCalls(rig), (QList<int>{1, 1, 1}));
    // Within the TTL, GET and HEAD go straight to the third backend.
    QCOMPARE(read(*rig.multi, QStringLiteral("k"), &by), QByteArray("third"));
    QCOMPARE(by, QStringLiteral("b3"));
    QCOMPARE(get(*rig.multi, QStringLiteral("k"), true)->servedBy, QStringLiteral("b3"));
    QCOMPARE(getCalls(rig), (QList<int>{1, 1, 3}));
    QCOMPARE(rig.stats(2).hitsAtDepth[2], quint64(3)); // still served from the third place
    const StatsSnapshot s = snapshot(rig);
    QCOMPARE(s.locationCache.skipped + s.missCache.skipped, quint64(4));
    if (location)
        QCOMPARE(s.locationCache.hits, quint64(2));
    else
        QCOMPARE(s.missCache.skipped, quint64(4));
    // After the TTL the whole cascade again.
    rig.clock->advanceMs(1000);
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
    QCOMPARE(getCalls(rig), (QList<int>{2, 2, 4}));
}

void TestMultiCaches::everyReadIsRemembered()
{
    Rig rig(3, caches(true, false));
    rig.b[0]->addObject(kBucket, QStringLiteral("p"), "primary");
    rig.b[1]->addObject(kBucket, QStringLiteral("f"), "second");
    QCOMPARE(read(*rig.multi, QStringLiteral("p")), QByteArray("primary"));
    QCOMPARE(read(*rig.multi, QStringLiteral("f")), QByteArray("second"));
    StatsSnapshot s = snapshot(rig);
    QCOMPARE(s.locationCache.entries, qint64(2)); // the primary's key too, not only fallback hits
    QVERIFY(s.locationCache.bytes > 0);
    QCOMPARE(read(*rig.multi, QStringLiteral("p")), QByteArray("primary"));
    QCOMPARE(read(*rig.multi, QStringLiteral("f")), QByteArray("second"));
    s = snapshot(rig);
    QCOMPARE(s.locationCache.hits, quint64(2));
    QCOMPARE(s.locationCache.skipped, quint64(1)); // only the fallback's entry saves a request
    QCOMPARE(getCalls(rig), (QList<int>{3, 2, 0}));
}

void TestMultiCaches::missingEverywhereIsAnsweredFromFreshMisses()
{
    Rig rig(3, caches(true, true));
    rig.b[0]->addBucket(kBucket); // has the bucket: NoSuchKey; the others lack it
    QCOMPARE(get(*rig.multi, QStringLiteral("none")).error(), S3Error::NoSuchKey);
    QCOMPARE(getCalls(rig), (QList<int>{1, 1, 1}));
    // Every backend is a fresh miss: answered without asking anyone, the same answer.
    QCOMPARE(get(*rig.multi, QStringLiteral("none")).error(), S3Error::NoSuchKey);
    QCOMPARE(get(*rig.multi, QStringLiteral("none"), true).error(), S3Error::NoSuchKey);
    QCOMPARE(getCalls(rig), (QList<int>{1, 1, 1}));
    QCOMPARE(snapshot(rig).missCache.answered, quint64(2));
    // A bucket no backend has stays NoSuchBucket.
    GetObjectRequest other;
    other.bucket = QStringLiteral("nobucket");
    QCOMPARE(get(*rig.multi, QStringLiteral("x"), false, other).error(), S3Error::NoSuchBucket);
    QCOMPARE(get(*rig.multi, QStringLiteral("x"), false, other).error(), S3Error::NoSuchBucket);
    QCOMPARE(getCalls(rig), (QList<int>{2, 2, 2}));
    // Misses of different ages: b3 could not answer at first (503, not 404).
    rig.b[2]->setMode(Mode::Refuse);
    QCOMPARE(get(*rig.multi, QStringLiteral("mixed")).error(), S3Error::ServiceUnavailable);
    QCOMPARE(getCalls(rig), (QList<int>{3, 3, 3}));
    rig.clock->advanceMs(500);
    rig.b[2]->setMode(Mode::Serve);
    // Only b3 is asked; it lacks the bucket, but the skipped b1 said NoSuchKey: so does the answer.
    QCOMPARE(get(*rig.multi, QStringLiteral("mixed")).error(), S3Error::NoSuchKey);
    QCOMPARE(getCalls(rig), (QList<int>{3, 3, 4}));
    // b1's and b2's misses expire first: they are asked again, b3's is still fresh.
    rig.clock->advanceMs(500);
    QCOMPARE(get(*rig.multi, QStringLiteral("mixed")).error(), S3Error::NoSuchKey);
    QCOMPARE(getCalls(rig), (QList<int>{4, 4, 4}));
}

void TestMultiCaches::failureOfAnAskedBackendIsStill503()
{
    Rig rig(3, caches(false, true));
    rig.b[0]->addBucket(kBucket);
    rig.b[2]->addBucket(kBucket);
    rig.b[1]->setMode(Mode::Refuse);
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QCOMPARE(getCalls(rig), (QList<int>{1, 1, 1}));
    // b1 and b3 are known misses, b2 could not answer: it may hold the key, so no 404.
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QCOMPARE(getCalls(rig), (QList<int>{1, 2, 1}));
    // Once b2 answers not-found as well, the skipped fresh misses make the 404.
    rig.b[1]->setMode(Mode::Serve);
    rig.b[1]->addBucket(kBucket);
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::NoSuchKey);
    QCOMPARE(getCalls(rig), (QList<int>{1, 3, 1}));
}

void TestMultiCaches::depthCountsTheSkippedBackends()
{
    Rig rig(3, caches(true, true));
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "third");
    rig.b[0]->setMode(Mode::Refuse);
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
    // b1 failed: nothing pins the key to b3, only b2's miss is known.
    QCOMPARE(snapshot(rig).locationCache.entries, qint64(0));
    rig.b[0]->setMode(Mode::Serve);
    rig.b[0]->addBucket(kBucket);
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
    QCOMPARE(getCalls(rig), (QList<int>{2, 1, 2}));
    // Asked b1 and b3 only, and b3 is still the third place of the cascade.
    QCOMPARE(rig.stats(2).hitsAtDepth[2], quint64(2));
    // That read proved b1 and b2 lack the key: the next one starts at b3.
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
    QCOMPARE(getCalls(rig), (QList<int>{2, 1, 3}));
}

void TestMultiCaches::directWriteIsHiddenForTheTtlOnly()
{
    Rig rig(3, caches(true, true));
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "third");
    rig.b[2]->addObject(kBucket, QStringLiteral("w"), "third");
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
    QCOMPARE(read(*rig.multi, QStringLiteral("w")), QByteArray("third"));
    // A PUT through the gateway is seen by the very next read.
    QVERIFY(put(*rig.multi, QStringLiteral("w"), "new").ok());
    QString by;
    QCOMPARE(read(*rig.multi, QStringLiteral("w"), &by), QByteArray("new"));
    QCOMPARE(by, QStringLiteral("b1"));
    // Written on the primary behind the gateway's back: the documented trade-off is that it
    // stays hidden until what the caches know expires, and not a moment longer.
    rig.clock->advanceMs(300);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "direct");
    QCOMPARE(read(*rig.multi, QStringLiteral("k"), &by), QByteArray("third"));
    rig.clock->advanceMs(699);
    QCOMPARE(read(*rig.multi, QStringLiteral("k"), &by), QByteArray("third"));
    rig.clock->advanceMs(1);
    QCOMPARE(read(*rig.multi, QStringLiteral("k"), &by), QByteArray("direct"));
    QCOMPARE(by, QStringLiteral("b1"));

    // A location learnt from a read that skipped cached misses lasts no longer than they do.
    rig.b[2]->addObject(kBucket, QStringLiteral("m"), "third");
    rig.b[2]->setMode(Mode::Refuse);
    QCOMPARE(get(*rig.multi, QStringLiteral("m")).error(), S3Error::ServiceUnavailable); // b1, b2 miss
    rig.clock->advanceMs(600);
    rig.b[2]->setMode(Mode::Serve);
    QCOMPARE(read(*rig.multi, QStringLiteral("m")), QByteArray("third")); // b3 only: "m is on b3"
    rig.b[0]->addObject(kBucket, QStringLiteral("m"), "direct");
    rig.clock->advanceMs(399);
    QCOMPARE(read(*rig.multi, QStringLiteral("m")), QByteArray("third"));
    rig.clock->advanceMs(1); // the misses it rested on expire: so does the location
    QCOMPARE(read(*rig.multi, QStringLiteral("m"), &by), QByteArray("direct"));
}

void TestMultiCaches::staleLocationCostsARetryNeverAWrongAnswer()
{
    Rig rig(3, caches(true, true));
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "third");
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
    // Moved from b3 to b2 behind our back, while the caches say "on b3, not on b1 or b2".
    QVERIFY(del(*rig.b[2], QStringLiteral("k")).ok());
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "second");
    QString by;
    QCOMPARE(read(*rig.multi, QStringLiteral("k"), &by), QByteArray("second"));
    QCOMPARE(by, QStringLiteral("b2"));
    // b3 said 404, then the full cascade, the cached misses of b1 and b2 not trusted.
    QCOMPARE(getCalls(rig), (QList<int>{2, 2, 2}));
    QCOMPARE(snapshot(rig).locationCache.stale, quint64(1));
    // Gone everywhere behind our back: the stale entry gives 404 only after everyone said so
    // (b2, then b3 that is no known miss, then the full cascade).
    QVERIFY(del(*rig.b[1], QStringLiteral("k")).ok());
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::NoSuchKey);
    QCOMPARE(getCalls(rig), (QList<int>{3, 4, 4}));
}

void TestMultiCaches::failingLocationRetriesWithoutItsEntry()
{
    for (bool misses : {true, false}) {
        Rig rig(3, caches(true, misses));
        rig.b[0]->addBucket(kBucket);
        rig.b[1]->addBucket(kBucket);
        rig.b[2]->addObject(kBucket, QStringLiteral("k"), "third");
        QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
        rig.b[2]->setMode(Mode::Refuse);
        QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
        // The retry skips only what is known to miss: b1 and b2 again when nothing is.
        QCOMPARE(getCalls(rig), misses ? (QList<int>{1, 1, 3}) : (QList<int>{2, 2, 3}));
    }
}

void TestMultiCaches::ownWritesForgetBothCaches_data()
{
    QTest::addColumn<QString>("write");
    QTest::addColumn<bool>("forgets");
    for (const char *w : {"PutObject", "DeleteObject", "DeleteObject all", "CopyObject",
                          "CompleteMultipartUpload", "CreateBucket", "DeleteBucket"})
        QTest::newRow(w) << QString::fromLatin1(w) << true;
    QTest::newRow("ListMultipartUploads") << QStringLiteral("ListMultipartUploads") << false;
}

void TestMultiCaches::ownWritesForgetBothCaches()
{
    QFETCH(QString, write);
    QFETCH(bool, forgets);
    MultiOptions o = caches(true, true, 60000);
    if (write == QStringLiteral("DeleteObject all"))
        o.deletePolicy = MultiOptions::DeletePolicy::All;
    Rig rig(3, o);
    rig.b[0]->addBucket(kBucket);
    rig.b[0]->addBucket(QStringLiteral("empty"));
    rig.b[0]->addObject(kBucket, QStringLiteral("src"), "source");
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "third");
    rig.b[2]->addObject(kBucket, QStringLiteral("none"), "x");
    QVERIFY(del(*rig.b[2], QStringLiteral("none")).ok());
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
    QCOMPARE(get(*rig.multi, QStringLiteral("none")).error(), S3Error::NoSuchKey);
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
    QCOMPARE(get(*rig.multi, QStringLiteral("none")).error(), S3Error::NoSuchKey);
    QCOMPARE(getCalls(rig), (QList<int>{2, 2, 3}));

    const QString k = QStringLiteral("k");
    if (write == QStringLiteral("PutObject")) {
        QVERIFY(put(*rig.multi, k, "new").ok());
    } else if (write.startsWith(QStringLiteral("DeleteObject"))) {
        QVERIFY(del(*rig.multi, k).ok());
    } else if (write == QStringLiteral("CopyObject")) {
        CopyObjectRequest req;
        req.sourceBucket = kBucket;
        req.sourceKey = QStringLiteral("src");
        req.bucket = kBucket;
        req.key = k;
        QVERIFY(await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); }).ok());
    } else if (write == QStringLiteral("CompleteMultipartUpload")) {
        MultipartUpload up;
        up.bucket = kBucket;
        up.key = k;
        auto created = await<MultipartUpload>([&](auto cb) { rig.multi->createMultipartUpload(up, cb); });
        QVERIFY(created.ok());
        FaultBody body("part", false);
        UploadPartRequest part;
        part.bucket = kBucket;
        part.key = k;
        part.uploadId = created->uploadId;
        part.partNumber = 1;
        part.body = &body;
        auto uploaded = await<PartInfo>([&](auto cb) { rig.multi->uploadPart(part, cb); });
        QVERIFY(uploaded.ok());
        // Creating the upload and its parts changes nothing a read finds yet.
        QCOMPARE(read(*rig.multi, k), QByteArray("third"));
        QCOMPARE(rig.b[0]->callCount(kGet), 2);
        QVERIFY(
            await<ObjectInfo>([&](auto cb) {
                rig.multi->completeMultipartUpload(kBucket, k, created->uploadId, {{1, uploaded->etag}}, cb);
            }).ok());
    } else if (write == QStringLiteral("CreateBucket")) {
        QVERIFY(await<Done>([&](auto cb) { rig.multi->createBucket(QStringLiteral("fresh"), cb); }).ok());
    } else if (write == QStringLiteral("DeleteBucket")) {
        QVERIFY(await<Done>([&](auto cb) { rig.multi->deleteBucket(QStringLiteral("empty"), cb); }).ok());
    } else if (write == QStringLiteral("ListMultipartUploads")) {
        ListUploadsRequest req;
        req.bucket = kBucket;
        QVERIFY(await<ListUploadsResult>([&](auto cb) { rig.multi->listMultipartUploads(req, cb); }).ok());
    }
    // The next reads of both keys ask the primary again (or, for operations that cannot change
    // what a read finds, keep skipping it).
    get(*rig.multi, k);
    get(*rig.multi, QStringLiteral("none"));
    const bool bucketWide = write.endsWith(QStringLiteral("Bucket"));
    const int expected = !forgets ? 2 : bucketWide ? 4 : 3;
    QCOMPARE(rig.b[0]->callCount(kGet), expected);
    QVERIFY(snapshot(rig).locationCache.invalidations > 0 || !forgets);
}

void TestMultiCaches::writeInAnotherThreadIsSeen()
{
    // Two copies of one set, as the gateway runs one per thread: each has its own backend
    // objects (sockets belong to a thread), both share the CascadeState.
    auto clock = std::make_shared<ManualClock>();
    const MultiOptions o = caches(true, true, 60000);
    auto state = CascadeState::create({QStringLiteral("b1"), QStringLiteral("b2"), QStringLiteral("b3")}, o,
                                      {}, clock);
    QList<FaultBackend *> here;
    for (int i = 0; i < 3; ++i)
        here.append(new FaultBackend(QStringLiteral("b%1").arg(i + 1)));
    here[0]->addBucket(kBucket);
    here[1]->addBucket(kBucket);
    here[2]->addObject(kBucket, QStringLiteral("k"), "third");
    auto multiHere = std::make_unique<MultiBackend>(QList<Backend *>(here.begin(), here.end()), o, state);
    QCOMPARE(read(*multiHere, QStringLiteral("k")), QByteArray("third"));
    QCOMPARE(read(*multiHere, QStringLiteral("k")), QByteArray("third"));
    QCOMPARE(here[0]->callCount(kGet), 1);

    QThread thread;
    thread.start();
    QObject context;
    context.moveToThread(&thread);
    bool written = false;
    QMetaObject::invokeMethod(
        &context,
        [&] {
            QList<Backend *> there;
            for (int i = 0; i < 3; ++i)
                there.append(new FaultBackend(QStringLiteral("b%1").arg(i + 1)));
            static_cast<FaultBackend *>(there[0])->addBucket(kBucket);
            {
                MultiBackend multiThere(there, o, state);
                written = put(multiThere, QStringLiteral("k"), "new").ok();
            }
            qDeleteAll(there);
        },
        Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    QVERIFY(written);
    // The write in the other thread made this thread's copy forget: it asks its primary again.
    get(*multiHere, QStringLiteral("k"));
    QCOMPARE(here[0]->callCount(kGet), 2);
    multiHere.reset();
    qDeleteAll(here);
}

void TestMultiCaches::missSeenBeforeAWriteIsNotRemembered()
{
    Rig rig(2, caches(false, true, 60000));
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "old");
    rig.b[0]->setMode(kGet, Mode::Hang);
    Pending<GetObjectResult> pending;
    startGet(*rig.multi, QStringLiteral("k"), pending);
    QTRY_COMPARE(rig.b[0]->hungCount(), 1);
    // Our PUT lands on the primary while the read is in flight; the primary's answer to the
    // read is a not-found from before the write landed (modelled: the object is not there yet).
    QVERIFY(put(*rig.multi, QStringLiteral("k"), "new").ok());
    QVERIFY(del(*rig.b[0], QStringLiteral("k")).ok());
    rig.b[0]->clearOperationModes();
    rig.b[0]->release();
    QTRY_VERIFY(pending.answered());
    auto old = pending.result->value();
    QCOMPARE(bodyOf(*old), QByteArray("old")); // it began before the write: fair enough
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "new");
    // But that not-found must not make later reads skip the primary, which holds the write.
    QString by;
    QCOMPARE(read(*rig.multi, QStringLiteral("k"), &by), QByteArray("new"));
    QCOMPARE(by, QStringLiteral("b1"));
}

void TestMultiCaches::ejectedPrimaryDoesNotPinTheKey()
{
    MultiOptions o = caches(true, false, 600000);
    o.ejection.consecutiveFailures = 1;
    o.ejection.baseEjectionMs = 1000;
    Rig rig(2, o);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "primary");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    rig.b[0]->setMode(Mode::Refuse);
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("fallback"));
    QVERIFY(rig.multi->isEjected(0));
    // Skipped as ejected, the primary said nothing about the key: no entry may say it lacks it.
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("fallback"));
    QCOMPARE(rig.b[0]->callCount(kGet), 1);
    rig.b[0]->setMode(Mode::Serve);
    rig.clock->advanceMs(1000);
    QString by;
    QCOMPARE(read(*rig.multi, QStringLiteral("k"), &by), QByteArray("primary"));
    QCOMPARE(by, QStringLiteral("b1"));
}

void TestMultiCaches::switchedOff()
{
    Rig rig(3, caches(false, false));
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "third");
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("third"));
        QCOMPARE(get(*rig.multi, QStringLiteral("none")).error(), S3Error::NoSuchKey);
    }
    QCOMPARE(getCalls(rig), (QList<int>{6, 6, 6}));
    const StatsSnapshot s = snapshot(rig);
    QCOMPARE(s.locationCache.entries + s.missCache.entries, qint64(0));
    QCOMPARE(s.locationCache.hits + s.missCache.hits, quint64(0));
}

void TestMultiCaches::noCachesForASingleBackend()
{
    // The posix mode is a set of one: files put into its directory behind the gateway's back
    // must not be hidden by a cached 404, and there is no other backend to skip anyway.
    Rig rig(1, caches(true, true, 60000));
    rig.b[0]->addBucket(kBucket);
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::NoSuchKey);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "dropped in");
    QCOMPARE(read(*rig.multi, QStringLiteral("k")), QByteArray("dropped in"));
    QCOMPARE(getCalls(rig), (QList<int>{2}));
    const StatsSnapshot s = snapshot(rig);
    QCOMPARE(s.locationCache.entries + s.missCache.entries, qint64(0));
}

QTEST_GUILESS_MAIN(TestMultiCaches)
#include "test_multicaches.moc"
