#include "Await.h"
#include "FaultBackend.h"
#include "FaultBody.h"
#include "ManualClock.h"
#include "backends/multi/MultiBackend.h"
#include "stats/Statistics.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace s3c;
using s3c::testing::await;
using s3c::testing::ManualClock;
using Mode = FaultBackend::Mode;

namespace {

const QString kBucket = QStringLiteral("bucket");

// Three (or n) FaultBackends behind one MultiBackend with a hand-moved clock.
struct Rig
{
    explicit Rig(int n = 3, MultiOptions options = {})
    {
        QList<Backend *> list;
        for (int i = 0; i < n; ++i) {
            b.append(new FaultBackend(QStringLiteral("b%1").arg(i + 1)));
            list.append(b.last());
        }
        multi = std::make_unique<MultiBackend>(list, options, nullptr, clock);
    }
    ~Rig()
    {
        multi.reset();
        qDeleteAll(b);
    }
    BackendStatsSnapshot stats(int i) const { return multi->statistics()->snapshot().backends.at(i); }

    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
    QList<FaultBackend *> b;
    std::unique_ptr<MultiBackend> multi;
};

Result<GetObjectResult> get(Backend &backend, const QString &key, bool head = false, GetObjectRequest req = {})
{
    req.bucket = req.bucket.isEmpty() ? kBucket : req.bucket;
    req.key = key;
    req.headOnly = head;
    return await<GetObjectResult>([&](auto cb) { backend.getObject(req, cb); });
}

// Reads a download body to its end (or its failure), as the HTTP layer would.
QByteArray bodyOf(GetObjectResult &r, bool *broke = nullptr)
{
    std::unique_ptr<QIODevice> body(r.body);
    r.body = nullptr;
    if (!body)
        return {};
    QByteArray out;
    auto *stream = qobject_cast<BodyStream *>(body.get());
    bool failed = false;
    if (!stream) {
        out = body->readAll();
    } else {
        const bool ended = QTest::qWaitFor([&] {
            QByteArray chunk;
            while (!(chunk = stream->read(4096)).isEmpty())
                out += chunk;
            failed = stream->hasFailed();
            return failed || stream->isFinished();
        }, 5000);
        if (!ended)
            QTest::qFail("the body neither ended nor failed", __FILE__, __LINE__);
    }
    if (broke)
        *broke = failed;
    return out;
}

Result<ObjectInfo> put(Backend &backend, const QString &key, const QByteArray &data, bool breakBody = false)
{
    FaultBody body(data, breakBody);
    PutObjectRequest req;
    req.bucket = kBucket;
    req.key = key;
    req.body = &body;
    return await<ObjectInfo>([&](auto cb) { backend.putObject(req, cb); });
}

Status del(Backend &backend, const QString &key, const QString &bucket = kBucket)
{
    return await<Done>([&](auto cb) { backend.deleteObject(bucket, key, cb); });
}

} // namespace

class TestMultiBackend : public QObject
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
    void bodyBreakingMidwayIsNotSwitched();
    void headBucketCascades();
    void bucketListsMerge();
    void bucketListWithFailedBackend();
    void objectListingsMerge();
    void listingWithFailedBackend();
    void listingOfMissingBucket();
    void writesGoToThePrimaryOnly();
    void primaryDownWritesFailReadsWork();
    void brokenUploadBodyIsTheClientsError();
    void deletePolicyPrimary();
    void deletePolicyAll();
    void deletePolicyAllFallbackFailure();
    void copyFromFallbackOnlySource();
    void copyFromFallbackChecksSourceConditions();
    void copyWithSourceNowhere();
    void copyFromBreakingFallbackWritesNothing();
    void uploadPartCopyFromFallback();
    void multipartStaysOnPrimary();
    void ejectionAndProbeBack();
    void notFoundNeverEjects();
    void allEjectedStillTriedInOrder();
    void ejectedBackendMeansNoFalse404();
    void statisticsAfterAScenario();
};

void TestMultiBackend::servedByTheBackendThatHasIt_data()
{
    QTest::addColumn<int>("holder");
    QTest::addColumn<bool>("head");
    QTest::newRow("GET from 2nd") << 1 << false;
    QTest::newRow("GET from 3rd") << 2 << false;
    QTest::newRow("HEAD from 2nd") << 1 << true;
    QTest::newRow("HEAD from 3rd") << 2 << true;
    QTest::newRow("GET from primary") << 0 << false;
}

