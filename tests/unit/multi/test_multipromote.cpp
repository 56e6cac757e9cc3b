// Copy-on-read ("promoteOnRead", issue #11) over FaultBackends: what a fallback served is copied
// into the primary with its metadata, never over a newer write, bounded, once per key.
#include "MultiRig.h"
#include "backends/multi/CascadeState.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace s3c;
using namespace s3c::testing;

namespace {

MultiOptions promoting(int concurrency = 4, int queue = 64, qint64 maxBytes = 1 << 20)
{
    MultiOptions o;
    o.promote.enabled = true;
    o.promote.concurrency = concurrency;
    o.promote.queue = queue;
    o.promote.maxBytes = maxBytes;
    return o;
}

PromotionStatsSnapshot promotion(const Rig &rig)
{
    return rig.multi->statistics()->snapshot().promotion;
}

ObjectInfo richMeta()
{
    ObjectInfo meta;
    meta.contentType = "image/png";
    meta.headers = {{"cache-control", "max-age=60"},
                    {"content-disposition", "attachment; filename=\"a b.png\""},
                    {"content-encoding", "identity"},
                    {"x-amz-meta-owner", "Zo\xc3\xab"},
                    {"x-amz-meta-empty", ""}};
    meta.tags = {{QStringLiteral("project"), QStringLiteral("sippy")}, {QStringLiteral("tier"), QString()}};
    meta.checksums.insert("CRC32", "AAAAAA=="); // the fallback's, not to be stored unverified
    meta.partsCount = 2;
    return meta;
}

// A read as the HTTP layer does it: the answer, then the body sent (read) and deleted.
Result<GetObjectResult> read(Backend &backend, const QString &key, bool head = false,
                             GetObjectRequest req = {}, QByteArray *body = nullptr)
{
    auto r = get(backend, key, head, req);
    if (r.ok()) {
        const QByteArray bytes = bodyOf(*r);
        if (body)
            *body = bytes;
    }
    return r;
}

// Runs the event loop until it is idle for a while: `turns` passes, each running every event
// and 0 ms timer already due. A copy starts within two passes of the read's answer.
void spin(int turns = 50)
{
    for (int i = 0; i < turns; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
}

// One gateway thread: its own backends and MultiBackend over the CascadeState all threads share.
// The FaultBackends stand for the same services, each thread with its own connection to them.
struct Lane
{
    Lane(const std::shared_ptr<CascadeState> &state, const MultiOptions &options)
    {
        thread.start();
        context->moveToThread(&thread);
        run([&] {
            primary = new FaultBackend(QStringLiteral("b1"));
            fallback = new FaultBackend(QStringLiteral("b2"));
            primary->addBucket(kBucket);
            for (const char *key : {"k1", "k2"})
                fallback->addObject(kBucket, QString::fromLatin1(key), QByteArray(key).repeated(64));
            multi = new MultiBackend({primary, fallback}, options, state);
        });
    }
    ~Lane()
    {
        run([&] {
            delete multi;
            delete primary;
            delete fallback;
        });
        context->deleteLater();
        thread.quit();
        thread.wait();
    }
    void run(const std::function<void()> &fn)
    {
        QMetaObject::invokeMethod(context, fn, Qt::BlockingQueuedConnection);
    }
    template <class T> T ask(const std::function<T()> &fn)
    {
        T out{};
        run([&] { out = fn(); });
        return out;
    }
    // A read as the HTTP layer does it, in this thread; true once answered.
    std::shared_ptr<std::atomic<bool>> read(const QString &key)
    {
        auto answered = std::make_shared<std::atomic<bool>>(false);
        run([&] {
            GetObjectRequest req;
            req.bucket = kBucket;
            req.key = key;
            multi->getObject(req, [answered](Result<GetObjectResult> r) {
                if (r.ok())
                    delete r.value().body;
                *answered = true;
            });
        });
        return answered;
    }

    QThread thread;
    QObject *context = new QObject;
    FaultBackend *primary = nullptr;
    FaultBackend *fallback = nullptr;
    MultiBackend *multi = nullptr;
};

} // namespace

class TestMultiPromote : public QObject
{
    Q_OBJECT
private slots:
    void copiesWithMetadataAfterTheClientHasItsAnswer();
    void headAndRangedReadsCopyTheWholeObject();
    void neverReplacesANewerWriteOnThePrimary();
    void aDeleteAbandonsTheCopyAndHoldsOffNewOnes();
    void sizeCapIsRespected();
    void offCopiesNothing();
    void boundedQueueAndOneCopyPerKey();
    void sharedByTheCopiesOfTheSet();
    void acrossThreads();
    void aFallbackBreakingMidCopyLeavesNothing();
    void anEjectedPrimaryIsNotAsked();
};

void TestMultiPromote::copiesWithMetadataAfterTheClientHasItsAnswer()
{
    Rig rig(2, promoting());
    rig.b[0]->addBucket(kBucket);
    const QByteArray data = QByteArray("promote me ").repeated(1000);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), data, richMeta());

    // The client's answer comes before the copy even asked the fallback, and the copy waits
    // until the client's download is done with.
    int fallbackGetsAtAnswer = -1;
    Pending<GetObjectResult> pending;
    GetObjectRequest req;
    req.bucket = kBucket;
    req.key = QStringLiteral("k");
    auto inner = pending.callback();
    rig.multi->getObject(req, [&, inner](Result<GetObjectResult> r) {
        fallbackGetsAtAnswer = rig.b[1]->callCount(QStringLiteral("GetObject"));
        inner(std::move(r));
    });
    QTRY_VERIFY(pending.answered());
    QCOMPARE(fallbackGetsAtAnswer, 1);
    GetObjectResult served = pending.result->value().value();
    QCOMPARE(served.servedBy, QStringLiteral("b2"));
    spin();
    QCOMPARE(rig.b[1]->callCount(QStringLiteral("GetObject")), 1);
    QCOMPARE(promotion(rig).active, quint64(1)); // booked, holding its slot
    QCOMPARE(bodyOf(served), data);              // sent; the HTTP layer deletes the body

    QTRY_VERIFY(rig.b[0]->hasObject(kBucket, QStringLiteral("k")));
    QTRY_COMPARE(promotion(rig).copied, quint64(1));
    const ObjectInfo copied = rig.b[0]->objectInfo(kBucket, QStringLiteral("k"));
    const ObjectInfo original = richMeta();
    QCOMPARE(rig.b[0]->objectData(kBucket, QStringLiteral("k")), data);
    QCOMPARE(copied.contentType, original.contentType);
    QCOMPARE(copied.headers, original.headers);
    QCOMPARE(copied.tags, original.tags);
    QVERIFY(copied.checksums.isEmpty()); // the primary's own, from the bytes it got
    QCOMPARE(copied.partsCount, 0);
    QCOMPARE(rig.b[0]->callLog().filter(QStringLiteral("PutObject")).size(), 1);
    const PromotionStatsSnapshot s = promotion(rig);
    QVERIFY(s.enabled);
    QCOMPARE(s.bytesCopied, quint64(data.size()));
    QCOMPARE(s.skipped() + s.failed, quint64(0));
    QTRY_COMPARE(promotion(rig).active, quint64(0));
    QCOMPARE(rig.stats(0).bytesIn, quint64(data.size()));

    // The location cache had the key on the fallback; the copy sends reads to the primary again.
    QByteArray againBody;
    auto again = read(*rig.multi, QStringLiteral("k"), false, {}, &againBody);
    QVERIFY(again.ok());
    QCOMPARE(again->servedBy, QStringLiteral("b1"));
    QCOMPARE(againBody, data);
    spin();
    QCOMPARE(promotion(rig).copied, quint64(1)); // a primary hit offers nothing
}

