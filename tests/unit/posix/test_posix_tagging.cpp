// Object tags in the local-directory backend: kept in the metadata record (xattr or sidecar),
// replaced by every write of the object, rewritten in place by Put/DeleteObjectTagging without
// touching bytes, ETag or other metadata, and never served stale from the metadata cache.
#include "PosixTestClient.h"
#include "backends/posix/PosixBackend.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace s3c;
using namespace s3c::test;

Q_DECLARE_METATYPE(PosixOptions::Metadata)

namespace {

const QString kBucket = QStringLiteral("bucket");

ObjectTags twoTags()
{
    return {{QStringLiteral("project"), QStringLiteral("blue sky")},
            {QStringLiteral("caf\u00e9"), QString()}};
}

Result<ObjectTags> getTags(Backend &b, const QString &key)
{
    return await<ObjectTags>([&](auto cb) { b.getObjectTagging(kBucket, key, cb); });
}

Status putTags(Backend &b, const QString &key, const ObjectTags &tags)
{
    return await<Done>([&](auto cb) { b.putObjectTagging(kBucket, key, tags, cb); });
}

} // namespace

class TestPosixTagging : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data()
    {
        QTest::addColumn<PosixOptions::Metadata>("metadata");
#ifndef S3C_PORTABLE // no Linux xattrs in a portable build
        QTest::newRow("xattr") << PosixOptions::Metadata::Xattr;
#endif
        QTest::newRow("sidecar") << PosixOptions::Metadata::Sidecar;
    }

    void init()
    {
        QFETCH_GLOBAL(PosixOptions::Metadata, metadata);
        contractViolations() = 0;
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        PosixOptions options;
        options.metadata = metadata;
        m_backend = std::make_unique<PosixBackend>(m_dir->path(), options);
        QVERIFY(createBucket(*m_backend, kBucket).ok());
    }

    void cleanup()
    {
        m_backend.reset();
        m_dir.reset();
        QCOMPARE(contractViolations(), 0);
    }

    void putWithTagsThenReplaceAndDelete()
    {
        ObjectInfo meta;
        meta.contentType = "text/x-kept";
        meta.headers = {{"x-amz-meta-colour", "red"}};
        meta.tags = twoTags();
        const auto put = putObject(*m_backend, kBucket, QStringLiteral("k"), "data", meta);
        QVERIFY(put.ok());
        QCOMPARE(getTags(*m_backend, QStringLiteral("k")).value(), twoTags());
        auto got = getObject(*m_backend, kBucket, QStringLiteral("k"));
        QVERIFY(got.ok());
        QCOMPARE(got->info.tags, twoTags());
        readBody(*got);

        const ObjectTags one{{QStringLiteral("only"), QStringLiteral("one")}};
        QVERIFY(putTags(*m_backend, QStringLiteral("k"), one).ok());
        QCOMPARE(getTags(*m_backend, QStringLiteral("k")).value(), one);
        got = getObject(*m_backend, kBucket, QStringLiteral("k"));
        QVERIFY(got.ok());
        QCOMPARE(got->info.etag, put->etag);
        QCOMPARE(got->info.contentType, meta.contentType);
        QCOMPARE(got->info.headers, meta.headers);
        QCOMPARE(readBody(*got), QByteArray("data"));

        QVERIFY(putTags(*m_backend, QStringLiteral("k"), {}).ok());
        QVERIFY(getTags(*m_backend, QStringLiteral("k")).value().isEmpty());
        // A new backend on the same tree reads what was stored, not a cache.
        QVERIFY(putTags(*m_backend, QStringLiteral("k"), one).ok());
        PosixBackend again(m_dir->path(), PosixOptions{});
        QCOMPARE(getTags(again, QStringLiteral("k")).value(), one);
    }

    void overwriteReplacesTags()
    {
        ObjectInfo meta;
        meta.tags = twoTags();
        QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("o"), "1", meta).ok());
        QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("o"), "2").ok());
        QVERIFY(getTags(*m_backend, QStringLiteral("o")).value().isEmpty());
    }

    void copyFollowsTheDirective()
    {
        ObjectInfo meta;
        meta.tags = twoTags();
        QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("src"), "s", meta).ok());
        CopyObjectRequest c{kBucket, QStringLiteral("src"), kBucket, QStringLiteral("copied")};
        QVERIFY(copyObject(*m_backend, c).ok());
        QCOMPARE(getTags(*m_backend, QStringLiteral("copied")).value(), twoTags());
        c.key = QStringLiteral("replaced");
        c.replaceTags = true;
        c.tags = {{QStringLiteral("new"), QStringLiteral("1")}};
        QVERIFY(copyObject(*m_backend, c).ok());
        QCOMPARE(getTags(*m_backend, QStringLiteral("replaced")).value(), c.tags);
        // Onto itself: allowed when the tags change (something changes), as with metadata.
        c.key = QStringLiteral("src");
        QVERIFY(copyObject(*m_backend, c).ok());
        QCOMPARE(getTags(*m_backend, QStringLiteral("src")).value(), c.tags);
    }

    void multipartAppliesTagsAtComplete()
    {
        ObjectInfo meta;
        meta.tags = twoTags();
        const auto upload = createUpload(*m_backend, kBucket, QStringLiteral("mp"), meta);
        QVERIFY(upload.ok());
        const auto part = uploadPart(*m_backend, *upload, 1, "only part");
        QVERIFY(part.ok());
        QCOMPARE(getTags(*m_backend, QStringLiteral("mp")).error(), S3Error::NoSuchKey);
        QVERIFY(completeUpload(*m_backend, *upload, {{1, part->etag}}).ok());
        QCOMPARE(getTags(*m_backend, QStringLiteral("mp")).value(), twoTags());
    }

    void missingObjectOrBucket()
    {
        QCOMPARE(getTags(*m_backend, QStringLiteral("absent")).error(), S3Error::NoSuchKey);
        QCOMPARE(putTags(*m_backend, QStringLiteral("absent"), twoTags()).error(), S3Error::NoSuchKey);
        QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("bucket/absent"))));
        QCOMPARE(await<ObjectTags>([&](auto cb) {
                     m_backend->getObjectTagging(QStringLiteral("nobucket"), QStringLiteral("k"), cb);
                 }).error(),
                 S3Error::NoSuchBucket);
    }

    void cachedMetadataIsNotServedAfterATagChange()
    {
        // The metadata cache only holds files whose ctime is a second old; wait for that (a
        // deadline on the file's own ctime, not a sleep), read once to fill the cache, then
        // change the tags: the next read must see them in both stores.
        QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("hot"), "h").ok());
        const QByteArray path = QFile::encodeName(m_dir->filePath(QStringLiteral("bucket/hot")));
        struct stat st;
        QVERIFY(::stat(path.constData(), &st) == 0);
        const qint64 ctimeMs = qint64(st.st_ctim.tv_sec) * 1000 + st.st_ctim.tv_nsec / 1000000;
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentMSecsSinceEpoch() > ctimeMs + 1500, 5000);
        for (int i = 0; i < 2; ++i)
            QVERIFY(getTags(*m_backend, QStringLiteral("hot")).value().isEmpty());
        QVERIFY(putTags(*m_backend, QStringLiteral("hot"), twoTags()).ok());
        QCOMPARE(getTags(*m_backend, QStringLiteral("hot")).value(), twoTags());
    }

    void readOnlyBackendRefuses()
    {
        QVERIFY(putObject(*m_backend, kBucket, QStringLiteral("ro"), "r").ok());
        PosixOptions options;
        options.readOnly = true;
        PosixBackend readOnly(m_dir->path(), options);
        QCOMPARE(putTags(readOnly, QStringLiteral("ro"), twoTags()).error(), S3Error::AccessDenied);
        QVERIFY(getTags(readOnly, QStringLiteral("ro")).value().isEmpty());
    }

private:
    std::unique_ptr<PosixBackend> m_backend;
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestPosixTagging)
#include "test_posix_tagging.moc"
