#include "FakeBodyStream.h"
#include "PosixTestClient.h"
#include "backends/posix/PosixBackend.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#ifndef S3C_PORTABLE
#include <sys/xattr.h>
#endif
#include <unistd.h>

using namespace s3c;
using namespace s3c::test;

Q_DECLARE_METATYPE(PosixOptions::Metadata)

namespace {

const QString kBucket = QStringLiteral("bucket");

ObjectInfo richMetadata()
{
    ObjectInfo meta;
    meta.contentType = "text/plain; charset=utf-8";
    meta.headers = {{"cache-control", "max-age=60"},
                    {"content-disposition", "attachment; filename=\"a b.txt\""},
                    {"content-encoding", "gzip"},
                    {"content-language", "de-CH"},
                    {"expires", "Thu, 01 Dec 2033 16:00:00 GMT"},
                    {"x-amz-meta-color", "blue"},
                    {"x-amz-meta-latin1", "caf\xe9"}};
    meta.checksums.insert("CRC32", "NSRBwg==");
    return meta;
}

QStringList filesBelow(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

} // namespace

class TestPosixBackend : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void putGetHeadDelete();
    void oddKeysRoundTrip();
    void invalidKeysNeverTouchTheDisk();
    void emptyObject();
    void streamedBody();
    void failedBodyLeavesNothing();
    void vanishedBodyLeavesNothing();
    void shortBodyLeavesNothing();
    void rangesAndConditions();
    void keysAndPrefixesCoexist();
    void folderMarkers();
    void copyObject();
    void buckets();
    void missingBucket();
    void readOnly();
    void foreignFilesAndSymlinks();
    void rootReplacedWhileRunning();
    void staleMetadataIsNotServed();
    void metadataPlacement();
    void noFsyncPolicy();
    void concurrentPutsAndDeletes();
    void destroyedBackendNeverCallsBack();

private:
    PosixOptions options() const;
    std::unique_ptr<PosixBackend> m_backend;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestPosixBackend::initTestCase_data()
{
    QTest::addColumn<PosixOptions::Metadata>("metadata");
#ifndef S3C_PORTABLE // no Linux xattrs in a portable build
    QTest::newRow("xattr") << PosixOptions::Metadata::Xattr;
#endif
    QTest::newRow("sidecar") << PosixOptions::Metadata::Sidecar;
}

PosixOptions TestPosixBackend::options() const
{
    QFETCH_GLOBAL(PosixOptions::Metadata, metadata);
    PosixOptions options;
    options.metadata = metadata;
    return options;
}

void TestPosixBackend::init()
{
    contractViolations() = 0;
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_backend = std::make_unique<PosixBackend>(m_dir->path(), options());
    QVERIFY(createBucket(*m_backend, kBucket).ok());
}

void TestPosixBackend::cleanup()
{
    m_backend.reset();
    if (m_dir)
        QVERIFY2(filesBelow(m_dir->path() + QStringLiteral("/.s3cascade/tmp")).isEmpty(),
                 "temp files left behind");
    m_dir.reset();
    QCOMPARE(contractViolations(), 0);
}

void TestPosixBackend::putGetHeadDelete()
{
    const QByteArray data = "hello, posix backend";
    const QString key = QStringLiteral("dir/sub/file.txt");
    Result<ObjectInfo> put = putObject(*m_backend, kBucket, key, data, richMetadata());
    QVERIFY2(put.ok(), qPrintable(put.ok() ? QString() : put.failure().text()));
    QCOMPARE(put->etag, quotedMd5(data));
    QCOMPARE(put->size, data.size());
    QVERIFY(qAbs(put->lastModified.secsTo(QDateTime::currentDateTimeUtc())) < 60);

    Result<GetObjectResult> got = getObject(*m_backend, kBucket, key);
    QVERIFY(got.ok());
    QVERIFY(got->body);
    QCOMPARE(got->body->thread(), QThread::currentThread());
    QVERIFY(!got->range);
    const ObjectInfo expected = richMetadata();
    QCOMPARE(got->info.key, key);
    QCOMPARE(got->info.etag, quotedMd5(data));
    QCOMPARE(got->info.size, data.size());
    QCOMPARE(got->info.contentType, expected.contentType);
    QCOMPARE(got->info.headers, expected.headers);
    QCOMPARE(got->info.checksums, expected.checksums);
    QCOMPARE(got->info.partsCount, 0);
    QCOMPARE(got->info.lastModified.toSecsSinceEpoch(), put->lastModified.toSecsSinceEpoch());
    QCOMPARE(readBody(*got), data);

    GetObjectRequest head;
    head.bucket = kBucket;
    head.key = key;
    head.headOnly = true;
    Result<GetObjectResult> headed = getObject(*m_backend, head);
    QVERIFY(headed.ok());
    QVERIFY(!headed->body);
    QCOMPARE(headed->info.etag, got->info.etag);
    QCOMPARE(headed->info.headers, expected.headers);

    QVERIFY(deleteObject(*m_backend, kBucket, key).ok());
    QCOMPARE(getObject(*m_backend, kBucket, key).error(), S3Error::NoSuchKey);
    // Now-empty directories go, the bucket directory stays.
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("bucket/dir"))));
    QVERIFY(QFileInfo(m_dir->filePath(QStringLiteral("bucket"))).isDir());
    // S3 DeleteObject of a missing key succeeds.
    QVERIFY(deleteObject(*m_backend, kBucket, key).ok());
}