void TestMultiPromote::headAndRangedReadsCopyTheWholeObject()
{
    Rig rig(3, promoting());
    rig.b[0]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("h"), "head-only body", richMeta());
    rig.b[2]->addObject(kBucket, QStringLiteral("r"), "0123456789");

    auto head = read(*rig.multi, QStringLiteral("h"), true);
    QVERIFY(head.ok());
    QCOMPARE(head->servedBy, QStringLiteral("b3"));
    GetObjectRequest ranged;
    ranged.range = RangeSpec{2, 5, -1};
    QByteArray partBody;
    QVERIFY(read(*rig.multi, QStringLiteral("r"), false, ranged, &partBody).ok());
    QCOMPARE(partBody, QByteArray("2345"));

    QTRY_COMPARE(promotion(rig).copied, quint64(2));
    QCOMPARE(rig.b[0]->objectData(kBucket, QStringLiteral("h")), QByteArray("head-only body"));
    QCOMPARE(rig.b[0]->objectData(kBucket, QStringLiteral("r")), QByteArray("0123456789"));
    QCOMPARE(rig.b[0]->objectInfo(kBucket, QStringLiteral("h")).headers, richMeta().headers);
    QVERIFY(!rig.b[1]->hasObject(kBucket, QStringLiteral("h"))); // into the primary only
}

