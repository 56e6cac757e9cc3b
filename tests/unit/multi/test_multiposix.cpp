// The cascade over real local-directory backends (PosixBackend on temporary directories), with
// a FaultBackend where a backend has to be down.
#include "MultiRig.h"
#include "backends/posix/PosixBackend.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace s3c;
using namespace s3c::testing;

namespace {

// Three PosixBackends on temporary directories, each with the bucket, behind a MultiBackend.
struct PosixRig
{
    explicit PosixRig(MultiOptions options = {}, bool faultyPrimary = false, bool readOnlyLast = false)
    {
        QList<Backend *> list;
        if (faultyPrimary) {
            fault = new FaultBackend(QStringLiteral("down"));
            fault->setMode(Mode::Refuse);
            list.append(fault);
        }
        for (int i = 0; i < 3; ++i) {
            dirs.append(new QTemporaryDir);
            PosixOptions o;
            o.fsync = PosixOptions::Fsync::None; // durability is not what these tests are about
            o.readOnly = readOnlyLast && i == 2;
            posix.append(new PosixBackend(dirs.last()->path(), o));
            if (!o.readOnly)
                ok &= await<Done>([&](auto cb) { posix.last()->createBucket(kBucket, cb); }).ok();
            else
                ok &= QDir(dirs.last()->path()).mkpath(kBucket);
            list.append(posix.last());
        }
        multi = std::make_unique<MultiBackend>(list, options);
    }
    ~PosixRig()
    {
        multi.reset();
        qDeleteAll(posix);
        delete fault;
        qDeleteAll(dirs);
    }
    bool has(int i, const QString &key)
    {
        GetObjectRequest req;
        req.bucket = kBucket;
        req.key = key;
        req.headOnly = true;
        return await<GetObjectResult>([&](auto cb) { posix[i]->getObject(req, cb); }).ok();
    }

    bool ok = true;
    QList<QTemporaryDir *> dirs;
    QList<PosixBackend *> posix;
    FaultBackend *fault = nullptr;
    std::unique_ptr<MultiBackend> multi;
};

QByteArray pattern(qint64 size)
{
    QByteArray out;
    out.reserve(size);
    for (qint64 i = 0; out.size() < size; ++i)
        out += QByteArray::number(i) + ' ';
    out.truncate(size);
    return out;
}

} // namespace

class TestMultiPosix : public QObject
{
    Q_OBJECT
private slots:
    void servedByTheBackendThatHasIt();
    void mergedListingsEqualTheSortedUnion();
    void copyFromFallbackOnlySource();
    void uploadPartCopyFromFallback();
    void deletePolicies();
    void primaryDown();
};

void TestMultiPosix::servedByTheBackendThatHasIt()
{
    PosixRig rig;
    QVERIFY(rig.ok);
    QVERIFY(put(*rig.posix[1], QStringLiteral("on/second"), "two").ok());
    QVERIFY(put(*rig.posix[2], QStringLiteral("on/third"), "three").ok());
    for (bool head : {false, true}) {
        auto second = get(*rig.multi, QStringLiteral("on/second"), head);
        QVERIFY(second.ok());
        QCOMPARE(second->servedBy, rig.posix[1]->name());
        auto third = get(*rig.multi, QStringLiteral("on/third"), head);
        QVERIFY(third.ok());
        QCOMPARE(third->servedBy, rig.posix[2]->name());
        QCOMPARE(third->info.size, qint64(5));
        if (!head) {
            QCOMPARE(bodyOf(*second), QByteArray("two"));
            QCOMPARE(bodyOf(*third), QByteArray("three"));
        }
    }
    QCOMPARE(get(*rig.multi, QStringLiteral("nowhere")).error(), S3Error::NoSuchKey);
    GetObjectRequest ranged;
    ranged.range = RangeSpec{1, 3, -1};
    auto r = get(*rig.multi, QStringLiteral("on/third"), false, ranged);
    QVERIFY(r.ok());
    QCOMPARE(r->range->length(), qint64(3));
    QCOMPARE(bodyOf(*r), QByteArray("hre"));
}

