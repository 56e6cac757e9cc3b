// Writes reach the primary only; delete policies; copies from a fallback-only source.
#include "MultiRig.h"

#include <QTest>

using namespace s3c;
using namespace s3c::testing;

class TestMultiWrites : public QObject
{
    Q_OBJECT
private slots:
    void writesGoToThePrimaryOnly();
    void primaryDownWritesFailReadsWork();
    void brokenUploadBodyIsTheClientsError();
    void clientGoneBeforeThePrimaryAnswered();
    void deletePolicyPrimary();
    void deletePolicyAll();
    void deletePolicyAllFallbackFailure();
    void deletePolicyAllWithOnlyReadOnlyFallbacks();
    void copyFromFallbackOnlySource();
    void copyFromFallbackChecksSourceConditions();
    void copyWithSourceNowhere();
    void copyFromBreakingFallbackWritesNothing();
    void uploadPartCopyFromFallback();
    void multipartStaysOnPrimary();
};

void TestMultiWrites::writesGoToThePrimaryOnly()
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

void TestMultiWrites::primaryDownWritesFailReadsWork()
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

void TestMultiWrites::brokenUploadBodyIsTheClientsError()
{
    Rig rig(2);
    rig.b[0]->addBucket(kBucket);
    auto r = put(*rig.multi, QStringLiteral("k"), "partial", true);
    QCOMPARE(r.error(), S3Error::IncompleteBody); // not 503: the backend is fine
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("k")));
    QCOMPARE(rig.stats(0).failuresTotal(), quint64(0));
}

void TestMultiWrites::clientGoneBeforeThePrimaryAnswered()
{
    // Found by the fault suite (tests/integration/test_faults.py): clients that hung up while a
    // posix s3cascade was SIGSTOPped took their request bodies along; resumed, it answered
    // their PUTs and the answer asked the freed body whether it had failed (SIGSEGV).
    Rig rig(2);
    rig.b[0]->addBucket(kBucket);
    rig.b[0]->setMode(QStringLiteral("PutObject"), Mode::Hang);
    rig.b[0]->setMode(QStringLiteral("UploadPart"), Mode::Hang);
    Pending<ObjectInfo> put;
    Pending<PartInfo> part;
    auto *putBody = new FaultBody("never read", false);
    PutObjectRequest req;
    req.bucket = kBucket;
    req.key = QStringLiteral("k");
    req.body = putBody;
    rig.multi->putObject(req, put.callback());
    auto *partBody = new FaultBody("never read either", false);
    UploadPartRequest partReq;
    partReq.bucket = kBucket;
    partReq.key = QStringLiteral("k");
    partReq.uploadId = QStringLiteral("u");
    partReq.partNumber = 1;
    partReq.body = partBody;
    rig.multi->uploadPart(partReq, part.callback());
    QTRY_COMPARE(rig.b[0]->hungCount(), 2);
    delete putBody; // the exchanges go, and their bodies with them
    delete partBody;
    rig.b[0]->timeOut();
    QTRY_VERIFY(put.answered() && part.answered());
    QVERIFY(!put.result->value().ok());
    QVERIFY(!part.result->value().ok());
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("k")));
    // The client left: that says nothing about the primary's health.
    QCOMPARE(rig.stats(0).failuresTotal(), quint64(0));
}

void TestMultiWrites::deletePolicyPrimary()
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

void TestMultiWrites::deletePolicyAll()
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

void TestMultiWrites::deletePolicyAllFallbackFailure()
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

void TestMultiWrites::copyFromFallbackOnlySource()
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

void TestMultiWrites::copyFromFallbackChecksSourceConditions()
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

void TestMultiWrites::copyWithSourceNowhere()
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

void TestMultiWrites::copyFromBreakingFallbackWritesNothing()
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

void TestMultiWrites::uploadPartCopyFromFallback()
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
        rig.multi->completeMultipartUpload(kBucket, QStringLiteral("m"), created->uploadId, {{1, part->etag}},
                                           cb);
    });
    QVERIFY(done.ok());
    QCOMPARE(rig.b[0]->objectData(kBucket, QStringLiteral("m")), QByteArray("2345"));
}

void TestMultiWrites::multipartStaysOnPrimary()
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

void TestMultiWrites::deletePolicyAllWithOnlyReadOnlyFallbacks()
{
    MultiOptions o;
    o.deletePolicy = MultiOptions::DeletePolicy::All;
    Rig rig(2, o);
    rig.b[0]->addObject(kBucket, QStringLiteral("k"), "x");
    rig.b[1]->addObject(kBucket, QStringLiteral("k"), "x");
    rig.b[1]->setReadOnly(true);
    // Nobody else to ask: still answered later, never from inside the call (await checks).
    QVERIFY(del(*rig.multi, QStringLiteral("k")).ok());
    QVERIFY(!rig.b[0]->hasObject(kBucket, QStringLiteral("k")));
    QCOMPARE(rig.b[1]->callCount(), 0);
}

QTEST_GUILESS_MAIN(TestMultiWrites)
#include "test_multiwrites.moc"