void TestPosixBackend::oddKeysRoundTrip()
{
    const QStringList keys = {
        QStringLiteral("with space"),
        QStringLiteral("unicodé/日本語/😀.txt"),
        QStringLiteral("a+b=c"),
        QStringLiteral("100%/%2F%20"),
        QStringLiteral("~tilde~"),
        QStringLiteral(".hidden"),
        QStringLiteral("a/.dot/b"),
        QStringLiteral("..."),
        QStringLiteral("folder/"),
        QStringLiteral("folder/nested/"),
        QStringLiteral("a-b"),
        QStringLiteral("a/b"),
        QStringLiteral("back\\slash"),
        QStringLiteral("q?x#y&z"),
        QStringLiteral("tab\tnl\n"),
        QStringLiteral("replacement\uFFFDchar"),
        QString(QString(255, QLatin1Char('s')) + QLatin1Char('/')).repeated(3) +
            QString(254, QLatin1Char('t')) + QStringLiteral("/u"),
    };
    for (const QString &key : keys) {
        const QByteArray data = key.toUtf8();
        Result<ObjectInfo> put = putObject(*m_backend, kBucket, key, data);
        QVERIFY2(put.ok(), qPrintable(key + (put.ok() ? QString() : put.failure().text())));
        QCOMPARE(getData(*m_backend, kBucket, key), data);
    }
    ListObjectsRequest request;
    request.bucket = kBucket;
    Result<ListObjectsResult> listed = listObjects(*m_backend, request);
    QVERIFY(listed.ok());
    QStringList seen;
    for (const ObjectInfo &o : listed->objects)
        seen.append(o.key);
    QStringList expected = keys;
    std::sort(expected.begin(), expected.end(),
              [](const QString &a, const QString &b) { return a.toUtf8() < b.toUtf8(); });
    QCOMPARE(seen, expected);
}

void TestPosixBackend::invalidKeysNeverTouchTheDisk()
{
    const QStringList before = filesBelow(m_dir->path());
    const QStringList keys = {QStringLiteral("../escape"),
                              QStringLiteral("a/../../escape"),
                              QStringLiteral("/absolute"),
                              QStringLiteral("a//b"),
                              QStringLiteral("./x"),
                              QStringLiteral(".s3cascade-dir"),
                              QStringLiteral("x/.s3cascade/y"),
                              QStringLiteral("nul") + QChar(0)};
    for (const QString &key : keys) {
        QCOMPARE(putObject(*m_backend, kBucket, key, "x").error(), S3Error::InvalidArgument);
        QCOMPARE(getObject(*m_backend, kBucket, key).error(), S3Error::InvalidArgument);
        QCOMPARE(deleteObject(*m_backend, kBucket, key).error(), S3Error::InvalidArgument);
    }
    QCOMPARE(putObject(*m_backend, kBucket, QString(1025, QLatin1Char('k')), "x").error(),
             S3Error::KeyTooLongError);
    QCOMPARE(putObject(*m_backend, QStringLiteral(".."), QStringLiteral("k"), "x").error(),
             S3Error::InvalidBucketName);
    QCOMPARE(putObject(*m_backend, QStringLiteral(".s3cascade"), QStringLiteral("tmp/x"), "x").error(),
             S3Error::InvalidBucketName);
    QCOMPARE(filesBelow(m_dir->path()), before);
    QVERIFY(!QFileInfo::exists(QFileInfo(m_dir->path()).dir().filePath(QStringLiteral("escape"))));
}

void TestPosixBackend::emptyObject()
{
    Result<ObjectInfo> put = putObject(*m_backend, kBucket, QStringLiteral("empty"), QByteArray());
    QVERIFY(put.ok());
    QCOMPARE(put->etag, QByteArray("\"d41d8cd98f00b204e9800998ecf8427e\""));
    GetObjectRequest request;
    request.bucket = kBucket;
    request.key = QStringLiteral("empty");
    Result<GetObjectResult> got = getObject(*m_backend, request);
    QVERIFY(got.ok());
    QVERIFY(!got->range);
    QCOMPARE(got->info.size, 0);
    QCOMPARE(readBody(*got), QByteArray());
    // S3: no range can be satisfied by an empty object, not even bytes=0-.
    request.range = RangeSpec{0, -1, -1};
    QCOMPARE(getObject(*m_backend, request).error(), S3Error::InvalidRange);
}

void TestPosixBackend::streamedBody()
{
    QByteArray data(3 * 1024 * 1024 + 17, Qt::Uninitialized);
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char((i * 131) % 251);
    Result<ObjectInfo> put = putObjectStreamed(*m_backend, kBucket, QStringLiteral("big"), data, 1024 * 1024);
    QVERIFY(put.ok());
    QCOMPARE(put->etag, quotedMd5(data));
    QCOMPARE(put->size, data.size());
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("big")), data);
}