void TestMultiBackend::servedByTheBackendThatHasIt()
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

void TestMultiBackend::primaryWinsWhenSeveralHaveIt()
{
    Rig rig;
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "primary");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(bodyOf(*r), QByteArray("primary"));
}

void TestMultiBackend::notFoundOnlyWhenEveryBackendSaysSo()
{
    Rig rig;
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

void TestMultiBackend::anyFailureMeansServiceUnavailable_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("cause");
    QTest::newRow("refused") << int(Mode::Refuse) << 0 << 0;
    QTest::newRow("500") << int(Mode::ServerError) << 0 << 0;
    QTest::newRow("timeout") << int(Mode::Hang) << 0 << 0;
    QTest::newRow("SlowDown") << int(Mode::Error) << int(S3Error::SlowDown) << 0;
    QTest::newRow("503") << int(Mode::Error) << int(S3Error::ServiceUnavailable) << 0;
    QTest::newRow("reset before any byte") << int(Mode::Error) << int(S3Error::ServiceUnavailable)
                                           << int(FailureCause::Reset);
}

void TestMultiBackend::anyFailureMeansServiceUnavailable()
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

void TestMultiBackend::failuresFallThroughToAFallback_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("refused") << int(Mode::Refuse);
    QTest::newRow("500") << int(Mode::ServerError);
    QTest::newRow("not found") << int(Mode::NotFound);
}

void TestMultiBackend::failuresFallThroughToAFallback()
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

void TestMultiBackend::definitiveAnswersStopTheCascade_data()
{
    QTest::addColumn<int>("error");
    QTest::newRow("403") << int(S3Error::AccessDenied);
    QTest::newRow("412") << int(S3Error::PreconditionFailed);
    QTest::newRow("304") << int(S3Error::NotModified);
    QTest::newRow("416") << int(S3Error::InvalidRange);
    QTest::newRow("501") << int(S3Error::NotImplemented);
}

void TestMultiBackend::definitiveAnswersStopTheCascade()
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

void TestMultiBackend::preconditionFailureOnPrimaryIsFinal()
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

void TestMultiBackend::hungBackendAnswersWhenReleased()
{
    Rig rig(2);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "late");
    rig.b[0]->setMode(Mode::Hang);
    GetObjectRequest req;
    req.bucket = kBucket;
    req.key = QStringLiteral("k");
    testing::Pending<GetObjectResult> pending;
    rig.multi->getObject(req, pending.callback());
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

void TestMultiBackend::bodyBreakingMidwayIsNotSwitched()
{
    Rig rig(2);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "0123456789");
    rig.b[0]->setMode(Mode::ResetMidBody);
    rig.b[0]->setResetAfter(4);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "0123456789");
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    // The headers promised 10 bytes from b1; the body then broke. The multi backend must not
    // splice in another backend's bytes: the HTTP layer aborts the connection instead.
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(r->info.size, qint64(10));
    bool broke = false;
    QCOMPARE(bodyOf(*r, &broke), QByteArray("0123"));
    QVERIFY(broke);
    QCOMPARE(rig.b[1]->callCount(), 0);
}

void TestMultiBackend::headBucketCascades()
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
    QCOMPARE(await<BucketInfo>([&](auto cb) { rig.multi->headBucket(kBucket, cb); }).error(), S3Error::AccessDenied);
}

void TestMultiBackend::bucketListsMerge()
{
    Rig rig;
    rig.b[0]->addBucket(QStringLiteral("c"));
    rig.b[0]->addBucket(QStringLiteral("b"));
    rig.b[1]->addBucket(QStringLiteral("c"));
    rig.b[1]->addBucket(QStringLiteral("a"));
    rig.b[2]->addBucket(QStringLiteral("z"));
    auto r = await<QList<BucketInfo>>([&](auto cb) { rig.multi->listBuckets(cb); });
    QVERIFY(r.ok());
    QStringList names;
    for (const BucketInfo &b : *r)
        names.append(b.name);
    QCOMPARE(names, QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("z")}));
}

