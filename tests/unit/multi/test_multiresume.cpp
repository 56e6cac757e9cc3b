// Mid-stream failover of GET (issue #11): a download whose backend breaks (or stalls) after the
// response started carries on from another holder of the same object, from the first byte not
// yet delivered; a different object, or nobody, ends it as a failed body (the HTTP layer then
// aborts the connection), never as a spliced one.
#include "MultiRig.h"

#include "backends/multi/MultiCore.h"
#include "backends/multi/ResumeFetch.h"
#include "backends/multi/ResumingBody.h"

#include <QTest>

using namespace s3c;
using namespace s3c::testing;

Q_DECLARE_METATYPE(s3c::ObjectInfo)

namespace {

const QString kKey = QStringLiteral("big");

// Bytes whose every offset is told apart from its neighbours': a misplaced resume shows.
QByteArray pattern(qsizetype size, int seed = 7)
{
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char((i * seed + i / 251) % 253);
    return out;
}

MultiOptions resumeOptions(int attempts = 3)
{
    MultiOptions o = noCache();
    o.hedge.afterMs = 0; // one backend at a time: the tests count who is asked
    o.resume.maxAttempts = attempts;
    o.resume.stallMs = 50;
    o.resume.timeoutMs = 200;
    return o;
}

// The object on every backend of the rig, b1 breaking its body after `after` bytes.
void seed(Rig &rig, const QByteArray &data, qint64 after, Mode fault = Mode::ResetMidBody)
{
    for (FaultBackend *b : std::as_const(rig.b))
        b->addObject(kBucket, kKey, data);
    rig.b[0]->setMode(QStringLiteral("GetObject"), fault);
    rig.b[0]->setResetAfter(after);
}

GetObjectRequest ranged(qint64 first, qint64 last)
{
    GetObjectRequest req;
    req.range = RangeSpec{first, last, -1};
    return req;
}

// The narrow seam for a stall that ends: a download body the test feeds by hand.
class FedBody : public BodyStream
{
public:
    void feed(const QByteArray &bytes)
    {
        m_data += bytes;
        emit readyRead();
    }
    qint64 expectedLength() const override { return -1; }
    bool isFinished() const override { return false; }
    bool hasFailed() const override { return false; }
    qint64 bytesAvailable() const override { return m_data.size() - m_pos; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, bytesAvailable());
        std::memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

QByteArray drain(QIODevice &body)
{
    QByteArray out;
    QByteArray chunk;
    while (!(chunk = body.read(65536)).isEmpty())
        out += chunk;
    return out;
}

} // namespace

class TestMultiResume : public QObject
{
    Q_OBJECT
private slots:
    void resumeOrder_data();
    void resumeOrder();
    void sameObject_data();
    void sameObject();
    void resetBodyResumesFromTheNextHolder();
    void resumeOffIsACutBody();
    void rangedGetResumesWithItsStartShifted();
    void otherVersionOnTheFallbackIsNeverSpliced_data();
    void otherVersionOnTheFallbackIsNeverSpliced();
    void resumeChainsAcrossBackends();
    void attemptsAreLimited();
    void stalledBodyResumes();
    void stalledBackendThatDeliversFirstKeepsTheDownload();
    void hungResumeTimesOutToTheNext();
    void servingBackendIsAskedAgainLast();
    void filesAndHeadsAreNotWrapped();
};

void TestMultiResume::resumeOrder_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("served");
    QTest::addColumn<int>("from");
    QTest::addColumn<bool>("earlierMissed");
    QTest::addColumn<QList<int>>("order");
    QTest::newRow("primary served") << 3 << 0 << 0 << true << QList<int>{1, 2, 0};
    QTest::newRow("2nd after a miss") << 3 << 1 << 0 << true << QList<int>{2, 1};
    QTest::newRow("2nd after a failure") << 3 << 1 << 0 << false << QList<int>{2, 0, 1};
    QTest::newRow("3rd, cache skipped the 1st") << 3 << 2 << 1 << false << QList<int>{1, 2};
    QTest::newRow("single backend") << 1 << 0 << 0 << true << QList<int>{0};
}

