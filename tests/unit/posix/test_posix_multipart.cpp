#include "FakeBodyStream.h"
#include "PosixTestClient.h"
#include "backends/posix/PosixBackend.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace s3c;
using namespace s3c::test;

namespace {

const QString kBucket = QStringLiteral("bucket");
constexpr qint64 kMiB = 1024 * 1024;

QByteArray pattern(qint64 size, char seed)
{
    QByteArray data(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        data[i] = char(seed + i % 61);
    return data;
}

// S3's multipart ETag: md5 of the concatenated binary md5s of the parts, "-N".
QByteArray multipartEtag(const QList<QByteArray> &parts)
{
    QByteArray digests;
    for (const QByteArray &p : parts)
        digests += QCryptographicHash::hash(p, QCryptographicHash::Md5);
    return '"' + QCryptographicHash::hash(digests, QCryptographicHash::Md5).toHex() + '-' +
           QByteArray::number(parts.size()) + '"';
}

} // namespace

class TestPosixMultipart : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void fullUpload();
    void completeRules();
    void abort();
    void partNumbers();
    void uploadPartCopy();
    void listParts();
    void listUploads();
    void abortWhilePartStreams();
    void failedPartBody();
    void completeOntoAKeyThatIsAlsoAPrefix();

private:
    Result<ListPartsResult> parts(const MultipartUpload &upload, int marker = 0, int max = 1000);
    Result<ListUploadsResult> uploads(const ListUploadsRequest &request);
    Status abortUpload(const MultipartUpload &upload);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PosixBackend> m_backend;
};

void TestPosixMultipart::init()
{
    contractViolations() = 0;
    m_dir = std::make_unique<QTemporaryDir>();
    PosixOptions options;
    options.fsync = PosixOptions::Fsync::None;
    m_backend = std::make_unique<PosixBackend>(m_dir->path(), options);
    QVERIFY(createBucket(*m_backend, kBucket).ok());
}

void TestPosixMultipart::cleanup()
{
    m_backend.reset();
    QDirIterator tmp(m_dir->filePath(QStringLiteral(".s3cascade/tmp")), QDir::Files | QDir::Hidden);
    QVERIFY2(!tmp.hasNext(), "temp files left behind");
    m_dir.reset();
    QCOMPARE(contractViolations(), 0);
}

Result<ListPartsResult> TestPosixMultipart::parts(const MultipartUpload &upload, int marker, int max)
{
    ListPartsRequest request{upload.bucket, upload.key, upload.uploadId, marker, max};
    return await<ListPartsResult>(
        [&](Callback<ListPartsResult> done) { m_backend->listParts(request, done); });
}

Result<ListUploadsResult> TestPosixMultipart::uploads(const ListUploadsRequest &request)
{
    return await<ListUploadsResult>(
        [&](Callback<ListUploadsResult> done) { m_backend->listMultipartUploads(request, done); });
}

Status TestPosixMultipart::abortUpload(const MultipartUpload &upload)
{
    return await<Done>([&](Callback<Done> done) {
        m_backend->abortMultipartUpload(upload.bucket, upload.key, upload.uploadId, done);
    });
}