void TestMultiBackend::bucketListWithFailedBackend()
{
    for (bool partial : {false, true}) {
        MultiOptions o;
        o.partialListing = partial;
        Rig rig(2, o);
        rig.b[0]->addBucket(QStringLiteral("a"));
        rig.b[1]->setMode(Mode::Refuse);
        auto r = await<QList<BucketInfo>>([&](auto cb) { rig.multi->listBuckets(cb); });
        if (partial) {
            QVERIFY(r.ok());
            QCOMPARE(r->size(), 1);
        } else {
            QCOMPARE(r.error(), S3Error::ServiceUnavailable);
        }
    }
}

namespace {

struct Entry
{
    QString name;
    bool prefix = false;
    bool operator==(const Entry &o) const { return name == o.name && prefix == o.prefix; }
};

// The listing S3 would give for the union of all keys, computed the slow, obvious way.
QList<Entry> bruteForce(const QStringList &keys, const QString &prefix, const QString &delimiter)
{
    QMap<QByteArray, Entry> entries; // QByteArray keys: UTF-8 byte order
    for (const QString &key : keys) {
        if (!key.startsWith(prefix))
            continue;
        const qsizetype at = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.size());
        const Entry e = at < 0 ? Entry{key, false} : Entry{key.left(at + delimiter.size()), true};
        entries.insert(e.name.toUtf8(), e);
    }
    return entries.values();
}

// Walks every page as a client does, checking each page's own promises on the way.
QList<Entry> walk(Backend &backend, const QString &prefix, const QString &delimiter, int maxKeys, bool *ok)
{
    QList<Entry> out;
    ListObjectsRequest req;
    req.bucket = kBucket;
    req.prefix = prefix;
    req.delimiter = delimiter;
    req.maxKeys = maxKeys;
    *ok = false;
    for (int page = 0; page < 500; ++page) {
        auto r = await<ListObjectsResult>([&](auto cb) { backend.listObjects(req, cb); });
        if (!r.ok() || r->objects.size() + r->commonPrefixes.size() > maxKeys)
            return out;
        QList<Entry> entries;
        for (const ObjectInfo &o : r->objects)
            entries.append({o.key, false});
        for (const QString &p : r->commonPrefixes)
            entries.append({p, true});
        std::sort(entries.begin(), entries.end(),
                  [](const Entry &a, const Entry &b) { return a.name.toUtf8() < b.name.toUtf8(); });
        out += entries;
        if (!r->truncated) {
            *ok = true;
            return out;
        }
        if (entries.isEmpty() || r->nextMarker != entries.last().name)
            return out;
        req.startAfter = r->nextMarker;
    }
    return out;
}

} // namespace

void TestMultiBackend::objectListingsMerge()
{
    Rig rig;
    const QStringList k1{QStringLiteral("a"), QStringLiteral("dir/x"), QStringLiteral("dir/y/1"), QStringLiteral("m"),
                         QStringLiteral("z-last"), QString::fromUtf8("\xc3\xa9t\xc3\xa9")};
    const QStringList k2{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("dir/y/2"), QStringLiteral("dir/z"),
                         QStringLiteral("dir-"), QStringLiteral("n/o/p")};
    const QStringList k3{QStringLiteral("c"), QStringLiteral("dir/"), QStringLiteral("dir/a"),
                         QString::fromUtf8("\xf0\x9f\x98\x80"), QString(QChar(0xFFFD))};
    rig.b[0]->addBucket(kBucket);
    for (const QString &k : k1)
        rig.b[0]->addObject(kBucket, k, "1");
    for (const QString &k : k2)
        rig.b[1]->addObject(kBucket, k, "22");
    for (const QString &k : k3)
        rig.b[2]->addObject(kBucket, k, "333");
    const QStringList all = k1 + k2 + k3;
    for (int maxKeys : {1, 2, 7, 1000}) {
        for (const QString &delimiter : {QString(), QStringLiteral("/")}) {
            for (const QString &prefix : {QString(), QStringLiteral("dir/")}) {
                bool ok = false;
                const QList<Entry> got = walk(*rig.multi, prefix, delimiter, maxKeys, &ok);
                const QString what = QStringLiteral("max-keys %1 delimiter '%2' prefix '%3'").arg(maxKeys).arg(delimiter, prefix);
                QVERIFY2(ok, qPrintable(what));
                QVERIFY2(got == bruteForce(all, prefix, delimiter), qPrintable(what));
            }
        }
    }
    // "a" is on b1 and b2: the primary's entry is listed.
    auto r = await<ListObjectsResult>([&](auto cb) { rig.multi->listObjects(ListObjectsRequest{kBucket}, cb); });
    QVERIFY(r.ok());
    QCOMPARE(r->objects.first().key, QStringLiteral("a"));
    QCOMPARE(r->objects.first().size, qint64(1));
    QCOMPARE(r->servedBy, QStringList({QStringLiteral("b1"), QStringLiteral("b2"), QStringLiteral("b3")}));
    QVERIFY(!r->partial);
}