void TestPosixBackend::failedBodyLeavesNothing()
{
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("k"), "version 1").ok());
    for (const QString &key : {QStringLiteral("k"), QStringLiteral("new/deep/key")}) {
        FakeBodyStream body(100);
        QTimer::singleShot(0, &body, [&body] { body.feed(QByteArray(40, 'x')); });
        QTimer::singleShot(0, &body, [&body] { body.fail(); });
        PutObjectRequest request{kBucket, key, {}, &body};
        Result<ObjectInfo> put =
            await<ObjectInfo>([&](Callback<ObjectInfo> done) { m_backend->putObject(request, done); });
        QVERIFY(!put.ok());
    }
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("k")), QByteArray("version 1"));
    QCOMPARE(getObject(*m_backend, kBucket, QStringLiteral("new/deep/key")).error(), S3Error::NoSuchKey);
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("bucket/new"))));
    QVERIFY(filesBelow(m_dir->filePath(QStringLiteral(".s3cascade/tmp"))).isEmpty());
}

void TestPosixBackend::vanishedBodyLeavesNothing()
{
    auto *body = new FakeBodyStream(100);
    QTimer::singleShot(0, body, [body] { body->feed(QByteArray(40, 'x')); });
    QTimer::singleShot(0, body, [body] { delete body; });
    PutObjectRequest request{kBucket, QStringLiteral("gone"), {}, body};
    Result<ObjectInfo> put =
        await<ObjectInfo>([&](Callback<ObjectInfo> done) { m_backend->putObject(request, done); });
    QVERIFY(!put.ok());
    QCOMPARE(getObject(*m_backend, kBucket, QStringLiteral("gone")).error(), S3Error::NoSuchKey);
    QVERIFY(filesBelow(m_dir->filePath(QStringLiteral(".s3cascade/tmp"))).isEmpty());
}

void TestPosixBackend::shortBodyLeavesNothing()
{
    FakeBodyStream body(10);
    body.feed("12345");
    body.finish();
    PutObjectRequest request{kBucket, QStringLiteral("short"), {}, &body};
    Result<ObjectInfo> put =
        await<ObjectInfo>([&](Callback<ObjectInfo> done) { m_backend->putObject(request, done); });
    QCOMPARE(put.error(), S3Error::IncompleteBody);
    QCOMPARE(getObject(*m_backend, kBucket, QStringLiteral("short")).error(), S3Error::NoSuchKey);
}

void TestPosixBackend::rangesAndConditions()
{
    QByteArray data;
    for (int i = 0; i < 100; ++i)
        data.append(char('A' + i % 26));
    Result<ObjectInfo> put = putObject(*m_backend, kBucket, QStringLiteral("r"), data);
    QVERIFY(put.ok());

    struct Case
    {
        RangeSpec spec;
        qint64 first;
        qint64 last;
    };
    const QList<Case> cases = {{{0, 9, -1}, 0, 9},
                               {{90, 500, -1}, 90, 99},
                               {{-1, -1, 7}, 93, 99},
                               {{-1, -1, 1000}, 0, 99},
                               {{42, -1, -1}, 42, 99}};
    for (const Case &c : cases) {
        GetObjectRequest request;
        request.bucket = kBucket;
        request.key = QStringLiteral("r");
        request.range = c.spec;
        Result<GetObjectResult> got = getObject(*m_backend, request);
        QVERIFY(got.ok());
        QVERIFY(got->range);
        QCOMPARE(got->range->first, c.first);
        QCOMPARE(got->range->last, c.last);
        QCOMPARE(readBody(*got), data.mid(c.first, c.last - c.first + 1));
        request.headOnly = true;
        Result<GetObjectResult> headed = getObject(*m_backend, request);
        QVERIFY(headed.ok());
        QVERIFY(!headed->body);
        QCOMPARE(headed->range->first, c.first);
    }

    GetObjectRequest request;
    request.bucket = kBucket;
    request.key = QStringLiteral("r");
    request.range = RangeSpec{100, -1, -1};
    QCOMPARE(getObject(*m_backend, request).error(), S3Error::InvalidRange);
    request.range.reset();
    request.conditions.ifNoneMatch = put->etag;
    QCOMPARE(getObject(*m_backend, request).error(), S3Error::NotModified);
    request.conditions = {};
    request.conditions.ifMatch = "\"other\"";
    QCOMPARE(getObject(*m_backend, request).error(), S3Error::PreconditionFailed);
    request.headOnly = true;
    QCOMPARE(getObject(*m_backend, request).error(), S3Error::PreconditionFailed);
    // Preconditions come before the range: a 304 wins over an unsatisfiable range.
    request.headOnly = false;
    request.conditions = {};
    request.conditions.ifModifiedSince = QDateTime::currentDateTimeUtc().addSecs(60);
    request.range = RangeSpec{1000, -1, -1};
    QCOMPARE(getObject(*m_backend, request).error(), S3Error::NotModified);
}

