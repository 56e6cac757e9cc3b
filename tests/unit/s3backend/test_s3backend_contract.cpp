// Contract of S3Backend against real S3 implementations started here on loopback: moto_server
// and s3rver (style.md #8: one contract, QFETCH_GLOBAL over the servers). Label: integration.
#include "AsyncWait.h"
#include "ExternalS3Server.h"
#include "PatternBodyStream.h"
#include "backends/s3/S3Backend.h"

#include <QCryptographicHash>
#include "http/HttpClientReply.h"
#include <QTest>
#include <QTimer>

using namespace s3c;
using namespace s3c::test;

class TestS3BackendContract : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void initTestCase();
    void cleanupTestCase();

    void buckets();
    void putGetHeadDeleteWithMetadata();
    void notFoundClassification();
    void ranges();
    void conditionals();
    void copy();
    void tagging();
    void listing();
    void listingPagesOverCommonPrefixes();
    void multipart();
    void pinnedBucket();
    void streamedUploadAndDownloadBoundedMemory();
    void failedUploadStoresNothing();

private:
    S3Backend *backend(const QString &pinned = {}, const QString &exposed = {});
    QString bucket(const char *suffix) const;
    Status put(S3Backend *b, const QString &bucket, const QString &key, const QByteArray &data,
               const ObjectInfo &meta = {});
    Result<QByteArray> get(S3Backend *b, const QString &bucket, const QString &key,
                           std::optional<RangeSpec> range = {}, GetObjectResult *out = nullptr);
    Status makeBucket(S3Backend *b, const QString &name);
    QStringList listAll(S3Backend *b, const QString &bucket, const QString &prefix, const QString &delimiter,
                        int maxKeys);

    QHash<QString, ExternalS3Server *> m_servers;
    QString m_current;
};

void TestS3BackendContract::initTestCase_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("moto") << QStringLiteral("moto");
    QTest::newRow("s3rver") << QStringLiteral("s3rver");
}

void TestS3BackendContract::initTestCase()
{
    for (auto kind : {ExternalS3Server::Kind::Moto, ExternalS3Server::Kind::S3rver}) {
        auto *server = new ExternalS3Server(kind);
        const QString error = server->start();
        if (!error.isEmpty()) {
            delete server;
            QFAIL(qPrintable(error));
        }
        m_servers.insert(server->name(), server);
    }
}

void TestS3BackendContract::cleanupTestCase()
{
    qDeleteAll(m_servers);
    m_servers.clear();
}

S3Backend *TestS3BackendContract::backend(const QString &pinned, const QString &exposed)
{
    QFETCH_GLOBAL(QString, server);
    m_current = server;
    ExternalS3Server *s = m_servers.value(server);
    S3BackendOptions o;
    o.name = server + QStringLiteral("-backend");
    o.endpoint = s->endpoint();
    o.accessKey = s->accessKey();
    o.secretKey = s->secretKey();
    o.usePathStyle = true;
    o.pinnedBucket = pinned;
    o.exposedBucket = exposed;
    o.connectTimeoutMs = 5000;
    o.firstByteTimeoutMs = 30000;
    auto *b = new S3Backend(o);
    b->setParent(this);
    return b;
}

QString TestS3BackendContract::bucket(const char *suffix) const
{
    return QStringLiteral("c-%1-%2").arg(m_current, QString::fromLatin1(suffix));
}

Status TestS3BackendContract::makeBucket(S3Backend *b, const QString &name)
{
    const auto r = await<Done>([&](auto cb) { b->createBucket(name, cb); });
    if (!r && r.error() != S3Error::BucketAlreadyOwnedByYou && r.error() != S3Error::BucketAlreadyExists)
        return r;
    return Done{};
}