void TestMultiBackend::listingWithFailedBackend()
{
    for (bool partial : {false, true}) {
        MultiOptions o;
        o.partialListing = partial;
        Rig rig(3, o);
        rig.b[0]->addObject(kBucket, QStringLiteral("a"), "1");
        rig.b[2]->addObject(kBucket, QStringLiteral("c"), "1");
        rig.b[1]->setMode(Mode::ServerError);
        auto r = await<ListObjectsResult>([&](auto cb) { rig.multi->listObjects(ListObjectsRequest{kBucket}, cb); });
        if (!partial) {
            QCOMPARE(r.error(), S3Error::ServiceUnavailable);
            continue;
        }
        QVERIFY(r.ok());
        QVERIFY(r->partial);
        QCOMPARE(r->objects.size(), 2);
        QCOMPARE(r->servedBy, QStringList({QStringLiteral("b1"), QStringLiteral("b3")}));
    }
}

void TestMultiBackend::listingOfMissingBucket()
{
    MultiOptions o;
    o.partialListing = true;
    Rig rig(3, o);
    auto list = [&] {
        return await<ListObjectsResult>([&](auto cb) { rig.multi->listObjects(ListObjectsRequest{kBucket}, cb); });
    };
    QCOMPARE(list().error(), S3Error::NoSuchBucket);
    // Only a fallback has it: listed from there (NoSuchBucket from the others is fine).
    rig.b[2]->addObject(kBucket, QStringLiteral("x"), "1");
    auto r = list();
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringList({QStringLiteral("b3")}));
    QVERIFY(!r->partial);
    // Nobody answering has it and one failed: it may be there, so no 404 even with partial.
    rig.b[2]->setMode(Mode::Refuse);
    QCOMPARE(list().error(), S3Error::ServiceUnavailable);
}

void TestMultiBackend::writesGoToThePrimaryOnly()
{
    Rig rig;
    for (FaultBackend *b : std::as_const(rig.b))
        b->addBucket(kBucket);
    auto r = put(*rig.multi, QStringLiteral("new"), "payload");
    QVERIFY(r.ok());
    QCOMPARE(rig.b[0]->objectData(kBucket, QStringLiteral("new")), QByteArray("payload"));
    QVERIFY(!rig.b[1]->hasObject(kBucket, QStringLiteral("new")));
    QCOMPARE(rig.b[1]->callCount() + rig.b[2]->callCount(), 0);
    QVERIFY(await<Done>([&](auto cb) { rig.multi->createBucket(QStringLiteral("other"), cb); }).ok());
    QVERIFY(rig.b[0]->hasBucket(QStringLiteral("other")));
    QVERIFY(!rig.b[1]->hasBucket(QStringLiteral("other")));
    QCOMPARE(rig.stats(0).bytesIn, quint64(7));
}

void TestMultiBackend::primaryDownWritesFailReadsWork()
{
    Rig rig(2);
    rig.b[0]->setMode(Mode::Refuse);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "from fallback");
    // Reads are served by the fallback ...
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(bodyOf(*r), QByteArray("from fallback"));
    // ... writes are 503 and never retried on the fallback.
    QCOMPARE(put(*rig.multi, QStringLiteral("n"), "x").error(), S3Error::ServiceUnavailable);
    QCOMPARE(await<Done>([&](auto cb) { rig.multi->createBucket(QStringLiteral("nb"), cb); }).error(),
             S3Error::ServiceUnavailable);
    QCOMPARE(del(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QCOMPARE(rig.b[1]->callCount(QStringLiteral("PutObject")), 0);
    QCOMPARE(rig.b[1]->callCount(QStringLiteral("CreateBucket")), 0);
    QVERIFY(rig.b[1]->hasObject(kBucket, QStringLiteral("k")));
    // A 500 from the primary is a 503 too: the client should retry, not give up.
    rig.b[0]->setMode(Mode::ServerError);
    rig.b[0]->addBucket(kBucket);
    QCOMPARE(put(*rig.multi, QStringLiteral("n"), "x").error(), S3Error::ServiceUnavailable);
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("n")));
}