void TestPosixMultipart::fullUpload()
{
    ObjectInfo meta;
    meta.contentType = "video/mp4";
    meta.headers = {{"content-disposition", "inline"}, {"x-amz-meta-origin", "test"}};
    Result<MultipartUpload> upload =
        createUpload(*m_backend, kBucket, QStringLiteral("movies/big.mp4"), meta);
    QVERIFY(upload.ok());
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{12}[A-Za-z0-9_-]{20}$"))
                .match(upload->uploadId)
                .hasMatch());
    QVERIFY(upload->initiated.isValid());

    const QByteArray p1 = pattern(5 * kMiB, 'a');
    QByteArray p2 = pattern(5 * kMiB, 'b');
    const QByteArray p3 = "tail";
    QCOMPARE(uploadPart(*m_backend, *upload, 1, p1)->etag, quotedMd5(p1));
    QVERIFY(uploadPart(*m_backend, *upload, 2, "to be replaced").ok());
    QCOMPARE(uploadPart(*m_backend, *upload, 2, p2)->etag, quotedMd5(p2)); // same number: replaces
    Result<PartInfo> last = uploadPart(*m_backend, *upload, 3, p3);
    QCOMPARE(last->size, p3.size());

    Result<ListPartsResult> listed = parts(*upload);
    QVERIFY(listed.ok());
    QCOMPARE(listed->parts.size(), 3);
    QCOMPARE(listed->parts.at(1).etag, quotedMd5(p2));
    QCOMPARE(listed->parts.at(1).size, p2.size());
    QCOMPARE(listed->upload.key, QStringLiteral("movies/big.mp4"));

    // Client ETags with and without quotes.
    const QList<CompletedPart> completed = {{1, quotedMd5(p1)}, {2, md5Hex(p2)}, {3, quotedMd5(p3)}};
    Result<ObjectInfo> done = completeUpload(*m_backend, *upload, completed);
    QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.failure().text()));
    QCOMPARE(done->etag, multipartEtag({p1, p2, p3}));
    QCOMPARE(done->partsCount, 3);
    QCOMPARE(done->size, p1.size() + p2.size() + p3.size());

    Result<GetObjectResult> got = getObject(*m_backend, kBucket, QStringLiteral("movies/big.mp4"));
    QVERIFY(got.ok());
    QCOMPARE(got->info.etag, multipartEtag({p1, p2, p3}));
    QCOMPARE(got->info.contentType, QByteArray("video/mp4"));
    QCOMPARE(got->info.headers, meta.headers);
    QCOMPARE(got->info.partsCount, 3);
    QVERIFY(readBody(*got) == p1 + p2 + p3);

    // The upload is gone with its parts; its folder keeps only the outcome, for a retried
    // CompleteMultipartUpload.
    QCOMPARE(parts(*upload).error(), S3Error::NoSuchUpload);
    QVERIFY(uploads({kBucket, {}, {}, {}, {}, 1000})->uploads.isEmpty());
    const QDir folder(m_dir->filePath(QStringLiteral(".s3cascade/uploads/bucket/") + upload->uploadId));
    QCOMPARE(folder.entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("completed.json")});
}

void TestPosixMultipart::completeRules()
{
    Result<MultipartUpload> upload = createUpload(*m_backend, kBucket, QStringLiteral("k"));
    QVERIFY(upload.ok());
    const QByteArray big = pattern(5 * kMiB, 'x');
    const QByteArray small = "small";
    QVERIFY(uploadPart(*m_backend, *upload, 1, big).ok());
    QVERIFY(uploadPart(*m_backend, *upload, 2, small).ok());
    QVERIFY(uploadPart(*m_backend, *upload, 3, small).ok());

    struct Case
    {
        const char *name;
        QList<CompletedPart> parts;
        S3Error expected;
    };
    const QList<Case> cases = {
        {"empty", {}, S3Error::MalformedXML},
        {"descending", {{2, quotedMd5(small)}, {1, quotedMd5(big)}}, S3Error::InvalidPartOrder},
        {"duplicate", {{1, quotedMd5(big)}, {1, quotedMd5(big)}}, S3Error::InvalidPartOrder},
        {"unknown part", {{1, quotedMd5(big)}, {4, quotedMd5(small)}}, S3Error::InvalidPart},
        {"wrong etag", {{1, quotedMd5("other")}, {2, quotedMd5(small)}}, S3Error::InvalidPart},
        {"small middle part",
         {{1, quotedMd5(big)}, {2, quotedMd5(small)}, {3, quotedMd5(small)}},
         S3Error::EntityTooSmall},
        {"small first part", {{2, quotedMd5(small)}, {3, quotedMd5(small)}}, S3Error::EntityTooSmall},
    };
    for (const Case &c : cases)
        QVERIFY2(completeUpload(*m_backend, *upload, c.parts).error() == c.expected, c.name);
    QCOMPARE(getObject(*m_backend, kBucket, QStringLiteral("k")).error(), S3Error::NoSuchKey);
    QCOMPARE(parts(*upload)->parts.size(), 3); // refused completions leave the upload as it was

    // A subset of the uploaded parts is fine; the others are dropped with the upload.
    Result<ObjectInfo> done =
        completeUpload(*m_backend, *upload, {{1, quotedMd5(big)}, {3, quotedMd5(small)}});
    QVERIFY(done.ok());
    QCOMPARE(done->etag, multipartEtag({big, small}));
    QVERIFY(getData(*m_backend, kBucket, QStringLiteral("k")) == big + small);
    // A single part below 5 MiB is fine (it is the last).
    Result<MultipartUpload> one = createUpload(*m_backend, kBucket, QStringLiteral("one"));
    QVERIFY(uploadPart(*m_backend, *one, 7, small).ok());
    QCOMPARE(completeUpload(*m_backend, *one, {{7, quotedMd5(small)}})->etag, multipartEtag({small}));
    // Retried after it succeeded: the same answer, as S3 gives (the first answer may be lost).
    QCOMPARE(completeUpload(*m_backend, *one, {{7, quotedMd5(small)}})->etag, multipartEtag({small}));
    QCOMPARE(uploadPart(*m_backend, *one, 8, small).error(), S3Error::NoSuchUpload);
}