Status TestS3BackendContract::put(S3Backend *b, const QString &bucket, const QString &key,
                                  const QByteArray &data, const ObjectInfo &meta)
{
    // A client body with fixed bytes (PatternBodyStream generates large ones).
    class Fixed : public BodyStream
    {
    public:
        explicit Fixed(const QByteArray &d) : m_data(d)
        {
            open(QIODevice::ReadOnly);
            QTimer::singleShot(0, this, [this] { emit readyRead(); });
        }
        qint64 expectedLength() const override { return m_data.size(); }
        bool isFinished() const override { return m_pos >= m_data.size(); }
        bool hasFailed() const override { return false; }
        qint64 bytesAvailable() const override { return m_data.size() - m_pos + QIODevice::bytesAvailable(); }
        bool atEnd() const override { return m_pos >= m_data.size(); }

    protected:
        qint64 readData(char *d, qint64 max) override
        {
            const qint64 n = qMin<qint64>(max, m_data.size() - m_pos);
            memcpy(d, m_data.constData() + m_pos, size_t(n));
            m_pos += n;
            if (m_pos >= m_data.size())
                QTimer::singleShot(0, this, [this] { emit finished(); });
            return n;
        }
        qint64 writeData(const char *, qint64) override { return -1; }

    private:
        QByteArray m_data;
        qint64 m_pos = 0;
    };
    Fixed body(data);
    PutObjectRequest q{bucket, key, meta, &body};
    const auto r = await<ObjectInfo>([&](auto cb) { b->putObject(q, cb); });
    if (!r)
        return r.failure();
    if (r->etag.isEmpty())
        return Failure{S3Error::InternalError, QStringLiteral("no ETag")};
    return Done{};
}

Result<QByteArray> TestS3BackendContract::get(S3Backend *b, const QString &bucket, const QString &key,
                                              std::optional<RangeSpec> range, GetObjectResult *out)
{
    GetObjectRequest q{bucket, key, range};
    auto r = await<GetObjectResult>([&](auto cb) { b->getObject(q, cb); });
    if (!r)
        return r.failure();
    std::unique_ptr<QIODevice> body(r->body);
    const qint64 expected = r->range ? r->range->length() : r->info.size;
    QByteArray data;
    const QDeadlineTimer deadline(30000);
    auto *reply = static_cast<HttpClientReply *>(body.get());
    while (data.size() < expected && !deadline.hasExpired()) {
        data += body->readAll();
        if (data.size() < expected) {
            if (reply->isFinished() && body->bytesAvailable() == 0)
                break;
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
        }
    }
    if (out) {
        *out = r.value();
        out->body = nullptr;
    }
    return data;
}

void TestS3BackendContract::buckets()
{
    S3Backend *b = backend();
    const QString name = bucket("buckets");
    QVERIFY(makeBucket(b, name).ok());
    const auto head = await<BucketInfo>([&](auto cb) { b->headBucket(name, cb); });
    QVERIFY2(head.ok(), qPrintable(head.ok() ? QString() : head.failure().text()));
    QCOMPARE(head->name, name);
    const auto list = await<QList<BucketInfo>>([&](auto cb) { b->listBuckets(cb); });
    QVERIFY(list.ok());
    QVERIFY(std::any_of(list->begin(), list->end(), [&](const BucketInfo &i) { return i.name == name; }));
    const auto del = await<Done>([&](auto cb) { b->deleteBucket(name, cb); });
    QVERIFY2(del.ok(), qPrintable(del.ok() ? QString() : del.failure().text()));
    const auto gone = await<BucketInfo>([&](auto cb) { b->headBucket(name, cb); });
    QCOMPARE(gone.error(), S3Error::NoSuchBucket);
}