void TestMultiBackend::brokenUploadBodyIsTheClientsError()
{
    Rig rig(2);
    rig.b[0]->addBucket(kBucket);
    auto r = put(*rig.multi, QStringLiteral("k"), "partial", true);
    QCOMPARE(r.error(), S3Error::IncompleteBody); // not 503: the backend is fine
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("k")));
    QCOMPARE(rig.stats(0).failuresTotal(), quint64(0));
}

void TestMultiBackend::deletePolicyPrimary()
{
    Rig rig;
    for (FaultBackend *b : std::as_const(rig.b))
        b->addObject(kBucket, QStringLiteral("k"), b->name().toUtf8());
    QVERIFY(del(*rig.multi, QStringLiteral("k")).ok());
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("k")));
    QVERIFY(rig.b[1]->hasObject(kBucket, QStringLiteral("k")));
    QCOMPARE(rig.b[1]->callCount(QStringLiteral("DeleteObject")), 0);
    // The documented consequence of the default: the fallback's copy is readable again.
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b2"));
}

void TestMultiBackend::deletePolicyAll()
{
    MultiOptions o;
    o.deletePolicy = MultiOptions::DeletePolicy::All;
    Rig rig(4, o);
    for (FaultBackend *b : std::as_const(rig.b))
        b->addObject(kBucket, QStringLiteral("k"), b->name().toUtf8());
    rig.b[2]->setMode(Mode::NotFound); // NoSuchKey there is fine
    rig.b[3]->setReadOnly(true);
    QVERIFY(del(*rig.multi, QStringLiteral("k")).ok());
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("k")));
    QVERIFY(!rig.b[1]->hasObject(kBucket, QStringLiteral("k")));
    QCOMPARE(rig.b[2]->callCount(QStringLiteral("DeleteObject")), 1);
    QCOMPARE(rig.b[3]->callCount(QStringLiteral("DeleteObject")), 0); // read-only: left alone
    // Deleting again, or a key that never existed: still fine.
    QVERIFY(del(*rig.multi, QStringLiteral("k")).ok());
    // No backend has the bucket: NoSuchBucket.
    rig.b[2]->setMode(Mode::Serve);
    QCOMPARE(del(*rig.multi, QStringLiteral("k"), QStringLiteral("none")).error(), S3Error::NoSuchBucket);
    // The bucket only on a fallback: the delete reaches it.
    rig.b[1]->addObject(QStringLiteral("fb"), QStringLiteral("k"), "x");
    QVERIFY(del(*rig.multi, QStringLiteral("k"), QStringLiteral("fb")).ok());
    QVERIFY(!rig.b[1]->hasObject(QStringLiteral("fb"), QStringLiteral("k")));
}

void TestMultiBackend::deletePolicyAllFallbackFailure()
{
    MultiOptions o;
    o.deletePolicy = MultiOptions::DeletePolicy::All;
    Rig rig(2, o);
    for (FaultBackend *b : std::as_const(rig.b))
        b->addObject(kBucket, QStringLiteral("k"), "x");
    rig.b[1]->setMode(Mode::Refuse);
    // The object may still be readable from the fallback: the delete did not fully happen.
    QCOMPARE(del(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    // A failing primary stops it before any fallback is touched.
    rig.b[1]->setMode(Mode::Serve);
    rig.b[0]->setMode(Mode::ServerError);
    const int before = rig.b[1]->callCount(QStringLiteral("DeleteObject"));
    QCOMPARE(del(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QCOMPARE(rig.b[1]->callCount(QStringLiteral("DeleteObject")), before);
    QVERIFY(rig.b[1]->hasObject(kBucket, QStringLiteral("k")));
}

void TestMultiBackend::copyFromFallbackOnlySource()
{
    Rig rig;
    rig.b[0]->addBucket(kBucket);
    ObjectInfo meta;
    meta.contentType = "text/plain";
    meta.headers = {{"x-amz-meta-color", "blue"}};
    const QByteArray data = QByteArray("copy me ").repeated(1000);
    rig.b[2]->addObject(QStringLiteral("src"), QStringLiteral("s"), data, meta);
    CopyObjectRequest req;
    req.sourceBucket = QStringLiteral("src");
    req.sourceKey = QStringLiteral("s");
    req.bucket = kBucket;
    req.key = QStringLiteral("d");
    auto r = await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); });
    QVERIFY(r.ok());
    QCOMPARE(rig.b[0]->objectData(kBucket, QStringLiteral("d")), data);
    QCOMPARE(r->etag, rig.b[2]->objectInfo(QStringLiteral("src"), QStringLiteral("s")).etag);
    const ObjectInfo copied = rig.b[0]->objectInfo(kBucket, QStringLiteral("d"));
    QCOMPARE(copied.contentType, QByteArray("text/plain"));
    QCOMPARE(copied.headers, meta.headers);
    QVERIFY(!rig.b[2]->hasObject(kBucket, QStringLiteral("d"))); // the copy is a write: primary only
    // REPLACE directive: the request's metadata.
    req.replaceMetadata = true;
    req.meta.contentType = "application/json";
    req.key = QStringLiteral("d2");
    QVERIFY(await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); }).ok());
    QCOMPARE(rig.b[0]->objectInfo(kBucket, QStringLiteral("d2")).contentType, QByteArray("application/json"));
    QVERIFY(rig.b[0]->objectInfo(kBucket, QStringLiteral("d2")).headers.isEmpty());
}