void TestMultiResume::resumeOrder()
{
    QFETCH(int, count);
    QFETCH(int, served);
    QFETCH(int, from);
    QFETCH(bool, earlierMissed);
    QFETCH(QList<int>, order);
    QCOMPARE(ResumingBody::resumeOrder(count, served, from, earlierMissed), order);
}

void TestMultiResume::sameObject_data()
{
    const QDateTime t = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    ObjectInfo served;
    served.size = 100;
    served.etag = "\"abc\"";
    served.lastModified = t;

    QTest::addColumn<ObjectInfo>("served");
    QTest::addColumn<ObjectInfo>("answer");
    QTest::addColumn<qint64>("first"); // of the range served; -1: a 200 with the whole object
    QTest::addColumn<bool>("same");
    ObjectInfo a = served;
    QTest::newRow("same etag and range") << served << a << qint64(40) << true;
    a.lastModified = t.addSecs(60); // written at another time, same bytes
    QTest::newRow("etag decides over the date") << served << a << qint64(40) << true;
    a = served;
    a.etag = "\"abd\"";
    QTest::newRow("other etag") << served << a << qint64(40) << false;
    a = served;
    a.size = 101;
    QTest::newRow("other size") << served << a << qint64(40) << false;
    a = served;
    QTest::newRow("other range") << served << a << qint64(41) << false;
    QTest::newRow("whole object for a range") << served << a << qint64(-1) << false;
    a.etag.clear();
    QTest::newRow("no etag, same date") << served << a << qint64(40) << true;
    a.lastModified = t.addSecs(1);
    QTest::newRow("no etag, other date") << served << a << qint64(40) << false;
    ObjectInfo bare = served;
    bare.etag.clear();
    bare.lastModified = QDateTime();
    QTest::newRow("nothing to prove it by") << bare << bare << qint64(40) << false;
}

void TestMultiResume::sameObject()
{
    QFETCH(ObjectInfo, served);
    QFETCH(ObjectInfo, answer);
    QFETCH(qint64, first);
    QFETCH(bool, same);
    GetObjectResult got;
    got.info = answer;
    if (first >= 0)
        got.range = ByteRange{first, 99};
    QCOMPARE(ResumeFetch::sameObject(served, got, ByteRange{40, 99}), same);
}

void TestMultiResume::resetBodyResumesFromTheNextHolder()
{
    Rig rig(2, resumeOptions());
    const QByteArray data = pattern(1 << 20);
    seed(rig, data, 300000);
    auto r = get(*rig.multi, kKey);
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    bool broke = true;
    QCOMPARE(bodyOf(*r, &broke), data);
    QVERIFY(!broke);
    // b2 was asked for exactly the rest, for that version only.
    const GetObjectRequest asked = rig.b[1]->getRequests().last();
    QVERIFY(asked.range);
    QCOMPARE(asked.range->first, qint64(300000));
    QCOMPARE(asked.range->last, qint64(data.size() - 1));
    QCOMPARE(asked.conditions.ifMatch, rig.b[0]->objectInfo(kBucket, kKey).etag);
    QCOMPARE(rig.stats(1).resumes, quint64(1));
    QCOMPARE(rig.stats(0).resumes, quint64(0));
    QCOMPARE(rig.stats(0).failureCount(FailureKind::Reset), quint64(1));
}

void TestMultiResume::resumeOffIsACutBody()
{
    // The scenario above with resuming off: what the tests above prove is the resume's doing.
    Rig rig(2, resumeOptions(0));
    const QByteArray data = pattern(1 << 20);
    seed(rig, data, 300000);
    auto r = get(*rig.multi, kKey);
    QVERIFY(r.ok());
    bool broke = false;
    QCOMPARE(bodyOf(*r, &broke), data.left(300000));
    QVERIFY(broke);
    QCOMPARE(rig.b[1]->callCount(), 0);
}