void TestPosixBackend::keysAndPrefixesCoexist()
{
    // S3 keeps "a" and "a/b" side by side; here "a" then moves inside the directory "a".
    ObjectInfo meta;
    meta.contentType = "text/plain";
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("a"), "file a", meta).ok());
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("a/b"), "below a").ok());
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("a/"), "").ok());
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("a-z"), "sibling").ok());
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("x/y"), "x/y").ok());
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("x"), "x").ok());
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("p/q/r"), "deep").ok());
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("p/q"), "mid").ok());
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("p"), "top").ok());

    // Bytes and metadata of the moved object are kept.
    Result<GetObjectResult> a = getObject(*m_backend, kBucket, QStringLiteral("a"));
    QVERIFY(a.ok());
    QCOMPARE(a->info.etag, quotedMd5("file a"));
    QCOMPARE(a->info.contentType, QByteArray("text/plain"));
    QCOMPARE(readBody(*a), QByteArray("file a"));
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("a/b")), QByteArray("below a"));
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("x")), QByteArray("x"));
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("p/q")), QByteArray("mid"));

    ListObjectsRequest request;
    request.bucket = kBucket;
    auto list = [&](const QString &delimiter) {
        request.delimiter = delimiter;
        QStringList k;
        Result<ListObjectsResult> r = listObjects(*m_backend, request);
        for (const ObjectInfo &o : r->objects)
            k.append(o.key + QLatin1Char('=') + QString::number(o.size));
        for (const QString &prefix : r->commonPrefixes)
            k.append(QStringLiteral("prefix ") + prefix);
        return k;
    };
    // UTF-8 byte order, as S3: "a" < "a-z" < "a/" < "a/b".
    QCOMPARE(list({}), (QStringList{QStringLiteral("a=6"), QStringLiteral("a-z=7"), QStringLiteral("a/=0"),
                                    QStringLiteral("a/b=7"), QStringLiteral("p=3"), QStringLiteral("p/q=3"),
                                    QStringLiteral("p/q/r=4"), QStringLiteral("x=1"), QStringLiteral("x/y=3")}));
    QCOMPARE(list(QStringLiteral("/")),
             (QStringList{QStringLiteral("a=6"), QStringLiteral("a-z=7"), QStringLiteral("p=3"), QStringLiteral("x=1"),
                          QStringLiteral("prefix a/"), QStringLiteral("prefix p/"), QStringLiteral("prefix x/")}));

    // Overwrite and copy onto a moved object.
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("a"), "new a").ok());
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("a")), QByteArray("new a"));
    CopyObjectRequest copy;
    copy.sourceBucket = kBucket;
    copy.sourceKey = QStringLiteral("a");
    copy.bucket = kBucket;
    copy.key = QStringLiteral("x");
    QVERIFY(s3c::test::copyObject(*m_backend, copy).ok());
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("x")), QByteArray("new a"));

    // Deletes take one key each.
    QVERIFY(deleteObject(*m_backend, kBucket, QStringLiteral("a")).ok());
    QCOMPARE(getObject(*m_backend, kBucket, QStringLiteral("a")).error(), S3Error::NoSuchKey);
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("a/b")), QByteArray("below a"));
    QVERIFY(deleteObject(*m_backend, kBucket, QStringLiteral("x/y")).ok());
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("x")), QByteArray("new a"));
    request.prefix = QStringLiteral("x");
    QCOMPARE(list(QStringLiteral("/")), QStringList{QStringLiteral("x=5")}); // no prefix x/ left
    request.prefix.clear();
    for (const char *key : {"a/b", "a/", "a-z", "x", "p", "p/q", "p/q/r"})
        QVERIFY(deleteObject(*m_backend, kBucket, QString::fromLatin1(key)).ok());
    QCOMPARE(list({}), QStringList());
    QVERIFY(QDir(m_dir->filePath(kBucket)).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
}

void TestPosixBackend::folderMarkers()
{
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("dir/"), QByteArray()).ok());
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("dir/file"), "f").ok());
    ListObjectsRequest request;
    request.bucket = kBucket;
    auto keys = [&] {
        QStringList k;
        Result<ListObjectsResult> r = listObjects(*m_backend, request);
        for (const ObjectInfo &o : r->objects)
            k.append(o.key);
        return k;
    };
    QCOMPARE(keys(), (QStringList{QStringLiteral("dir/"), QStringLiteral("dir/file")}));
    Result<GetObjectResult> marker = getObject(*m_backend, kBucket, QStringLiteral("dir/"));
    QVERIFY(marker.ok());
    QCOMPARE(marker->info.size, 0);
    readBody(*marker);
    QVERIFY(deleteObject(*m_backend, kBucket, QStringLiteral("dir/file")).ok());
    QCOMPARE(keys(), QStringList{QStringLiteral("dir/")});
    QVERIFY(deleteObject(*m_backend, kBucket, QStringLiteral("dir/")).ok());
    QCOMPARE(keys(), QStringList());
    QVERIFY(QDir(m_dir->filePath(kBucket)).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
}