void TestMultiPromote::neverReplacesANewerWriteOnThePrimary()
{
    Rig rig(2, promoting());
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "old copy on the fallback");
    rig.b[0]->setMode(QStringLiteral("PutObject"), Mode::Hang);

    QVERIFY(read(*rig.multi, QStringLiteral("k")).ok());
    QTRY_COMPARE(rig.b[0]->hungCount(), 1); // the copy is on its way into the primary
    // Meanwhile a newer object reaches the primary by another way (another gateway, a client).
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "newer");
    rig.b[0]->release();

    QTRY_COMPARE(promotion(rig).skippedChanged, quint64(1));
    QCOMPARE(rig.b[0]->objectData(kBucket, QStringLiteral("k")), QByteArray("newer"));
    QCOMPARE(promotion(rig).copied, quint64(0));
    QCOMPARE(promotion(rig).failed, quint64(0));
    QCOMPARE(rig.stats(0).failuresTotal(), quint64(0)); // a refused condition is no backend failure
}

void TestMultiPromote::aDeleteAbandonsTheCopyAndHoldsOffNewOnes()
{
    MultiOptions options = promoting();
    options.deletePolicy = MultiOptions::DeletePolicy::All;
    Rig rig(2, options);
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "to be deleted");
    rig.b[1]->addObject(kBucket, QStringLiteral("k2"), "to be deleted too");
    rig.b[0]->setMode(QStringLiteral("PutObject"), Mode::Hang);

    QVERIFY(read(*rig.multi, QStringLiteral("k")).ok());
    QTRY_COMPARE(rig.b[0]->hungCount(), 1);
    // The client deletes the key while its copy is on the way: the copy must not bring it back.
    QVERIFY(del(*rig.multi, QStringLiteral("k")).ok());
    rig.b[0]->release();
    QTRY_COMPARE(promotion(rig).skippedChanged, quint64(1));
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("k")));
    QVERIFY(!rig.b[1]->hasObject(kBucket, QStringLiteral("k")));
    QCOMPARE(promotion(rig).copied, quint64(0));

    // A read that the fallback answers while a delete of the key is still running books no copy.
    rig.b[0]->setMode(QStringLiteral("PutObject"), Mode::Serve);
    rig.b[0]->setMode(QStringLiteral("DeleteObject"), Mode::Hang);
    Pending<Done> deleting;
    rig.multi->deleteObject(kBucket, QStringLiteral("k2"), deleting.callback());
    QTRY_COMPARE(rig.b[0]->hungCount(), 1);
    QVERIFY(read(*rig.multi, QStringLiteral("k2")).ok());
    QCOMPARE(promotion(rig).skippedChanged, quint64(2));
    rig.b[0]->release();
    QTRY_VERIFY(deleting.answered());
    spin();
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("k2")));
    QCOMPARE(promotion(rig).copied, quint64(0));
}

void TestMultiPromote::sizeCapIsRespected()
{
    Rig rig(2, promoting(4, 64, 10));
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addObject(kBucket, QStringLiteral("fits"), "0123456789");
    rig.b[1]->addObject(kBucket, QStringLiteral("big"), "0123456789A");

    QVERIFY(read(*rig.multi, QStringLiteral("big")).ok());
    QVERIFY(read(*rig.multi, QStringLiteral("fits")).ok());
    QTRY_COMPARE(promotion(rig).copied, quint64(1));
    QCOMPARE(promotion(rig).skippedTooLarge, quint64(1));
    QVERIFY(rig.b[0]->hasObject(kBucket, QStringLiteral("fits")));
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("big")));
    QCOMPARE(rig.b[1]->callCount(QStringLiteral("GetObject")), 3); // no second read of "big"
}