void TestMultiBackend::copyFromFallbackChecksSourceConditions()
{
    Rig rig(2);
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addObject(kBucket, QStringLiteral("s"), "data");
    CopyObjectRequest req;
    req.sourceBucket = kBucket;
    req.sourceKey = QStringLiteral("s");
    req.bucket = kBucket;
    req.key = QStringLiteral("d");
    req.sourceConditions.ifMatch = "\"not-the-etag\"";
    QCOMPARE(await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); }).error(),
             S3Error::PreconditionFailed);
    // If-None-Match that matches is 412 for a copy source, never 304 (S3 CopyObject).
    req.sourceConditions = {};
    req.sourceConditions.ifNoneMatch = rig.b[1]->objectInfo(kBucket, QStringLiteral("s")).etag;
    QCOMPARE(await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); }).error(),
             S3Error::PreconditionFailed);
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("d")));
}

void TestMultiBackend::copyWithSourceNowhere()
{
    Rig rig;
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addBucket(kBucket);
    CopyObjectRequest req;
    req.sourceBucket = kBucket;
    req.sourceKey = QStringLiteral("nope");
    req.bucket = kBucket;
    req.key = QStringLiteral("d");
    QCOMPARE(await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); }).error(), S3Error::NoSuchKey);
    rig.b[2]->setMode(Mode::Refuse); // it might be there
    QCOMPARE(await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); }).error(),
             S3Error::ServiceUnavailable);
}

void TestMultiBackend::copyFromBreakingFallbackWritesNothing()
{
    Rig rig(2);
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addObject(kBucket, QStringLiteral("s"), "0123456789");
    rig.b[1]->setMode(Mode::ResetMidBody);
    rig.b[1]->setResetAfter(3);
    CopyObjectRequest req;
    req.sourceBucket = kBucket;
    req.sourceKey = QStringLiteral("s");
    req.bucket = kBucket;
    req.key = QStringLiteral("d");
    QCOMPARE(await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); }).error(),
             S3Error::ServiceUnavailable);
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("d")));
    QCOMPARE(rig.stats(1).failureCount(FailureKind::Reset), quint64(1));
    QCOMPARE(rig.stats(0).failuresTotal(), quint64(0));
}

void TestMultiBackend::uploadPartCopyFromFallback()
{
    Rig rig(2);
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addObject(kBucket, QStringLiteral("s"), "0123456789");
    MultipartUpload up;
    up.bucket = kBucket;
    up.key = QStringLiteral("m");
    auto created = await<MultipartUpload>([&](auto cb) { rig.multi->createMultipartUpload(up, cb); });
    QVERIFY(created.ok());
    UploadPartCopyRequest req;
    req.bucket = kBucket;
    req.key = QStringLiteral("m");
    req.uploadId = created->uploadId;
    req.partNumber = 1;
    req.sourceBucket = kBucket;
    req.sourceKey = QStringLiteral("s");
    req.sourceRange = ByteRange{2, 5};
    auto part = await<PartInfo>([&](auto cb) { rig.multi->uploadPartCopy(req, cb); });
    QVERIFY(part.ok());
    QCOMPARE(part->size, qint64(4));
    auto done = await<ObjectInfo>([&](auto cb) {
        rig.multi->completeMultipartUpload(kBucket, QStringLiteral("m"), created->uploadId, {{1, part->etag}}, cb);
    });
    QVERIFY(done.ok());
    QCOMPARE(rig.b[0]->objectData(kBucket, QStringLiteral("m")), QByteArray("2345"));
}