void TestS3BackendContract::putGetHeadDeleteWithMetadata()
{
    S3Backend *b = backend();
    const QString name = bucket("objects");
    QVERIFY(makeBucket(b, name).ok());
    ObjectInfo meta;
    meta.contentType = "text/plain";
    meta.headers = {{"x-amz-meta-color", "blue"}, {"content-disposition", "attachment; filename=\"a.txt\""}};
    const QString key = QStringLiteral("dir/hello wörld+~!.txt");
    const Status stored = put(b, name, key, "hello, world", meta);
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.failure().text()));

    GetObjectRequest head{name, key};
    head.headOnly = true;
    const auto h = await<GetObjectResult>([&](auto cb) { b->getObject(head, cb); });
    QVERIFY2(h.ok(), qPrintable(h.ok() ? QString() : h.failure().text()));
    QCOMPARE(h->info.size, 12);
    QCOMPARE(h->info.etag, QByteArray("\"") +
                               QCryptographicHash::hash("hello, world", QCryptographicHash::Md5).toHex() +
                               '"');
    QVERIFY(h->info.contentType.startsWith("text/plain"));
    QVERIFY(h->info.headers.contains(qMakePair(QByteArray("x-amz-meta-color"), QByteArray("blue"))));
    QVERIFY(h->info.lastModified.isValid());
    QCOMPARE(h->servedBy, b->name());
    QVERIFY(!h->body);

    GetObjectResult got;
    const auto data = get(b, name, key, {}, &got);
    QVERIFY(data.ok());
    QCOMPARE(data.value(), QByteArray("hello, world"));
    QCOMPARE(got.servedBy, b->name());

    const auto del = await<Done>([&](auto cb) { b->deleteObject(name, key, cb); });
    QVERIFY(del.ok());
    QCOMPARE(get(b, name, key).error(), S3Error::NoSuchKey);
}

void TestS3BackendContract::notFoundClassification()
{
    S3Backend *b = backend();
    const QString name = bucket("notfound");
    QVERIFY(makeBucket(b, name).ok());
    QCOMPARE(get(b, name, QStringLiteral("missing")).error(), S3Error::NoSuchKey);
    GetObjectRequest head{name, QStringLiteral("missing")};
    head.headOnly = true;
    // A HEAD 404 has no body to name the error: it is "not found" all the same.
    QCOMPARE(await<GetObjectResult>([&](auto cb) { b->getObject(head, cb); }).error(), S3Error::NoSuchKey);
    QCOMPARE(get(b, QStringLiteral("no-such-bucket-here"), QStringLiteral("k")).error(),
             S3Error::NoSuchBucket);
    QCOMPARE(
        await<BucketInfo>([&](auto cb) { b->headBucket(QStringLiteral("no-such-bucket-here"), cb); }).error(),
        S3Error::NoSuchBucket);
    ListObjectsRequest list{QStringLiteral("no-such-bucket-here")};
    QCOMPARE(await<ListObjectsResult>([&](auto cb) { b->listObjects(list, cb); }).error(),
             S3Error::NoSuchBucket);
}

void TestS3BackendContract::ranges()
{
    S3Backend *b = backend();
    const QString name = bucket("ranges");
    QVERIFY(makeBucket(b, name).ok());
    QVERIFY(put(b, name, QStringLiteral("r"), "0123456789").ok());
    GetObjectResult got;
    auto data = get(b, name, QStringLiteral("r"), RangeSpec{2, 5, -1}, &got);
    QVERIFY(data.ok());
    QCOMPARE(data.value(), QByteArray("2345"));
    QVERIFY(got.range);
    QCOMPARE(got.range->first, 2);
    QCOMPARE(got.range->last, 5);
    QCOMPARE(got.info.size, 10);
    if (m_current != QLatin1String("s3rver")) { // s3rver 3.7 serves bytes=-3 as bytes=0-3
        data = get(b, name, QStringLiteral("r"), RangeSpec{-1, -1, 3}, &got);
        QCOMPARE(data.value(), QByteArray("789"));
    }
    data = get(b, name, QStringLiteral("r"), RangeSpec{7, -1, -1}, &got);
    QCOMPARE(data.value(), QByteArray("789"));
    QCOMPARE(get(b, name, QStringLiteral("r"), RangeSpec{20, 30, -1}).error(), S3Error::InvalidRange);
}