void TestMultiPromote::offCopiesNothing()
{
    // The same reads with the option on and off, given the same event loop passes afterwards.
    for (const bool on : {true, false}) {
        MultiOptions options = on ? promoting() : MultiOptions{};
        Rig rig(2, options);
        rig.b[0]->addBucket(kBucket);
        rig.b[1]->addObject(kBucket, QStringLiteral("k"), "payload", richMeta());
        QVERIFY(read(*rig.multi, QStringLiteral("k")).ok());
        QVERIFY(read(*rig.multi, QStringLiteral("k"), true).ok());
        spin();
        QCOMPARE(rig.b[0]->hasObject(kBucket, QStringLiteral("k")), on);
        QCOMPARE(rig.b[0]->callCount(QStringLiteral("PutObject")), on ? 1 : 0);
        QCOMPARE(rig.b[1]->callCount(QStringLiteral("GetObject")), on ? 3 : 2);
        QCOMPARE(promotion(rig).enabled, on);
        QCOMPARE(promotion(rig).copied, quint64(on ? 1 : 0));
    }
}

void TestMultiPromote::boundedQueueAndOneCopyPerKey()
{
    Rig rig(2, promoting(1, 1));
    rig.b[0]->addBucket(kBucket);
    for (const char *key : {"a", "b", "c"})
        rig.b[1]->addObject(kBucket, QString::fromLatin1(key), QByteArray(key).repeated(100));
    rig.b[0]->setMode(QStringLiteral("PutObject"), Mode::Hang);

    QVERIFY(read(*rig.multi, QStringLiteral("a")).ok());
    QTRY_COMPARE(rig.b[0]->hungCount(), 1);              // a: running (the one slot)
    QVERIFY(read(*rig.multi, QStringLiteral("a")).ok()); // a again: already being copied
    QVERIFY(read(*rig.multi, QStringLiteral("b")).ok()); // b: waits in the queue
    QVERIFY(read(*rig.multi, QStringLiteral("c")).ok()); // c: the queue is full
    PromotionStatsSnapshot s = promotion(rig);
    QCOMPARE(s.active, quint64(1));
    QCOMPARE(s.queued, quint64(1));
    QCOMPARE(s.skippedInFlight, quint64(1));
    QCOMPARE(s.skippedBusy, quint64(1));
    QCOMPARE(rig.b[0]->hungCount(), 1); // never more than one copy at once

    rig.b[0]->release(); // a lands; its slot goes to b, whose write hangs in turn
    QTRY_COMPARE(promotion(rig).copied, quint64(1));
    QTRY_COMPARE(rig.b[0]->hungCount(), 1);
    QCOMPARE(promotion(rig).queued, quint64(0));
    rig.b[0]->release();
    QTRY_COMPARE(promotion(rig).copied, quint64(2));
    QVERIFY(rig.b[0]->hasObject(kBucket, QStringLiteral("a")));
    QVERIFY(rig.b[0]->hasObject(kBucket, QStringLiteral("b")));
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("c")));
    QCOMPARE(rig.b[0]->callCount(QStringLiteral("PutObject")), 2);
    QTRY_COMPARE(promotion(rig).active, quint64(0));
}

void TestMultiPromote::sharedByTheCopiesOfTheSet()
{
    // The gateway's threads each have a MultiBackend over the same backends and one shared
    // CascadeState: a key read through two of them is copied once, and the bound is global.
    FaultBackend primary(QStringLiteral("b1"));
    FaultBackend fallback(QStringLiteral("b2"));
    primary.addBucket(kBucket);
    fallback.addObject(kBucket, QStringLiteral("k"), "shared");
    fallback.addObject(kBucket, QStringLiteral("other"), "other");
    const QList<Backend *> list{&primary, &fallback};
    const MultiOptions options = promoting(1, 0);
    auto state = CascadeState::create({QStringLiteral("b1"), QStringLiteral("b2")}, options);
    MultiBackend one(list, options, state);
    MultiBackend two(list, options, state);
    primary.setMode(QStringLiteral("PutObject"), Mode::Hang);

    QVERIFY(read(one, QStringLiteral("k")).ok());
    QTRY_COMPARE(primary.hungCount(), 1);
    QVERIFY(read(two, QStringLiteral("k")).ok());
    QVERIFY(read(two, QStringLiteral("other")).ok());
    const PromotionStatsSnapshot s = state->stats->snapshot().promotion;
    QCOMPARE(s.skippedInFlight, quint64(1));
    QCOMPARE(s.skippedBusy, quint64(1));
    primary.release();
    QTRY_COMPARE(state->stats->snapshot().promotion.copied, quint64(1));
    QCOMPARE(primary.callCount(QStringLiteral("PutObject")), 1);
}