void TestMultiBackend::multipartStaysOnPrimary()
{
    Rig rig(2);
    rig.b[0]->addBucket(kBucket);
    rig.b[1]->addBucket(kBucket);
    MultipartUpload up;
    up.bucket = kBucket;
    up.key = QStringLiteral("m");
    auto created = await<MultipartUpload>([&](auto cb) { rig.multi->createMultipartUpload(up, cb); });
    QVERIFY(created.ok());
    FaultBody body("part-one", false);
    UploadPartRequest part;
    part.bucket = kBucket;
    part.key = QStringLiteral("m");
    part.uploadId = created->uploadId;
    part.partNumber = 1;
    part.body = &body;
    auto p = await<PartInfo>([&](auto cb) { rig.multi->uploadPart(part, cb); });
    QVERIFY(p.ok());
    ListPartsRequest lp;
    lp.bucket = kBucket;
    lp.key = QStringLiteral("m");
    lp.uploadId = created->uploadId;
    QCOMPARE(await<ListPartsResult>([&](auto cb) { rig.multi->listParts(lp, cb); })->parts.size(), 1);
    QVERIFY(await<Done>([&](auto cb) {
        rig.multi->abortMultipartUpload(kBucket, QStringLiteral("m"), created->uploadId, cb);
    }).ok());
    QCOMPARE(rig.b[1]->callCount(), 0);
    rig.b[0]->setMode(Mode::Refuse);
    QCOMPARE(await<MultipartUpload>([&](auto cb) { rig.multi->createMultipartUpload(up, cb); }).error(),
             S3Error::ServiceUnavailable);
}

void TestMultiBackend::ejectionAndProbeBack()
{
    MultiOptions o;
    o.ejection.consecutiveFailures = 2;
    o.ejection.baseEjectionMs = 10'000;
    Rig rig(2, o);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "primary");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "fallback");
    rig.b[0]->setMode(Mode::Refuse);
    for (int i = 0; i < 2; ++i)
        QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, QStringLiteral("b2"));
    QVERIFY(rig.multi->isEjected(0));
    QVERIFY(rig.stats(0).ejected);
    // Ejected: not even asked.
    QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, QStringLiteral("b2"));
    QCOMPARE(rig.b[0]->callCount(QStringLiteral("GetObject")), 2);
    // The window passes; the primary recovered; the next read probes and is served by it.
    rig.clock->advanceMs(10'000);
    rig.b[0]->setMode(Mode::Serve);
    auto r = get(*rig.multi, QStringLiteral("k"));
    QCOMPARE(r->servedBy, QStringLiteral("b1"));
    QCOMPARE(bodyOf(*r), QByteArray("primary"));
    QVERIFY(!rig.multi->isEjected(0));
    QVERIFY(!rig.stats(0).ejected);

    // Down again: ejected again, and a failed probe ejects at once for longer (20 s).
    rig.b[0]->setMode(Mode::Refuse);
    get(*rig.multi, QStringLiteral("k"));
    get(*rig.multi, QStringLiteral("k"));
    QVERIFY(rig.multi->isEjected(0));
    rig.clock->advanceMs(20'000);
    get(*rig.multi, QStringLiteral("k")); // the probe fails
    QVERIFY(rig.multi->isEjected(0));
    rig.clock->advanceMs(29'000);
    QVERIFY(rig.multi->isEjected(0));
    rig.clock->advanceMs(1'000);
    QVERIFY(!rig.multi->isEjected(0));
    QCOMPARE(rig.stats(0).ejections, quint64(3));
}

void TestMultiBackend::notFoundNeverEjects()
{
    MultiOptions o;
    o.ejection.consecutiveFailures = 1;
    Rig rig(2, o);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "x");
    for (int i = 0; i < 5; ++i)
        QVERIFY(get(*rig.multi, QStringLiteral("k")).ok());
    QVERIFY(!rig.multi->isEjected(0));
    QCOMPARE(rig.b[0]->callCount(QStringLiteral("GetObject")), 5);
}

void TestMultiBackend::allEjectedStillTriedInOrder()
{
    MultiOptions o;
    o.ejection.consecutiveFailures = 1;
    Rig rig(2, o);
    rig.b[0]->setMode(Mode::Refuse);
    rig.b[1]->setMode(Mode::Refuse);
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "x");
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QVERIFY(rig.multi->isEjected(0) && rig.multi->isEjected(1));
    rig.b[1]->setMode(Mode::Serve);
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, QStringLiteral("b2"));
    QCOMPARE(rig.b[0]->callCount(QStringLiteral("GetObject")), 2); // asked first, as always
}