void TestS3BackendContract::conditionals()
{
    S3Backend *b = backend();
    const QString name = bucket("cond");
    QVERIFY(makeBucket(b, name).ok());
    QVERIFY(put(b, name, QStringLiteral("c"), "conditional").ok());
    const QByteArray etag =
        '"' + QCryptographicHash::hash("conditional", QCryptographicHash::Md5).toHex() + '"';
    GetObjectRequest q{name, QStringLiteral("c")};
    q.conditions.ifNoneMatch = etag;
    QCOMPARE(await<GetObjectResult>([&](auto cb) { b->getObject(q, cb); }).error(), S3Error::NotModified);
    q.conditions = {};
    q.conditions.ifMatch = "\"0123456789abcdef0123456789abcdef\"";
    if (m_current != QLatin1String("s3rver")) // s3rver 3.7 ignores If-Match
        QCOMPARE(await<GetObjectResult>([&](auto cb) { b->getObject(q, cb); }).error(),
                 S3Error::PreconditionFailed);
    q.conditions.ifMatch = etag;
    auto ok = await<GetObjectResult>([&](auto cb) { b->getObject(q, cb); });
    QVERIFY(ok.ok());
    delete ok->body;
    q.headOnly = true;
    q.conditions = {};
    q.conditions.ifNoneMatch = etag;
    QCOMPARE(await<GetObjectResult>([&](auto cb) { b->getObject(q, cb); }).error(), S3Error::NotModified);
}

void TestS3BackendContract::copy()
{
    S3Backend *b = backend();
    const QString name = bucket("copy");
    QVERIFY(makeBucket(b, name).ok());
    ObjectInfo meta;
    meta.contentType = "text/csv";
    meta.headers = {{"x-amz-meta-origin", "source"}};
    QVERIFY(put(b, name, QStringLiteral("src key"), "a,b,c", meta).ok());

    CopyObjectRequest c{name, QStringLiteral("src key"), name, QStringLiteral("dst/copy")};
    const auto copied = await<ObjectInfo>([&](auto cb) { b->copyObject(c, cb); });
    QVERIFY2(copied.ok(), qPrintable(copied.ok() ? QString() : copied.failure().text()));
    QCOMPARE(copied->etag, '"' + QCryptographicHash::hash("a,b,c", QCryptographicHash::Md5).toHex() + '"');
    GetObjectResult got;
    QCOMPARE(get(b, name, QStringLiteral("dst/copy"), {}, &got).value(), QByteArray("a,b,c"));
    QVERIFY(got.info.contentType.startsWith("text/csv"));
    QVERIFY(got.info.headers.contains(qMakePair(QByteArray("x-amz-meta-origin"), QByteArray("source"))));

    c.key = QStringLiteral("dst/replaced");
    c.replaceMetadata = true;
    c.meta.contentType = "application/json";
    c.meta.headers = {{"x-amz-meta-origin", "replaced"}};
    QVERIFY(await<ObjectInfo>([&](auto cb) { b->copyObject(c, cb); }).ok());
    QVERIFY(get(b, name, QStringLiteral("dst/replaced"), {}, &got).ok());
    QVERIFY(got.info.contentType.startsWith("application/json"));
    QVERIFY(got.info.headers.contains(qMakePair(QByteArray("x-amz-meta-origin"), QByteArray("replaced"))));

    c.sourceKey = QStringLiteral("missing");
    QCOMPARE(await<ObjectInfo>([&](auto cb) { b->copyObject(c, cb); }).error(), S3Error::NoSuchKey);
}