void TestPosixBackend::copyObject()
{
    const QByteArray data = "copy me";
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("src"), data, richMetadata()).ok());

    CopyObjectRequest copy;
    copy.sourceBucket = kBucket;
    copy.sourceKey = QStringLiteral("src");
    copy.bucket = kBucket;
    copy.key = QStringLiteral("dst/copy");
    Result<ObjectInfo> copied = s3c::test::copyObject(*m_backend, copy);
    QVERIFY(copied.ok());
    QCOMPARE(copied->etag, quotedMd5(data));
    Result<GetObjectResult> got = getObject(*m_backend, kBucket, QStringLiteral("dst/copy"));
    QCOMPARE(got->info.headers, richMetadata().headers);
    QCOMPARE(got->info.contentType, richMetadata().contentType);
    QCOMPARE(got->info.checksums, richMetadata().checksums);
    QCOMPARE(readBody(*got), data);

    // REPLACE: the new metadata, same bytes.
    copy.replaceMetadata = true;
    copy.meta.contentType = "application/x-new";
    copy.meta.headers = {{"x-amz-meta-new", "yes"}};
    QVERIFY(s3c::test::copyObject(*m_backend, copy).ok());
    got = getObject(*m_backend, kBucket, QStringLiteral("dst/copy"));
    QCOMPARE(got->info.contentType, QByteArray("application/x-new"));
    QCOMPARE(got->info.headers, (QList<QPair<QByteArray, QByteArray>>{{"x-amz-meta-new", "yes"}}));
    QCOMPARE(readBody(*got), data);

    // Onto itself: only with REPLACE.
    CopyObjectRequest self;
    self.sourceBucket = self.bucket = kBucket;
    self.sourceKey = self.key = QStringLiteral("src");
    Result<ObjectInfo> illegal = s3c::test::copyObject(*m_backend, self);
    QCOMPARE(illegal.error(), S3Error::InvalidRequest);
    QVERIFY(illegal.failure().text().startsWith(
        QStringLiteral("This copy request is illegal because it is trying to copy an object to itself")));
    self.replaceMetadata = true;
    self.meta.contentType = "text/x-self";
    QVERIFY(s3c::test::copyObject(*m_backend, self).ok());
    got = getObject(*m_backend, kBucket, QStringLiteral("src"));
    QCOMPARE(got->info.contentType, QByteArray("text/x-self"));
    QCOMPARE(readBody(*got), data);

    // Source conditions (x-amz-copy-source-if-*) and missing things.
    copy.sourceConditions.ifMatch = "\"nope\"";
    QCOMPARE(s3c::test::copyObject(*m_backend, copy).error(), S3Error::PreconditionFailed);
    copy.sourceConditions = {};
    copy.sourceConditions.ifNoneMatch = quotedMd5(data);
    QCOMPARE(s3c::test::copyObject(*m_backend, copy).error(), S3Error::PreconditionFailed);
    copy.sourceConditions = {};
    copy.sourceKey = QStringLiteral("missing");
    QCOMPARE(s3c::test::copyObject(*m_backend, copy).error(), S3Error::NoSuchKey);
    copy.sourceKey = QStringLiteral("src");
    copy.bucket = QStringLiteral("nobucket");
    QCOMPARE(s3c::test::copyObject(*m_backend, copy).error(), S3Error::NoSuchBucket);
}

void TestPosixBackend::buckets()
{
    QVERIFY(createBucket(*m_backend, QStringLiteral("b2")).ok());
    QCOMPARE(createBucket(*m_backend, QStringLiteral("b2")).error(), S3Error::BucketAlreadyOwnedByYou);
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral(".hidden")));
    QVERIFY(QFile::link(QDir::tempPath(), m_dir->filePath(QStringLiteral("linked"))));

    Result<QList<BucketInfo>> listed =
        await<QList<BucketInfo>>([&](Callback<QList<BucketInfo>> done) { m_backend->listBuckets(done); });
    QVERIFY(listed.ok());
    QStringList names;
    for (const BucketInfo &b : *listed) {
        names.append(b.name);
        QVERIFY(b.creationDate.isValid());
        QVERIFY(qAbs(b.creationDate.secsTo(QDateTime::currentDateTimeUtc())) < 600);
    }
    QCOMPARE(names, (QStringList{QStringLiteral("b2"), kBucket}));

    Result<BucketInfo> head = await<BucketInfo>(
        [&](Callback<BucketInfo> done) { m_backend->headBucket(QStringLiteral("b2"), done); });
    QVERIFY(head.ok());
    QCOMPARE(head->name, QStringLiteral("b2"));
    QCOMPARE(await<BucketInfo>([&](Callback<BucketInfo> done) {
                 m_backend->headBucket(QStringLiteral("nope"), done);
             }).error(),
             S3Error::NoSuchBucket);

    // Not empty while an object or an upload exists.
    QVERIFY(putObject(*m_backend, QStringLiteral("b2"), QStringLiteral("d/o"), "o").ok());
    QCOMPARE(deleteBucket(*m_backend, QStringLiteral("b2")).error(), S3Error::BucketNotEmpty);
    QVERIFY(deleteObject(*m_backend, QStringLiteral("b2"), QStringLiteral("d/o")).ok());
    Result<MultipartUpload> upload = createUpload(*m_backend, QStringLiteral("b2"), QStringLiteral("u"));
    QVERIFY(upload.ok());
    QCOMPARE(deleteBucket(*m_backend, QStringLiteral("b2")).error(), S3Error::BucketNotEmpty);
    QVERIFY(await<Done>([&](Callback<Done> done) {
                m_backend->abortMultipartUpload(QStringLiteral("b2"), QStringLiteral("u"), upload->uploadId,
                                                done);
            }).ok());
    // Leftover empty directories do not keep a bucket alive.
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("b2/empty/dirs"))));
    QVERIFY(deleteBucket(*m_backend, QStringLiteral("b2")).ok());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("b2"))));
    QCOMPARE(deleteBucket(*m_backend, QStringLiteral("b2")).error(), S3Error::NoSuchBucket);
    // A file that cannot be an object is not ours to delete.
    QVERIFY(createBucket(*m_backend, QStringLiteral("b3")).ok());
    QVERIFY(QFile::link(QDir::tempPath(), m_dir->filePath(QStringLiteral("b3/link"))));
    QCOMPARE(deleteBucket(*m_backend, QStringLiteral("b3")).error(), S3Error::BucketNotEmpty);
}