void TestMultiBackend::ejectedBackendMeansNoFalse404()
{
    MultiOptions o;
    o.ejection.consecutiveFailures = 1;
    Rig rig(2, o);
    rig.b[0]->setMode(Mode::Refuse);
    rig.b[1]->addBucket(kBucket);
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QVERIFY(rig.multi->isEjected(0));
    // Skipped while ejected, the primary still might hold the key: 503, not 404.
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::ServiceUnavailable);
    QCOMPARE(rig.b[0]->callCount(), 1);
    auto list = await<ListObjectsResult>([&](auto cb) { rig.multi->listObjects(ListObjectsRequest{kBucket}, cb); });
    QCOMPARE(list.error(), S3Error::ServiceUnavailable);
}

void TestMultiBackend::statisticsAfterAScenario()
{
    Rig rig;
    rig.b[0]->setMode(Mode::Refuse);
    rig.b[1]->addBucket(kBucket);
    rig.b[2]->addObject(kBucket, QStringLiteral("k"), "0123456789");
    rig.clock->advanceUs(0);
    auto r = get(*rig.multi, QStringLiteral("k"));
    QVERIFY(r.ok());
    bodyOf(*r);
    QCOMPARE(get(*rig.multi, QStringLiteral("k"), true)->servedBy, QStringLiteral("b3"));
    rig.b[0]->setMode(Mode::Hang);
    GetObjectRequest req;
    req.bucket = kBucket;
    req.key = QStringLiteral("k");
    testing::Pending<GetObjectResult> pending;
    rig.multi->getObject(req, pending.callback());
    QTRY_COMPARE(rig.b[0]->hungCount(), 1);
    rig.clock->advanceMs(7);
    rig.b[0]->timeOut();
    QTRY_VERIFY(pending.answered());
    delete pending.result->value()->body;

    const StatsSnapshot s = rig.multi->statistics()->snapshot();
    QCOMPARE(s.backends.size(), 3);
    const BackendStatsSnapshot &p = s.backends.at(0);
    QCOMPARE(p.requests, quint64(3));
    QCOMPARE(p.hits, quint64(0));
    QCOMPARE(p.failureCount(FailureKind::Refused), quint64(2));
    QCOMPARE(p.failureCount(FailureKind::Timeout), quint64(1));
    QVERIFY(p.latencyP95Us >= 6000); // the hung call took 7 ms on the test's clock
    const BackendStatsSnapshot &m = s.backends.at(1);
    QCOMPARE(m.requests, quint64(3));
    QCOMPARE(m.misses, quint64(3));
    const BackendStatsSnapshot &h = s.backends.at(2);
    QCOMPARE(h.hits, quint64(3));
    QCOMPARE(h.hitsAtDepth[2], quint64(3));
    QCOMPARE(h.fallbackHits(), quint64(3));
    QCOMPARE(h.bytesOut, quint64(20)); // two GETs of 10 bytes; HEAD sends none
    QCOMPARE(s.recentTotal, quint64(3));
    const RecentRequest &first = s.recent.first();
    QCOMPARE(first.operation, QStringLiteral("GetObject"));
    QCOMPARE(first.bucket, kBucket);
    QCOMPARE(first.key, QStringLiteral("k"));
    QCOMPARE(first.status, 200);
    QCOMPARE(first.backend, QStringLiteral("b3"));
    QCOMPARE(first.bytes, qint64(10));
    QCOMPARE(s.recent.at(1).operation, QStringLiteral("HeadObject"));
    QCOMPARE(s.recent.at(2).latencyUs, qint64(7000));
}

QTEST_GUILESS_MAIN(TestMultiBackend)
#include "test_multibackend.moc"