void TestS3BackendContract::tagging()
{
    S3Backend *b = backend();
    const QString name = bucket("tagging");
    QVERIFY(makeBucket(b, name).ok());
    // s3rver 3.7.1 keeps the ?tagging sub-resource only: it ignores x-amz-tagging on PutObject
    // and the tagging directive of a copy, and sends no x-amz-tagging-count. moto does all.
    const bool full = m_current == QLatin1String("moto");
    const ObjectTags two{{QStringLiteral("project"), QStringLiteral("blue sky")}, {QStringLiteral("n"), QString()}};
    ObjectInfo meta;
    if (full)
        meta.tags = two;
    QVERIFY(put(b, name, QStringLiteral("tagged"), "t", meta).ok());
    if (!full)
        QVERIFY(await<Done>([&](auto cb) { b->putObjectTagging(name, QStringLiteral("tagged"), two, cb); }).ok());
    auto tags = await<ObjectTags>([&](auto cb) { b->getObjectTagging(name, QStringLiteral("tagged"), cb); });
    QVERIFY2(tags.ok(), qPrintable(tags.ok() ? QString() : tags.failure().text()));
    QCOMPARE(*tags, two);
    if (full) {
        GetObjectRequest head{name, QStringLiteral("tagged")};
        head.headOnly = true;
        const auto headed = await<GetObjectResult>([&](auto cb) { b->getObject(head, cb); });
        QVERIFY(headed.ok());
        QVERIFY(headed->info.headers.contains(qMakePair(QByteArray("x-amz-tagging-count"), QByteArray("2"))));
    }

    const ObjectTags replaced{{QStringLiteral("only"), QStringLiteral("one")}};
    QVERIFY(await<Done>([&](auto cb) { b->putObjectTagging(name, QStringLiteral("tagged"), replaced, cb); }).ok());
    tags = await<ObjectTags>([&](auto cb) { b->getObjectTagging(name, QStringLiteral("tagged"), cb); });
    QCOMPARE(tags.value(), replaced);

    if (full) {
        CopyObjectRequest c{name, QStringLiteral("tagged"), name, QStringLiteral("copy")};
        c.replaceTags = true;
        c.tags = {{QStringLiteral("copied"), QStringLiteral("yes")}};
        QVERIFY(await<ObjectInfo>([&](auto cb) { b->copyObject(c, cb); }).ok());
        tags = await<ObjectTags>([&](auto cb) { b->getObjectTagging(name, QStringLiteral("copy"), cb); });
        QCOMPARE(tags.value(), c.tags);
    }

    QVERIFY(await<Done>([&](auto cb) { b->putObjectTagging(name, QStringLiteral("tagged"), {}, cb); }).ok());
    tags = await<ObjectTags>([&](auto cb) { b->getObjectTagging(name, QStringLiteral("tagged"), cb); });
    QVERIFY(tags.ok());
    QVERIFY(tags->isEmpty());
    QCOMPARE(await<ObjectTags>([&](auto cb) { b->getObjectTagging(name, QStringLiteral("missing"), cb); }).error(),
             S3Error::NoSuchKey);
}

QStringList TestS3BackendContract::listAll(S3Backend *b, const QString &bucket, const QString &prefix,
                                           const QString &delimiter, int maxKeys)
{
    QStringList seen;
    ListObjectsRequest q{bucket, prefix, delimiter, {}, maxKeys};
    for (int page = 0; page < 50; ++page) {
        const auto r = await<ListObjectsResult>([&](auto cb) { b->listObjects(q, cb); });
        if (!r)
            return {QStringLiteral("ERROR ") + r.failure().text()};
        QStringList entries;
        for (const ObjectInfo &o : r->objects)
            entries << o.key;
        entries << r->commonPrefixes;
        entries.sort();
        if (entries.size() > maxKeys)
            return {QStringLiteral("ERROR page larger than max-keys")};
        seen << entries;
        if (!r->truncated)
            return seen;
        if (r->nextMarker.isEmpty())
            return {QStringLiteral("ERROR truncated without marker")};
        q.startAfter = r->nextMarker;
    }
    return {QStringLiteral("ERROR too many pages")};
}