void TestPosixBackend::missingBucket()
{
    const QString missing = QStringLiteral("missing");
    QCOMPARE(putObject(*m_backend, missing, QStringLiteral("k"), "x").error(), S3Error::NoSuchBucket);
    QCOMPARE(getObject(*m_backend, missing, QStringLiteral("k")).error(), S3Error::NoSuchBucket);
    QCOMPARE(deleteObject(*m_backend, missing, QStringLiteral("k")).error(), S3Error::NoSuchBucket);
    ListObjectsRequest request;
    request.bucket = missing;
    QCOMPARE(listObjects(*m_backend, request).error(), S3Error::NoSuchBucket);
    QCOMPARE(createUpload(*m_backend, missing, QStringLiteral("k")).error(), S3Error::NoSuchBucket);
    QCOMPARE(getObject(*m_backend, kBucket, QStringLiteral("k")).error(), S3Error::NoSuchKey);
    QVERIFY(!QFileInfo::exists(m_dir->filePath(missing)));
}

void TestPosixBackend::readOnly()
{
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("k"), "data").ok());
    // A fresh tree that the read-only backend must not modify at all.
    QTemporaryDir plain;
    QVERIFY(QDir(plain.path()).mkpath(QStringLiteral("pb/sub")));
    QFile file(plain.filePath(QStringLiteral("pb/sub/f")));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("plain") == 5);
    file.close();

    for (const QString &root : {m_dir->path(), plain.path()}) {
        PosixOptions ro = options();
        ro.readOnly = true;
        PosixBackend backend(root, ro);
        QVERIFY(backend.isReadOnly());
        const QString bucket = root == plain.path() ? QStringLiteral("pb") : kBucket;
        const QString key = root == plain.path() ? QStringLiteral("sub/f") : QStringLiteral("k");
        QCOMPARE(getData(backend, bucket, key),
                 root == plain.path() ? QByteArray("plain") : QByteArray("data"));
        if (root == m_dir->path()) {
            Result<GetObjectResult> got = getObject(backend, bucket, key);
            QCOMPARE(got->info.etag, quotedMd5("data")); // metadata readable in read-only mode
            readBody(*got);
        }

        const auto denied = S3Error::AccessDenied;
        QCOMPARE(createBucket(backend, QStringLiteral("newb")).error(), denied);
        QCOMPARE(deleteBucket(backend, bucket).error(), denied);
        QCOMPARE(putObject(backend, bucket, QStringLiteral("new"), "x").error(), denied);
        QCOMPARE(deleteObject(backend, bucket, key).error(), denied);
        CopyObjectRequest copy{bucket, key, bucket, QStringLiteral("c"), false, {}, {}};
        QCOMPARE(s3c::test::copyObject(backend, copy).error(), denied);
        QCOMPARE(createUpload(backend, bucket, QStringLiteral("u")).error(), denied);
        MultipartUpload fake{bucket, QStringLiteral("u"), QStringLiteral("0123"), {}, {}};
        QCOMPARE(uploadPart(backend, fake, 1, "x").error(), denied);
        UploadPartCopyRequest partCopy{
            bucket, QStringLiteral("u"), QStringLiteral("0123"), 1, bucket, key, {}, {}};
        QCOMPARE(
            await<PartInfo>([&](Callback<PartInfo> done) { backend.uploadPartCopy(partCopy, done); }).error(),
            denied);
        QCOMPARE(completeUpload(backend, fake, {{1, "\"x\""}}).error(), denied);
        QCOMPARE(await<Done>([&](Callback<Done> done) {
                     backend.abortMultipartUpload(bucket, QStringLiteral("u"), QStringLiteral("0123"), done);
                 }).error(),
                 denied);
    }
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("k")), QByteArray("data"));
    QVERIFY(!QFileInfo::exists(plain.filePath(QStringLiteral(".s3cascade"))));
}