void TestPosixMultipart::abort()
{
    Result<MultipartUpload> upload = createUpload(*m_backend, kBucket, QStringLiteral("k"));
    QVERIFY(uploadPart(*m_backend, *upload, 1, "x").ok());
    MultipartUpload wrongKey = *upload;
    wrongKey.key = QStringLiteral("other");
    QCOMPARE(abortUpload(wrongKey).error(), S3Error::NoSuchUpload);
    QCOMPARE(uploadPart(*m_backend, wrongKey, 2, "x").error(), S3Error::NoSuchUpload);
    QVERIFY(abortUpload(*upload).ok());
    QCOMPARE(abortUpload(*upload).error(), S3Error::NoSuchUpload);
    QCOMPARE(uploadPart(*m_backend, *upload, 2, "x").error(), S3Error::NoSuchUpload);
    QCOMPARE(completeUpload(*m_backend, *upload, {{1, quotedMd5("x")}}).error(), S3Error::NoSuchUpload);
    for (const QString &bogus :
         {QStringLiteral("../../tmp"), QStringLiteral("a/b"), QString(), QStringLiteral(".")}) {
        MultipartUpload fake = *upload;
        fake.uploadId = bogus;
        QCOMPARE(abortUpload(fake).error(), S3Error::NoSuchUpload);
        QCOMPARE(parts(fake).error(), S3Error::NoSuchUpload);
    }
    QVERIFY(QDir(m_dir->filePath(QStringLiteral(".s3cascade/uploads/bucket"))).isEmpty());
}

void TestPosixMultipart::partNumbers()
{
    Result<MultipartUpload> upload = createUpload(*m_backend, kBucket, QStringLiteral("k"));
    QCOMPARE(uploadPart(*m_backend, *upload, 0, "x").error(), S3Error::InvalidArgument);
    QCOMPARE(uploadPart(*m_backend, *upload, 10001, "x").error(), S3Error::InvalidArgument);
    QVERIFY(uploadPart(*m_backend, *upload, 10000, "x").ok());
    QVERIFY(uploadPart(*m_backend, *upload, 1, "x").ok());
    Result<ListPartsResult> listed = parts(*upload);
    QCOMPARE(listed->parts.size(), 2);
    QCOMPARE(listed->parts.at(0).partNumber, 1);
    QCOMPARE(listed->parts.at(1).partNumber, 10000);
}