void TestMultiPosix::mergedListingsEqualTheSortedUnion()
{
    PosixRig rig;
    QVERIFY(rig.ok);
    // Overlapping key sets; across backends an object "n" and objects "n/..." may coexist,
    // and "dir/y" next to "dir/y/1" gives a key and a CommonPrefix of nearly the same name.
    // (U+FFFD is left out: PosixBackend does not list names holding it, see PosixPaths.)
    const QList<QStringList> keys{
        {QStringLiteral("a"), QStringLiteral("dir/x"), QStringLiteral("dir/y/1"), QStringLiteral("m"),
         QStringLiteral("z-last"), QString::fromUtf8("\xc3\xa9t\xc3\xa9")},
        {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("dir/y/2"), QStringLiteral("dir/z"),
         QStringLiteral("dir-"), QStringLiteral("n/o/p"), QStringLiteral("dir2")},
        {QStringLiteral("c"), QStringLiteral("dir/a"), QStringLiteral("dir/y"), QStringLiteral("n"),
         QString::fromUtf8("\xf0\x9f\x98\x80")},
    };
    QStringList all;
    for (int i = 0; i < 3; ++i) {
        for (const QString &k : keys.at(i))
            QVERIFY2(put(*rig.posix[i], k, k.toUtf8()).ok(), qPrintable(k));
        all += keys.at(i);
    }
    for (int maxKeys : {1, 2, 7, 1000}) {
        for (const QString &delimiter : {QString(), QStringLiteral("/")}) {
            for (const QString &prefix : {QString(), QStringLiteral("dir/"), QStringLiteral("n")}) {
                bool ok = false;
                const QList<Entry> got = walk(*rig.multi, prefix, delimiter, maxKeys, &ok);
                const QString what = QStringLiteral("max-keys %1 delimiter '%2' prefix '%3'")
                                         .arg(maxKeys)
                                         .arg(delimiter, prefix);
                QVERIFY2(ok, qPrintable(what));
                QVERIFY2(got == bruteForce(all, prefix, delimiter), qPrintable(what));
            }
        }
    }
}

void TestMultiPosix::copyFromFallbackOnlySource()
{
    PosixRig rig;
    QVERIFY(rig.ok);
    // Several read chunks' worth, so the stream pauses and resumes along the way.
    const QByteArray data = pattern(3 * 1024 * 1024 + 17);
    QVERIFY(put(*rig.posix[2], QStringLiteral("src"), data).ok());
    CopyObjectRequest req;
    req.sourceBucket = kBucket;
    req.sourceKey = QStringLiteral("src");
    req.bucket = kBucket;
    req.key = QStringLiteral("dst");
    auto r = await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); }, 30000);
    QVERIFY(r.ok());
    QCOMPARE(r->size, data.size());
    const QByteArray md5 = '"' + QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex() + '"';
    QCOMPARE(r->etag, md5);
    QVERIFY(rig.has(0, QStringLiteral("dst")));
    QVERIFY(!rig.has(2, QStringLiteral("dst")));
    auto back = get(*rig.posix[0], QStringLiteral("dst"));
    QVERIFY(back.ok());
    QCOMPARE(bodyOf(*back), data);
    // A source on the primary itself is copied by the primary.
    req.sourceKey = QStringLiteral("dst");
    req.key = QStringLiteral("dst2");
    QVERIFY(await<ObjectInfo>([&](auto cb) { rig.multi->copyObject(req, cb); }).ok());
    QVERIFY(rig.has(0, QStringLiteral("dst2")));
}