void TestMultiResume::rangedGetResumesWithItsStartShifted()
{
    Rig rig(2, resumeOptions());
    const QByteArray data = pattern(1 << 20);
    seed(rig, data, 100000);
    auto r = get(*rig.multi, kKey, false, ranged(1000, 500000));
    QVERIFY(r.ok());
    QVERIFY(r->range);
    bool broke = true;
    QCOMPARE(bodyOf(*r, &broke), data.mid(1000, 499001));
    QVERIFY(!broke);
    const GetObjectRequest asked = rig.b[1]->getRequests().last();
    QVERIFY(asked.range);
    QCOMPARE(asked.range->first, qint64(101000));
    QCOMPARE(asked.range->last, qint64(500000));
}

void TestMultiResume::otherVersionOnTheFallbackIsNeverSpliced_data()
{
    QTest::addColumn<bool>("otherVersion"); // else the fallback lacks the key altogether
    QTest::newRow("other version") << true;
    QTest::newRow("missing") << false;
}

void TestMultiResume::otherVersionOnTheFallbackIsNeverSpliced()
{
    QFETCH(bool, otherVersion);
    Rig rig(2, resumeOptions());
    const QByteArray data = pattern(1 << 20);
    rig.b[0]->addObject(kBucket, kKey, data);
    rig.b[0]->setMode(QStringLiteral("GetObject"), Mode::ResetMidBody);
    rig.b[0]->setResetAfter(300000);
    // Same key and size, other bytes: written at another time, or another object altogether.
    rig.b[1]->addBucket(kBucket);
    if (otherVersion)
        rig.b[1]->addObject(kBucket, kKey, pattern(1 << 20, 11));
    auto r = get(*rig.multi, kKey);
    QVERIFY(r.ok());
    // From now on b1 cannot answer either, so only b2 could take over.
    rig.b[0]->setMode(QStringLiteral("GetObject"), Mode::Refuse);
    bool broke = false;
    QCOMPARE(bodyOf(*r, &broke), data.left(300000));
    QVERIFY(broke);
    QCOMPARE(rig.b[1]->callCount(QStringLiteral("GetObject")), 1);
    QCOMPARE(rig.stats(1).resumes, quint64(0));
    QCOMPARE(otherVersion ? rig.stats(1).clientErrors : rig.stats(1).misses, quint64(1));
}

void TestMultiResume::resumeChainsAcrossBackends()
{
    Rig rig(3, resumeOptions());
    const QByteArray data = pattern(1 << 20);
    seed(rig, data, 200000);
    // b2 breaks too, 300000 bytes into the rest it was asked for.
    rig.b[1]->setMode(QStringLiteral("GetObject"), Mode::ResetMidBody);
    rig.b[1]->setResetAfter(300000);
    auto r = get(*rig.multi, kKey);
    QVERIFY(r.ok());
    bool broke = true;
    QCOMPARE(bodyOf(*r, &broke), data);
    QVERIFY(!broke);
    QCOMPARE(rig.b[2]->getRequests().last().range->first, qint64(500000));
    QCOMPARE(rig.stats(1).resumes, quint64(1));
    QCOMPARE(rig.stats(2).resumes, quint64(1));
}

void TestMultiResume::attemptsAreLimited()
{
    // Every copy breaks after 100000 bytes: each resume gains that much, until the limit.
    Rig rig(2, resumeOptions(2));
    const QByteArray data = pattern(1 << 20);
    seed(rig, data, 100000);
    rig.b[1]->setMode(QStringLiteral("GetObject"), Mode::ResetMidBody);
    rig.b[1]->setResetAfter(100000);
    auto r = get(*rig.multi, kKey);
    QVERIFY(r.ok());
    bool broke = false;
    QCOMPARE(bodyOf(*r, &broke), data.left(300000));
    QVERIFY(broke);
    QCOMPARE(rig.b[0]->callCount(QStringLiteral("GetObject")) +
                 rig.b[1]->callCount(QStringLiteral("GetObject")),
             3);
}

void TestMultiResume::stalledBodyResumes()
{
    Rig rig(2, resumeOptions());
    const QByteArray data = pattern(1 << 20);
    seed(rig, data, 400000, Mode::StallMidBody);
    auto r = get(*rig.multi, kKey);
    QVERIFY(r.ok());
    bool broke = true;
    QCOMPARE(bodyOf(*r, &broke), data);
    QVERIFY(!broke);
    QCOMPARE(rig.b[1]->getRequests().last().range->first, qint64(400000));
    QCOMPARE(rig.stats(0).failureCount(FailureKind::Timeout), quint64(1));
    QCOMPARE(rig.stats(1).resumes, quint64(1));
}