void TestS3BackendContract::listing()
{
    S3Backend *b = backend();
    const QString name = bucket("list");
    QVERIFY(makeBucket(b, name).ok());
    const QStringList keys{QStringLiteral("a/1"), QStringLiteral("a/2"), QStringLiteral("b/1"),
                           QStringLiteral("c"), QStringLiteral("d")};
    for (const QString &k : keys)
        QVERIFY(put(b, name, k, k.toUtf8()).ok());
    ListObjectsRequest q{name};
    auto r = await<ListObjectsResult>([&](auto cb) { b->listObjects(q, cb); });
    QVERIFY(r.ok());
    QCOMPARE(r->objects.size(), 5);
    QCOMPARE(r->objects.first().key, QStringLiteral("a/1"));
    QCOMPARE(r->objects.first().size, 3);
    QVERIFY(!r->objects.first().etag.isEmpty());
    QCOMPARE(r->servedBy, QStringList{b->name()});

    q.prefix = QStringLiteral("a/");
    r = await<ListObjectsResult>([&](auto cb) { b->listObjects(q, cb); });
    QCOMPARE(r->objects.size(), 2);

    q.prefix.clear();
    q.delimiter = QStringLiteral("/");
    r = await<ListObjectsResult>([&](auto cb) { b->listObjects(q, cb); });
    QCOMPARE(r->commonPrefixes, (QStringList{QStringLiteral("a/"), QStringLiteral("b/")}));
    QCOMPARE(r->objects.size(), 2);

    QCOMPARE(listAll(b, name, {}, {}, 2), keys);
    QCOMPARE(listAll(b, name, {}, {}, 1), keys);
}

void TestS3BackendContract::listingPagesOverCommonPrefixes()
{
    S3Backend *b = backend();
    const QString name = bucket("pages");
    QVERIFY(makeBucket(b, name).ok());
    for (const char *k : {"a/1", "a/2", "a/3", "b", "c/1", "c/2", "d"})
        QVERIFY(put(b, name, QString::fromLatin1(k), "x").ok());
    const QStringList expected{QStringLiteral("a/"), QStringLiteral("b"), QStringLiteral("c/"),
                               QStringLiteral("d")};
    // Each common prefix appears once however the pages fall (the marker may be a prefix).
    QCOMPARE(listAll(b, name, {}, QStringLiteral("/"), 1), expected);
    QCOMPARE(listAll(b, name, {}, QStringLiteral("/"), 2), expected);
    QCOMPARE(listAll(b, name, {}, QStringLiteral("/"), 1000), expected);
}