void TestPosixBackend::foreignFilesAndSymlinks()
{
    QTemporaryDir outside;
    QFile secret(outside.filePath(QStringLiteral("secret")));
    QVERIFY(secret.open(QIODevice::WriteOnly) && secret.write("secret") == 6);
    secret.close();
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("bucket/ext")));
    QFile foreign(m_dir->filePath(QStringLiteral("bucket/ext/dropped.bin")));
    QVERIFY(foreign.open(QIODevice::WriteOnly) && foreign.write("dropped here") == 12);
    foreign.close();
    QVERIFY(QFile::link(secret.fileName(), m_dir->filePath(QStringLiteral("bucket/filelink"))));
    // A name that is not UTF-8 cannot be a key: not listed, not served.
    const QByteArray invalid = QFile::encodeName(m_dir->filePath(QStringLiteral("bucket/ext/"))) + "bad\xff";
    const int fd = ::open(invalid.constData(), O_WRONLY | O_CREAT, 0644);
    QVERIFY(fd >= 0);
    ::close(fd);
    QVERIFY(QFile::link(outside.path(), m_dir->filePath(QStringLiteral("bucket/dirlink"))));

    Result<GetObjectResult> got = getObject(*m_backend, kBucket, QStringLiteral("ext/dropped.bin"));
    QVERIFY(got.ok());
    QVERIFY(got->info.etag.endsWith("-1\"")); // opaque: not an MD5 a client could check
    QCOMPARE(readBody(*got), QByteArray("dropped here"));
    QCOMPARE(getObject(*m_backend, kBucket, QStringLiteral("filelink")).error(), S3Error::NoSuchKey);
    QCOMPARE(getObject(*m_backend, kBucket, QStringLiteral("dirlink/secret")).error(), S3Error::NoSuchKey);
    // Relative links too: one that stays inside the root is followed, one that climbs out is not,
    // for GET and HEAD alike.
    QVERIFY(QFile::link(QStringLiteral("ext"), m_dir->filePath(QStringLiteral("bucket/alias"))));
    const QString climb = QStringLiteral("../") + QDir(m_dir->path()).relativeFilePath(outside.path());
    QVERIFY(QFile::link(climb, m_dir->filePath(QStringLiteral("bucket/uplink"))));
    QVERIFY(QFileInfo::exists(m_dir->filePath(QStringLiteral("bucket/uplink/secret")))); // it does lead out
    for (const bool head : {false, true}) {
        GetObjectRequest q;
        q.bucket = kBucket;
        q.headOnly = head;
        q.key = QStringLiteral("alias/dropped.bin");
        QVERIFY2(getObject(*m_backend, q).ok(), head ? "HEAD" : "GET");
        for (const char *escape : {"uplink/secret", "dirlink/secret", "filelink"}) {
            q.key = QString::fromLatin1(escape);
            QCOMPARE(getObject(*m_backend, q).error(), S3Error::NoSuchKey);
        }
    }
    QVERIFY(QFile::remove(m_dir->filePath(QStringLiteral("bucket/alias"))));
    QVERIFY(QFile::remove(m_dir->filePath(QStringLiteral("bucket/uplink"))));
    QCOMPARE(putObject(*m_backend, kBucket, QStringLiteral("dirlink/new"), "x").error(),
             S3Error::InvalidRequest);
    QVERIFY(!QFileInfo::exists(outside.filePath(QStringLiteral("new"))));
    QVERIFY(deleteObject(*m_backend, kBucket, QStringLiteral("dirlink/secret")).ok());
    QVERIFY(QFileInfo::exists(secret.fileName()));

    ListObjectsRequest request;
    request.bucket = kBucket;
    Result<ListObjectsResult> listed = listObjects(*m_backend, request);
    QVERIFY(listed.ok());
    QCOMPARE(listed->objects.size(), 1);
    QCOMPARE(listed->objects.first().key, QStringLiteral("ext/dropped.bin"));
    QCOMPARE(::unlink(invalid.constData()), 0); // QTemporaryDir could not remove it
}

void TestPosixBackend::rootReplacedWhileRunning()
{
    // A disk mounted over the served directory after start: what is found by path must be what
    // is served (objects are opened relative to a descriptor of the root taken at start).
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("before"), "old disk").ok());
    const QString root = m_dir->path();
    const QString aside = root + QStringLiteral(".aside");
    QVERIFY(QDir().rename(root, aside));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/bucket")));
    QFile file(root + QStringLiteral("/bucket/after"));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("new disk") == 8);
    file.close();
    Result<GetObjectResult> got = getObject(*m_backend, kBucket, QStringLiteral("after"));
    QVERIFY(got.ok());
    QCOMPARE(readBody(*got), QByteArray("new disk"));
    QCOMPARE(getObject(*m_backend, kBucket, QStringLiteral("before")).error(), S3Error::NoSuchKey);
    // Put the original back for cleanup().
    QVERIFY(QDir(root).removeRecursively());
    QVERIFY(QDir().rename(aside, root));
}

void TestPosixBackend::staleMetadataIsNotServed()
{
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("edited"), "original", richMetadata()).ok());
    // Someone rewrites the file in place (xattrs and sidecar stay): its record no longer
    // describes the bytes and must not be served with them.
    QFile file(m_dir->filePath(QStringLiteral("bucket/edited")));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write("changed!!") == 9);
    file.close();
    Result<GetObjectResult> got = getObject(*m_backend, kBucket, QStringLiteral("edited"));
    QVERIFY(got.ok());
    QVERIFY(got->info.etag != quotedMd5("original"));
    QVERIFY(got->info.headers.isEmpty());
    QCOMPARE(readBody(*got), QByteArray("changed!!"));
}