void TestPosixMultipart::uploadPartCopy()
{
    const QByteArray big = pattern(5 * kMiB + 10, 's');
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("source"), big).ok());
    Result<MultipartUpload> upload = createUpload(*m_backend, kBucket, QStringLiteral("assembled"));
    auto copyPart = [&](int number, std::optional<ByteRange> range, Conditions conditions = {},
                        const QString &sourceKey = QStringLiteral("source")) {
        UploadPartCopyRequest request{
            kBucket,   QStringLiteral("assembled"), upload->uploadId, number, kBucket, sourceKey, range,
            conditions};
        return await<PartInfo>([&](Callback<PartInfo> done) { m_backend->uploadPartCopy(request, done); });
    };
    Result<PartInfo> whole = copyPart(1, std::nullopt);
    QVERIFY(whole.ok());
    QCOMPARE(whole->etag, quotedMd5(big));
    Result<PartInfo> slice = copyPart(2, ByteRange{10, 19});
    QVERIFY(slice.ok());
    QCOMPARE(slice->size, 10);
    QCOMPARE(slice->etag, quotedMd5(big.mid(10, 10)));

    QCOMPARE(copyPart(3, ByteRange{0, big.size()}).error(), S3Error::InvalidRange);
    QCOMPARE(copyPart(3, std::nullopt, {}, QStringLiteral("missing")).error(), S3Error::NoSuchKey);
    Conditions mismatch;
    mismatch.ifMatch = "\"nope\"";
    QCOMPARE(copyPart(3, std::nullopt, mismatch).error(), S3Error::PreconditionFailed);

    Result<ObjectInfo> done = completeUpload(*m_backend, *upload, {{1, whole->etag}, {2, slice->etag}});
    QVERIFY(done.ok());
    QVERIFY(getData(*m_backend, kBucket, QStringLiteral("assembled")) == big + big.mid(10, 10));
}

void TestPosixMultipart::listParts()
{
    Result<MultipartUpload> upload = createUpload(*m_backend, kBucket, QStringLiteral("k"));
    for (int n : {5, 1, 3, 2, 4})
        QVERIFY(uploadPart(*m_backend, *upload, n, QByteArray::number(n)).ok());
    QList<int> seen;
    int marker = 0;
    for (int page = 0; page < 5; ++page) {
        Result<ListPartsResult> r = parts(*upload, marker, 2);
        QVERIFY(r.ok());
        for (const PartInfo &p : r->parts) {
            seen.append(p.partNumber);
            QCOMPARE(p.etag, quotedMd5(QByteArray::number(p.partNumber)));
            QVERIFY(p.lastModified.isValid());
        }
        if (!r->truncated)
            break;
        QCOMPARE(r->nextPartNumberMarker, r->parts.constLast().partNumber);
        marker = r->nextPartNumberMarker;
    }
    QCOMPARE(seen, (QList<int>{1, 2, 3, 4, 5}));
    MultipartUpload other = *upload;
    other.key = QStringLiteral("other");
    QCOMPARE(parts(other).error(), S3Error::NoSuchUpload);
}

void TestPosixMultipart::listUploads()
{
    QList<MultipartUpload> created;
    for (const char *key : {"b", "a/2", "c/d/e", "a/1", "b"}) {
        Result<MultipartUpload> u = createUpload(*m_backend, kBucket, QString::fromUtf8(key));
        QVERIFY(u.ok());
        created.append(*u);
    }
    const QString b1 = created.at(0).uploadId, b2 = created.at(4).uploadId;
    QVERIFY(b1 < b2); // ids sort by initiation

    auto summary = [](const ListUploadsResult &r) {
        QStringList s;
        for (const MultipartUpload &u : r.uploads)
            s.append(u.key + QLatin1Char('#') + u.uploadId);
        for (const QString &p : r.commonPrefixes)
            s.append(p + QStringLiteral("(P)"));
        return s;
    };
    const QString id1 = created.at(3).uploadId, id2 = created.at(1).uploadId, ide = created.at(2).uploadId;

    Result<ListUploadsResult> all = uploads({kBucket, {}, {}, {}, {}, 1000});
    QCOMPARE(summary(*all), (QStringList{QStringLiteral("a/1#") + id1, QStringLiteral("a/2#") + id2,
                                         QStringLiteral("b#") + b1, QStringLiteral("b#") + b2,
                                         QStringLiteral("c/d/e#") + ide}));
    QVERIFY(!all->truncated);
    QCOMPARE(all->uploads.first().initiated.isValid(), true);

    Result<ListUploadsResult> prefixed = uploads({kBucket, QStringLiteral("a/"), {}, {}, {}, 1000});
    QCOMPARE(summary(*prefixed), (QStringList{QStringLiteral("a/1#") + id1, QStringLiteral("a/2#") + id2}));

    Result<ListUploadsResult> rolled = uploads({kBucket, {}, QStringLiteral("/"), {}, {}, 1000});
    QCOMPARE(summary(*rolled), (QStringList{QStringLiteral("b#") + b1, QStringLiteral("b#") + b2,
                                            QStringLiteral("a/(P)"), QStringLiteral("c/(P)")}));

    // Pages of two, following the markers.
    Result<ListUploadsResult> page1 = uploads({kBucket, {}, {}, {}, {}, 2});
    QVERIFY(page1->truncated);
    QCOMPARE(page1->nextKeyMarker, QStringLiteral("a/2"));
    QCOMPARE(page1->nextUploadIdMarker, id2);
    Result<ListUploadsResult> page2 =
        uploads({kBucket, {}, {}, page1->nextKeyMarker, page1->nextUploadIdMarker, 2});
    QCOMPARE(summary(*page2), (QStringList{QStringLiteral("b#") + b1, QStringLiteral("b#") + b2}));
    QCOMPARE(page2->nextUploadIdMarker, b2);
    Result<ListUploadsResult> page3 =
        uploads({kBucket, {}, {}, page2->nextKeyMarker, page2->nextUploadIdMarker, 2});
    QCOMPARE(summary(*page3), QStringList{QStringLiteral("c/d/e#") + ide});
    QVERIFY(!page3->truncated);

    // upload-id-marker within one key; key-marker alone skips the key.
    Result<ListUploadsResult> withinKey = uploads({kBucket, {}, {}, QStringLiteral("b"), b1, 1000});
    QCOMPARE(summary(*withinKey), (QStringList{QStringLiteral("b#") + b2, QStringLiteral("c/d/e#") + ide}));
    Result<ListUploadsResult> afterKey = uploads({kBucket, {}, {}, QStringLiteral("b"), {}, 1000});
    QCOMPARE(summary(*afterKey), QStringList{QStringLiteral("c/d/e#") + ide});
}