void TestS3BackendContract::multipart()
{
    S3Backend *b = backend();
    const QString name = bucket("multipart");
    QVERIFY(makeBucket(b, name).ok());
    MultipartUpload u{name, QStringLiteral("big/object")};
    u.meta.contentType = "application/x-test";
    const auto created = await<MultipartUpload>([&](auto cb) { b->createMultipartUpload(u, cb); });
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.failure().text()));
    QVERIFY(!created->uploadId.isEmpty());
    QCOMPARE(created->bucket, name);

    const qint64 partSize = 5 * 1024 * 1024;
    QList<CompletedPart> parts;
    for (int n = 1; n <= 2; ++n) {
        PatternBodyStream body(n == 1 ? partSize : 1024);
        UploadPartRequest p{name, u.key, created->uploadId, n, &body};
        const auto part = await<PartInfo>([&](auto cb) { b->uploadPart(p, cb); });
        QVERIFY2(part.ok(), qPrintable(part.ok() ? QString() : part.failure().text()));
        QVERIFY(part->etag.startsWith('"'));
        parts.append({n, part->etag});
    }
    ListPartsRequest lp{name, u.key, created->uploadId};
    const bool moto = m_current == QLatin1String("moto");
    if (moto) {
        // s3rver 3.7 implements neither ListParts nor ListMultipartUploads (405 / no uploads).
        const auto listed = await<ListPartsResult>([&](auto cb) { b->listParts(lp, cb); });
        QVERIFY2(listed.ok(), qPrintable(listed.ok() ? QString() : listed.failure().text()));
        QCOMPARE(listed->parts.size(), 2);
        QCOMPARE(listed->parts.first().size, partSize);
        QCOMPARE(listed->upload.bucket, name);

        ListUploadsRequest lu{name};
        const auto uploads = await<ListUploadsResult>([&](auto cb) { b->listMultipartUploads(lu, cb); });
        QVERIFY(uploads.ok());
        QCOMPARE(uploads->uploads.size(), 1);
        QCOMPARE(uploads->uploads.first().uploadId, created->uploadId);
    }

    const auto done = await<ObjectInfo>(
        [&](auto cb) { b->completeMultipartUpload(name, u.key, created->uploadId, parts, cb); });
    QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.failure().text()));
    if (moto) // s3rver 3.7 gives a multipart object a plain MD5 ETag
        QVERIFY2(done->etag.endsWith("-2\""), done->etag.constData());
    GetObjectResult got;
    const auto data = get(b, name, u.key, RangeSpec{partSize - 2, partSize + 1, -1}, &got);
    QCOMPARE(got.info.size, partSize + 1024);
    QCOMPARE(data.value(), PatternBodyStream::bytes(partSize - 2, 2) + PatternBodyStream::bytes(0, 2));

    // Abort: the upload is gone afterwards.
    const auto other = await<MultipartUpload>([&](auto cb) { b->createMultipartUpload(u, cb); });
    QVERIFY(other.ok());
    const auto aborted =
        await<Done>([&](auto cb) { b->abortMultipartUpload(name, u.key, other->uploadId, cb); });
    if (!moto) {
        // s3rver 3.7 has no AbortMultipartUpload: its 405 passes through as what it is.
        QCOMPARE(aborted.error(), S3Error::MethodNotAllowed);
        return;
    }
    QVERIFY(aborted.ok());
    ListPartsRequest gone{name, u.key, other->uploadId};
    if (moto)
        QCOMPARE(await<ListPartsResult>([&](auto cb) { b->listParts(gone, cb); }).error(),
                 S3Error::NoSuchUpload);
    QCOMPARE(await<Done>([&](auto cb) {
                 b->abortMultipartUpload(name, u.key, QStringLiteral("nope"), cb);
             }).error(),
             S3Error::NoSuchUpload);

    if (moto) {
        // UploadPartCopy (s3rver lacks it): a range of the completed object becomes part 1.
        const auto third = await<MultipartUpload>([&](auto cb) { b->createMultipartUpload(u, cb); });
        UploadPartCopyRequest pc{
            name, QStringLiteral("copy/target"), third->uploadId, 1, name, u.key, ByteRange{0, 9}};
        pc.key = u.key;
        const auto part = await<PartInfo>([&](auto cb) { b->uploadPartCopy(pc, cb); });
        QVERIFY2(part.ok(), qPrintable(part.ok() ? QString() : part.failure().text()));
        QVERIFY(!part->etag.isEmpty());
        QVERIFY(
            await<Done>([&](auto cb) { b->abortMultipartUpload(name, u.key, third->uploadId, cb); }).ok());
    }
}

void TestS3BackendContract::pinnedBucket()
{
    S3Backend *plain = backend();
    const QString real = bucket("pinned-real");
    QVERIFY(makeBucket(plain, real).ok());
    // The R2 example: endpoint .../primary-bucket serves that bucket; clients use the exposed name.
    S3Backend *pinned = backend(real, QStringLiteral("shared-name"));
    const auto list = await<QList<BucketInfo>>([&](auto cb) { pinned->listBuckets(cb); });
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->first().name, QStringLiteral("shared-name"));
    QVERIFY(put(pinned, QStringLiteral("shared-name"), QStringLiteral("k"), "pinned").ok());
    QCOMPARE(get(plain, real, QStringLiteral("k")).value(), QByteArray("pinned"));
    QCOMPARE(get(pinned, QStringLiteral("shared-name"), QStringLiteral("k")).value(), QByteArray("pinned"));
    QCOMPARE(get(pinned, real, QStringLiteral("k")).error(), S3Error::NoSuchBucket);
    QCOMPARE(get(pinned, QStringLiteral("other"), QStringLiteral("k")).error(), S3Error::NoSuchBucket);
    ListObjectsRequest q{QStringLiteral("shared-name")};
    const auto listed = await<ListObjectsResult>([&](auto cb) { pinned->listObjects(q, cb); });
    QVERIFY(listed.ok());
    QCOMPARE(listed->objects.size(), 1);
}