void TestMultiResume::stalledBackendThatDeliversFirstKeepsTheDownload()
{
    Rig rig(2);
    const QByteArray data = pattern(3000);
    rig.b[1]->addObject(kBucket, kKey, data);
    rig.b[1]->setMode(Mode::Hang); // the resume asked of it stays on its way
    MultiOptions options = resumeOptions();
    options.resume.stallMs = 20;
    auto core = std::make_shared<MultiCore>(QList<Backend *>{rig.b[0], rig.b[1]}, options, nullptr);
    auto *source = new FedBody;
    source->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    ResumingBody body(core, kBucket, kKey, rig.b[1]->objectInfo(kBucket, kKey), ByteRange{0, 2999}, source, 0,
                      ResumingBody::resumeOrder(2, 0, 0, true));
    source->feed(data.left(1000));
    QByteArray out = drain(body);
    QTRY_COMPARE(rig.b[1]->hungCount(), 1); // stalled: a resume was asked for
    source->feed(data.mid(1000));           // ... and then the slow backend went on
    rig.b[1]->release();                    // b2's answer comes before the reader reads on
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents();
    QCOMPARE(rig.b[1]->callCount(QStringLiteral("GetObject")), 1);
    QCOMPARE(body.currentBackend(), 0); // whoever delivered first carries on
    out += drain(body);
    QCOMPARE(out, data);
    QTRY_VERIFY(body.isFinished());
    QVERIFY(!body.hasFailed());
    QCOMPARE(body.resumeCount(), 0);
    QCOMPARE(core->stats().backend(0).snapshot({}).failuresTotal(), quint64(0));
}

void TestMultiResume::hungResumeTimesOutToTheNext()
{
    Rig rig(3, resumeOptions());
    const QByteArray data = pattern(1 << 20);
    seed(rig, data, 250000);
    auto r = get(*rig.multi, kKey);
    QVERIFY(r.ok());
    rig.b[1]->setMode(Mode::Hang); // the cascade never asked it; the resume will
    bool broke = true;
    QCOMPARE(bodyOf(*r, &broke), data);
    QVERIFY(!broke);
    QCOMPARE(rig.b[1]->hungCount(), 1);
    QCOMPARE(rig.stats(1).failureCount(FailureKind::Timeout), quint64(1));
    QCOMPARE(rig.stats(2).resumes, quint64(1));
    rig.b[1]->release(); // its late answer is dropped, body and all
    QCoreApplication::processEvents();
}

void TestMultiResume::servingBackendIsAskedAgainLast()
{
    // A single holder whose connection broke once: a new request to it finishes the download.
    Rig rig(1, resumeOptions());
    const QByteArray data = pattern(1 << 20);
    seed(rig, data, 123456);
    auto r = get(*rig.multi, kKey);
    QVERIFY(r.ok());
    rig.b[0]->clearOperationModes();
    bool broke = true;
    QCOMPARE(bodyOf(*r, &broke), data);
    QVERIFY(!broke);
    QCOMPARE(rig.b[0]->getRequests().last().range->first, qint64(123456));
    QCOMPARE(rig.stats(0).resumes, quint64(1));
}

void TestMultiResume::filesAndHeadsAreNotWrapped()
{
    Rig rig(2, resumeOptions());
    rig.b[0]->addObject(kBucket, kKey, "0123456789");
    auto r = get(*rig.multi, kKey);
    QVERIFY(r.ok());
    QVERIFY(r->body);
    QVERIFY(!r->body->isSequential()); // FaultBackend serves a QBuffer, as posix serves a file
    QVERIFY(!qobject_cast<ResumingBody *>(r->body));
    auto h = get(*rig.multi, kKey, true);
    QVERIFY(h.ok());
    QVERIFY(!h->body);
}

QTEST_MAIN(TestMultiResume)
#include "test_multiresume.moc"