void TestMultiPromote::acrossThreads()
{
    // One slot and one queue place for the whole gateway. A copy runs in thread A; thread B's
    // read waits for the slot; a delete through B abandons A's copy; the freed slot runs B's
    // copy in A (every thread has the same backends).
    const MultiOptions options = promoting(1, 1);
    auto state = CascadeState::create({QStringLiteral("b1"), QStringLiteral("b2")}, options);
    Lane a(state, options);
    Lane b(state, options);
    const auto promoted = [&] { return state->stats->snapshot().promotion; };
    a.run([&] { a.primary->setMode(QStringLiteral("PutObject"), Mode::Hang); });

    auto first = a.read(QStringLiteral("k1"));
    QTRY_VERIFY(*first);
    QTRY_COMPARE(a.ask<int>([&] { return a.primary->hungCount(); }), 1);
    auto second = b.read(QStringLiteral("k2"));
    QTRY_VERIFY(*second);
    QCOMPARE(promoted().queued, quint64(1));

    auto deleted = std::make_shared<std::atomic<bool>>(false);
    b.run([&] {
        b.multi->deleteObject(kBucket, QStringLiteral("k1"), [deleted](Status) { *deleted = true; });
    });
    QTRY_VERIFY(*deleted);
    a.run([&] { a.primary->release(); }); // k1's body was broken on purpose: refused
    QTRY_COMPARE(promoted().skippedChanged, quint64(1));
    QTRY_COMPARE(a.ask<int>([&] { return a.primary->hungCount(); }), 1); // k2's copy, in A
    a.run([&] { a.primary->release(); });
    QTRY_COMPARE(promoted().copied, quint64(1));
    QVERIFY(a.ask<bool>([&] { return a.primary->hasObject(kBucket, QStringLiteral("k2")); }));
    QVERIFY(!a.ask<bool>([&] { return a.primary->hasObject(kBucket, QStringLiteral("k1")); }));
    QCOMPARE(b.ask<int>([&] { return b.primary->callCount(QStringLiteral("PutObject")); }), 0);
    QTRY_COMPARE(promoted().active, quint64(0));
}

void TestMultiPromote::aFallbackBreakingMidCopyLeavesNothing()
{
    Rig rig(2, promoting());
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), QByteArray(5000, 'x'));
    rig.b[1]->setMode(QStringLiteral("GetObject"), Mode::ResetMidBody);
    rig.b[1]->setResetAfter(1000);

    QVERIFY(read(*rig.multi, QStringLiteral("k"), true).ok()); // a HEAD has no body to break
    QTRY_COMPARE(promotion(rig).failed, quint64(1));
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("k")));
    QCOMPARE(rig.stats(0).failuresTotal(), quint64(0)); // the fallback broke, not the primary
    QVERIFY(rig.stats(1).failuresTotal() >= 1);

    // The next read offers it again.
    rig.b[1]->setMode(QStringLiteral("GetObject"), Mode::Serve);
    QVERIFY(read(*rig.multi, QStringLiteral("k"), true).ok());
    QTRY_COMPARE(promotion(rig).copied, quint64(1));
    QCOMPARE(rig.b[0]->objectData(kBucket, QStringLiteral("k")), QByteArray(5000, 'x'));
}

void TestMultiPromote::anEjectedPrimaryIsNotAsked()
{
    MultiOptions options = promoting();
    options.ejection.consecutiveFailures = 1;
    Rig rig(2, options);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "data");
    rig.b[0]->setMode(Mode::Refuse);
    QVERIFY(read(*rig.multi, QStringLiteral("k")).ok()); // the primary fails and is ejected
    QVERIFY(rig.multi->isEjected(0));
    spin();
    QCOMPARE(promotion(rig).skippedBusy, quint64(1));
    QCOMPARE(rig.b[0]->callCount(QStringLiteral("PutObject")), 0);
}

QTEST_GUILESS_MAIN(TestMultiPromote)
#include "test_multipromote.moc"