void TestPosixMultipart::abortWhilePartStreams()
{
    Result<MultipartUpload> upload = createUpload(*m_backend, kBucket, QStringLiteral("k"));
    FakeBodyStream body(10);
    body.feed("12345");
    UploadPartRequest request{kBucket, QStringLiteral("k"), upload->uploadId, 1, &body};
    bool answered = false;
    Result<PartInfo> result = Failure{};
    m_backend->uploadPart(request, [&](Result<PartInfo> r) {
        answered = true;
        result = r;
    });
    const QString tmp = m_dir->filePath(QStringLiteral(".s3cascade/tmp"));
    QTRY_VERIFY(!QDir(tmp).isEmpty(QDir::Files)); // the part is streaming into its temp file
    QVERIFY(abortUpload(*upload).ok());
    body.feed("67890");
    body.finish();
    QTRY_VERIFY(answered);
    QCOMPARE(result.error(), S3Error::NoSuchUpload);
    QVERIFY(
        !QFileInfo::exists(m_dir->filePath(QStringLiteral(".s3cascade/uploads/bucket/") + upload->uploadId)));
}

void TestPosixMultipart::failedPartBody()
{
    Result<MultipartUpload> upload = createUpload(*m_backend, kBucket, QStringLiteral("k"));
    FakeBodyStream body(10);
    QTimer::singleShot(0, &body, [&body] { body.feed("123"); });
    QTimer::singleShot(0, &body, [&body] { body.fail(); });
    UploadPartRequest request{kBucket, QStringLiteral("k"), upload->uploadId, 1, &body};
    QVERIFY(!await<PartInfo>([&](Callback<PartInfo> done) { m_backend->uploadPart(request, done); }).ok());
    QVERIFY(parts(*upload)->parts.isEmpty());
}

void TestPosixMultipart::completeOntoAKeyThatIsAlsoAPrefix()
{
    // "dir" beside "dir/file", as S3 allows: the completed object lives inside the directory.
    QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("dir/file"), "x").ok());
    Result<MultipartUpload> upload = createUpload(*m_backend, kBucket, QStringLiteral("dir"));
    QVERIFY(uploadPart(*m_backend, *upload, 1, "part").ok());
    QVERIFY(completeUpload(*m_backend, *upload, {{1, quotedMd5("part")}}).ok());
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("dir")), QByteArray("part"));
    QCOMPARE(getData(*m_backend, kBucket, QStringLiteral("dir/file")), QByteArray("x"));
}

QTEST_GUILESS_MAIN(TestPosixMultipart)
#include "test_posix_multipart.moc"