void TestPosixBackend::metadataPlacement()
{
    QFETCH_GLOBAL(PosixOptions::Metadata, metadata);
    ObjectInfo meta = richMetadata();
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("m/small"), "s", meta).ok());
    const QByteArray path = QFile::encodeName(m_dir->filePath(QStringLiteral("bucket/m/small")));
#ifdef S3C_PORTABLE
    const bool hasXattr = false;
    Q_UNUSED(path);
#else
    const bool hasXattr = ::getxattr(path.constData(), "user.s3cascade.meta", nullptr, 0) > 0;
#endif
    const bool hasSidecar =
        QFileInfo::exists(m_dir->filePath(QStringLiteral(".s3cascade/meta/bucket/m/small")));
    QCOMPARE(hasXattr, metadata == PosixOptions::Metadata::Xattr);
    QCOMPARE(hasSidecar, metadata == PosixOptions::Metadata::Sidecar);

    // More than fits into an ext4 inode's xattr block: spills to a sidecar in xattr mode.
    meta.headers.append({"x-amz-meta-big", QByteArray(6000, 'b')});
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("m/big"), "b", meta).ok());
    Result<GetObjectResult> got = getObject(*m_backend, kBucket, QStringLiteral("m/big"));
    QVERIFY(got.ok());
    QCOMPARE(got->info.headers, meta.headers);
    QCOMPARE(got->info.etag, quotedMd5("b"));
    readBody(*got);

    // Deleting removes the sidecar too, and its now-empty directories.
    QVERIFY(deleteObject(*m_backend, kBucket, QStringLiteral("m/small")).ok());
    QVERIFY(deleteObject(*m_backend, kBucket, QStringLiteral("m/big")).ok());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral(".s3cascade/meta/bucket/m"))));
}

void TestPosixBackend::noFsyncPolicy()
{
    PosixOptions fast = options();
    fast.fsync = PosixOptions::Fsync::None;
    PosixBackend backend(m_dir->path(), fast);
    QVERIFY(putObject(backend, kBucket, QStringLiteral("fast/key"), "quick").ok());
    QCOMPARE(getData(backend, kBucket, QStringLiteral("fast/key")), QByteArray("quick"));
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("fast/key")), QByteArray("quick"));
}

void TestPosixBackend::concurrentPutsAndDeletes()
{
    // Deletes prune empty directories while puts create them: the writer must re-create a
    // directory pruned between its mkdir and its rename, never fail or write elsewhere.
    const int rounds = 40;
    int answered = 0;
    int failed = 0;
    std::vector<std::unique_ptr<FakeBodyStream>> bodies;
    for (int i = 0; i < rounds; ++i) {
        const QString key = QStringLiteral("deep/shared/dir/k%1").arg(i % 2);
        auto body = std::make_unique<FakeBodyStream>(1);
        body->feed("x");
        body->finish();
        m_backend->putObject(PutObjectRequest{kBucket, key, {}, body.get()}, [&](Result<ObjectInfo> r) {
            ++answered;
            failed += r.ok() ? 0 : 1;
        });
        m_backend->deleteObject(kBucket, key, [&](Status s) {
            ++answered;
            failed += s.ok() ? 0 : 1;
        });
        bodies.push_back(std::move(body));
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered, 2 * rounds, 30000);
    QCOMPARE(failed, 0);
}

void TestPosixBackend::destroyedBackendNeverCallsBack()
{
    int calls = 0;
    FakeBodyStream body(1000);
    body.feed(QByteArray(500, 'x'));
    m_backend->putObject(PutObjectRequest{kBucket, QStringLiteral("pending"), {}, &body},
                         [&](Result<ObjectInfo>) { ++calls; });
    // Wait until the upload is half written into its temp file: a BodyIngest is then alive.
    const QString tmp = m_dir->filePath(QStringLiteral(".s3cascade/tmp"));
    QTRY_VERIFY(filesBelow(tmp).size() == 1 && QFileInfo(filesBelow(tmp).constFirst()).size() == 500);
    m_backend->getObject(GetObjectRequest{kBucket, QStringLiteral("pending"), {}, {}, false},
                         [&](Result<GetObjectResult>) { ++calls; });
    ListObjectsRequest request;
    request.bucket = kBucket;
    m_backend->listObjects(request, [&](Result<ListObjectsResult>) { ++calls; });
    m_backend->deleteObject(kBucket, QStringLiteral("../bad"), [&](Status) { ++calls; });
    m_backend.reset();
    body.feed(QByteArray(500, 'x'));
    body.finish();
    QEventLoop loop;
    QTimer::singleShot(100, &loop, &QEventLoop::quit); // a deadline for stray callbacks, not a sleep
    loop.exec();
    QCOMPARE(calls, 0);
    QVERIFY(filesBelow(tmp).isEmpty());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("bucket/pending"))));
}

QTEST_GUILESS_MAIN(TestPosixBackend)
#include "test_posix_backend.moc"