void TestS3BackendContract::streamedUploadAndDownloadBoundedMemory()
{
    S3Backend *b = backend();
    const QString name = bucket("stream");
    QVERIFY(makeBucket(b, name).ok());
    const qint64 size = 64LL * 1024 * 1024;

    QVERIFY(resetPeakRss());
    const qint64 before = rssKiB();
    PatternBodyStream body(size);
    PutObjectRequest q{name, QStringLiteral("big"), {}, &body};
    const auto stored = await<ObjectInfo>([&](auto cb) { b->putObject(q, cb); }, 120000);
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.failure().text()));
    QCOMPARE(body.position(), size);
    const qint64 uploadGrowth = peakRssKiB() - before;
    qInfo("upload of 64 MiB: peak RSS growth %lld KiB", uploadGrowth);
    QVERIFY2(uploadGrowth < 32 * 1024, "upload was buffered in memory");

    QVERIFY(resetPeakRss());
    const qint64 beforeGet = rssKiB();
    GetObjectRequest g{name, QStringLiteral("big")};
    auto got = await<GetObjectResult>([&](auto cb) { b->getObject(g, cb); });
    QVERIFY(got.ok());
    QCOMPARE(got->info.size, size);
    std::unique_ptr<QIODevice> device(got->body);
    QCryptographicHash seen(QCryptographicHash::Md5);
    QCryptographicHash want(QCryptographicHash::Md5);
    qint64 received = 0;
    QByteArray chunk(256 * 1024, Qt::Uninitialized);
    const QDeadlineTimer deadline(120000);
    while (received < size && !deadline.hasExpired()) {
        const qint64 n = device->read(chunk.data(), chunk.size());
        if (n < 0)
            break;
        if (n == 0) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
            continue;
        }
        seen.addData(QByteArrayView(chunk.constData(), n));
        want.addData(PatternBodyStream::bytes(received, n));
        received += n;
    }
    QCOMPARE(received, size);
    QCOMPARE(seen.result(), want.result());
    const qint64 downloadGrowth = peakRssKiB() - beforeGet;
    qInfo("download of 64 MiB: peak RSS growth %lld KiB", downloadGrowth);
    QVERIFY2(downloadGrowth < 32 * 1024, "download was buffered in memory");
}

void TestS3BackendContract::failedUploadStoresNothing()
{
    S3Backend *b = backend();
    const QString name = bucket("failed");
    QVERIFY(makeBucket(b, name).ok());
    PatternBodyStream body(4 * 1024 * 1024, 1024 * 1024);
    PutObjectRequest q{name, QStringLiteral("partial"), {}, &body};
    const auto r = await<ObjectInfo>([&](auto cb) { b->putObject(q, cb); });
    QCOMPARE(r.error(), S3Error::IncompleteBody);
    QVERIFY(body.position() <= 1024 * 1024);
    // s3rver 3.7 keeps whatever arrived before the connection closed (a real S3 never does);
    // the gateway's part - aborting before the last byte - is the same for both.
    if (m_current == QLatin1String("s3rver"))
        return;
    // The server must not have kept a short object; it might still be closing the connection.
    QTRY_COMPARE_WITH_TIMEOUT(get(b, name, QStringLiteral("partial")).error(), S3Error::NoSuchKey, 10000);
}

QTEST_GUILESS_MAIN(TestS3BackendContract)
#include "test_s3backend_contract.moc"