void TestMultiPosix::uploadPartCopyFromFallback()
{
    PosixRig rig;
    QVERIFY(rig.ok);
    QVERIFY(put(*rig.posix[1], QStringLiteral("src"), "0123456789").ok());
    MultipartUpload up;
    up.bucket = kBucket;
    up.key = QStringLiteral("joined");
    auto created = await<MultipartUpload>([&](auto cb) { rig.multi->createMultipartUpload(up, cb); });
    QVERIFY(created.ok());
    UploadPartCopyRequest req;
    req.bucket = kBucket;
    req.key = up.key;
    req.uploadId = created->uploadId;
    req.partNumber = 1;
    req.sourceBucket = kBucket;
    req.sourceKey = QStringLiteral("src");
    req.sourceRange = ByteRange{3, 6};
    auto part = await<PartInfo>([&](auto cb) { rig.multi->uploadPartCopy(req, cb); });
    QVERIFY(part.ok());
    auto done = await<ObjectInfo>([&](auto cb) {
        rig.multi->completeMultipartUpload(kBucket, up.key, created->uploadId, {{1, part->etag}}, cb);
    });
    QVERIFY(done.ok());
    auto r = get(*rig.multi, up.key);
    QVERIFY(r.ok());
    QCOMPARE(r->servedBy, rig.posix[0]->name());
    QCOMPARE(bodyOf(*r), QByteArray("3456"));
}

void TestMultiPosix::deletePolicies()
{
    {
        PosixRig rig;
        QVERIFY(rig.ok);
        for (PosixBackend *p : std::as_const(rig.posix))
            QVERIFY(put(*p, QStringLiteral("k"), "x").ok());
        QVERIFY(del(*rig.multi, QStringLiteral("k")).ok());
        QVERIFY(!rig.has(0, QStringLiteral("k")));
        QVERIFY(rig.has(1, QStringLiteral("k")));
        QCOMPARE(get(*rig.multi, QStringLiteral("k"))->servedBy, rig.posix[1]->name()); // resurfaces
    }
    MultiOptions o;
    o.deletePolicy = MultiOptions::DeletePolicy::All;
    PosixRig rig(o, false, true);
    QVERIFY(rig.ok);
    QVERIFY(put(*rig.posix[0], QStringLiteral("k"), "x").ok());
    QVERIFY(put(*rig.posix[1], QStringLiteral("k"), "x").ok());
    QVERIFY(del(*rig.multi, QStringLiteral("k")).ok());
    QVERIFY(!rig.has(0, QStringLiteral("k")));
    QVERIFY(!rig.has(1, QStringLiteral("k")));
    QCOMPARE(get(*rig.multi, QStringLiteral("k")).error(), S3Error::NoSuchKey);
}

void TestMultiPosix::primaryDown()
{
    for (bool partial : {false, true}) {
        MultiOptions o;
        o.partialListing = partial;
        PosixRig rig(o, true);
        QVERIFY(rig.ok);
        QVERIFY(put(*rig.posix[1], QStringLiteral("k"), "fallback").ok());
        auto r = get(*rig.multi, QStringLiteral("k"));
        QVERIFY(r.ok());
        QCOMPARE(r->servedBy, rig.posix[1]->name());
        QCOMPARE(bodyOf(*r), QByteArray("fallback"));
        QCOMPARE(put(*rig.multi, QStringLiteral("new"), "x").error(), S3Error::ServiceUnavailable);
        QVERIFY(!rig.has(0, QStringLiteral("new"))); // nothing written anywhere
        auto list = await<ListObjectsResult>(
            [&](auto cb) { rig.multi->listObjects(ListObjectsRequest{kBucket}, cb); });
        if (!partial) {
            QCOMPARE(list.error(), S3Error::ServiceUnavailable);
        } else {
            QVERIFY(list.ok());
            QVERIFY(list->partial);
            QCOMPARE(list->objects.size(), 1);
        }
    }
}

QTEST_GUILESS_MAIN(TestMultiPosix)
#include "test_multiposix.moc"
