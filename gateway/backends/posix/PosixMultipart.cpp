#include "PosixMultipart.h"

#include "AtomicFileWriter.h"
#include "MetadataRecord.h"
#include "PosixCore.h"
#include "PosixFs.h"
#include "PosixObjects.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSaveFile>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace s3c {

namespace {

const QLatin1String kManifest("upload.json");
const QLatin1String kPartPrefix("part-");
const QLatin1String kCompleted("completed.json");

// How long a completed upload id still answers a retried CompleteMultipartUpload. S3 names no
// period; an hour covers any client's retries (an SDK retries within minutes).
constexpr qint64 kCompletedTtlMs = 3600 * 1000;

Failure noSuchUpload()
{
    return Failure{S3Error::NoSuchUpload, {}};
}

// Initiation times in ms, strictly increasing within the process, so that two uploads created
// in the same millisecond still sort by creation through their ids.
QDateTime nextInitiation()
{
    static std::atomic<qint64> last{0};
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 previous = last.load();
    do {
        if (now <= previous)
            now = previous + 1;
    } while (!last.compare_exchange_weak(previous, now));
    return QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
}

QString newUploadId(const QDateTime &initiated)
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray random(reinterpret_cast<const char *>(words), 15);
    return QStringLiteral("%1").arg(initiated.toMSecsSinceEpoch(), 12, 16, QLatin1Char('0')) +
           QString::fromLatin1(
               random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// ETags as clients send them in CompleteMultipartUpload: quotes optional (S3 accepts both).
QByteArray bareEtag(const QByteArray &etag)
{
    QByteArray bare = etag.trimmed();
    if (bare.size() >= 2 && bare.startsWith('"') && bare.endsWith('"'))
        bare = bare.mid(1, bare.size() - 2);
    return bare;
}

} // namespace

QString PosixMultipart::partFileName(int partNumber)
{
    return kPartPrefix + QStringLiteral("%1").arg(partNumber, 5, 10, QLatin1Char('0'));
}

Result<MultipartUpload> PosixMultipart::create(const MultipartUpload &upload) const
{
    Status exists = m_core.checkBucketExists(upload.bucket);
    if (!exists)
        return exists.failure();
    MultipartUpload created = upload;
    created.initiated = nextInitiation();
    created.uploadId = newUploadId(created.initiated);
    const QString dir = m_core.paths().uploadDir(upload.bucket, created.uploadId);
    if (!QDir().mkpath(dir))
        return Failure{S3Error::InternalError, QStringLiteral("cannot create the upload folder")};

    QJsonObject manifest;
    manifest.insert(QStringLiteral("v"), 1);
    manifest.insert(QStringLiteral("key"), created.key);
    manifest.insert(QStringLiteral("initiated"), QString::number(created.initiated.toMSecsSinceEpoch()));
    manifest.insert(QStringLiteral("meta"), MetadataRecord::toJson(created.meta));
    // QSaveFile: temp file, fsync, rename -- an upload folder without a complete manifest is
    // never taken for an upload.
    QSaveFile file(dir + QLatin1Char('/') + kManifest);
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(manifest).toJson(QJsonDocument::Compact)) < 0 || !file.commit()) {
        PosixFs::removeTree(dir);
        return Failure{S3Error::InternalError, QStringLiteral("cannot write the upload manifest")};
    }
    return created;
}

Result<MultipartUpload> PosixMultipart::load(const QString &bucket, const QString &key,
                                             const QString &uploadId) const
{
    if (!PosixPaths::isValidUploadId(uploadId))
        return noSuchUpload();
    QFile file(m_core.paths().uploadDir(bucket, uploadId) + QLatin1Char('/') + kManifest);
    if (!file.open(QIODevice::ReadOnly))
        return noSuchUpload();
    const QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
    MultipartUpload upload;
    upload.bucket = bucket;
    upload.key = manifest.value(QStringLiteral("key")).toString();
    upload.uploadId = uploadId;
    upload.initiated = QDateTime::fromMSecsSinceEpoch(
        manifest.value(QStringLiteral("initiated")).toString().toLongLong(), Qt::UTC);
    upload.meta = MetadataRecord::fromJson(manifest.value(QStringLiteral("meta")).toObject());
    upload.meta.key = upload.key;
    if (upload.key.isEmpty() || (!key.isNull() && upload.key != key))
        return noSuchUpload();
    return upload;
}

Result<PartInfo> PosixMultipart::commitPartFile(AtomicFileWriter &writer, const QString &bucket,
                                                const QString &key, const QString &uploadId,
                                                int partNumber) const
{
    // Checked again at commit: the upload may have been completed or aborted while the body was
    // streaming. A folder removed after this check makes the rename fail: NoSuchUpload too.
    Result<MultipartUpload> upload = load(bucket, key, uploadId);
    if (!upload)
        return upload.failure();
    ObjectInfo info;
    info.etag = PosixCore::quotedHex(writer.md5());
    AtomicFileWriter::Target target;
    target.path = m_core.paths().uploadDir(bucket, uploadId) + QLatin1Char('/') + partFileName(partNumber);
    target.missingParent = noSuchUpload();
    Result<ObjectInfo> committed =
        writer.commit(target, info, m_core.paths(), m_core.metadata(), m_core.durable());
    if (!committed)
        return committed.failure().error == S3Error::InternalError && !load(bucket, key, uploadId).ok()
                   ? noSuchUpload()
                   : committed.failure();
    return PartInfo{partNumber, committed->etag, committed->size, committed->lastModified,
                    committed->checksums};
}

Result<PartInfo> PosixMultipart::commitPart(AtomicFileWriter &writer, const UploadPartRequest &request) const
{
    return commitPartFile(writer, request.bucket, request.key, request.uploadId, request.partNumber);
}

Result<PartInfo> PosixMultipart::copyPart(const UploadPartCopyRequest &request) const
{
    Result<MultipartUpload> upload = load(request.bucket, request.key, request.uploadId);
    if (!upload)
        return upload.failure();
    std::unique_ptr<AtomicFileWriter> writer = m_core.newWriter();
    Result<ObjectInfo> source = PosixObjects(m_core).copySource(
        request.sourceBucket, request.sourceKey, request.sourceConditions, request.sourceRange, *writer);
    if (!source)
        return source.failure();
    return commitPartFile(*writer, request.bucket, request.key, request.uploadId, request.partNumber);
}

QList<PartInfo> PosixMultipart::partsOf(const QString &dir) const
{
    QList<PartInfo> parts;
    QDirIterator it(dir, {kPartPrefix + QLatin1Char('*')}, QDir::Files | QDir::NoSymLinks);
    while (it.hasNext()) {
        it.next();
        const QString name = it.fileName();
        bool ok = false;
        const int number = name.mid(kPartPrefix.size()).toInt(&ok);
        if (!ok || name != partFileName(number) || number < 1 || number > MaxPartNumber)
            continue; // part-00001.meta sidecars and strays
        const FileStat st = PosixFs::lstat(it.filePath());
        if (!st.isFile)
            continue;
        const ObjectInfo info = m_core.infoFor(it.filePath(), st);
        parts.append(PartInfo{number, info.etag, info.size, info.lastModified, info.checksums});
    }
    std::sort(parts.begin(), parts.end(),
              [](const PartInfo &a, const PartInfo &b) { return a.partNumber < b.partNumber; });
    return parts;
}

Result<ObjectInfo> PosixMultipart::complete(const QString &bucket, const QString &key,
                                            const QString &uploadId,
                                            const QList<CompletedPart> &requested,
                                            const WriteConditions &conditions) const
{
    Result<MultipartUpload> upload = load(bucket, key, uploadId);
    if (!upload) {
        Result<ObjectInfo> earlier = completedEarlier(bucket, key, uploadId);
        return earlier ? earlier : upload.failure();
    }
    // CompleteMultipartUpload rules, in the order S3 reports them: at least one part; part
    // numbers strictly ascending (InvalidPartOrder); every part uploaded with the ETag given
    // (InvalidPart); every part but the last at least 5 MiB (EntityTooSmall).
    if (requested.isEmpty())
        return Failure{S3Error::MalformedXML, QStringLiteral("You must specify at least one part")};
    for (qsizetype i = 1; i < requested.size(); ++i) {
        if (requested.at(i).partNumber <= requested.at(i - 1).partNumber)
            return Failure{S3Error::InvalidPartOrder, {}};
    }
    const QString dir = m_core.paths().uploadDir(bucket, uploadId);
    const QList<PartInfo> stored = partsOf(dir);
    QList<PartInfo> chosen;
    for (const CompletedPart &part : requested) {
        const auto found = std::find_if(stored.cbegin(), stored.cend(),
                                        [&](const PartInfo &p) { return p.partNumber == part.partNumber; });
        if (found == stored.cend() || bareEtag(found->etag) != bareEtag(part.etag))
            return Failure{S3Error::InvalidPart, {}};
        chosen.append(*found);
    }
    for (qsizetype i = 0; i + 1 < chosen.size(); ++i) {
        if (chosen.at(i).size < m_core.options().minPartSize)
            return Failure{S3Error::EntityTooSmall, {}};
    }

    std::unique_ptr<AtomicFileWriter> writer = m_core.newWriter();
    Status opened = writer->open();
    if (!opened)
        return opened.failure();
    QCryptographicHash etagHash(QCryptographicHash::Md5);
    for (const PartInfo &part : chosen) {
        const QString path = dir + QLatin1Char('/') + partFileName(part.partNumber);
        const int fd = ::open(PosixFs::encode(path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return errno == ENOENT ? noSuchUpload()
                                   : PosixFs::ioFailure(QStringLiteral("cannot open a part"), errno);
        Status copied = writer->copyFrom(fd, 0, part.size);
        ::close(fd);
        if (!copied)
            return copied.failure();
        etagHash.addData(QByteArray::fromHex(bareEtag(part.etag)));
    }
    // The multipart ETag: MD5 of the concatenated binary MD5s of the parts, then "-" and the
    // number of parts (not an MD5 of the object; clients know this form).
    ObjectInfo info = upload->meta;
    info.key = key;
    info.etag = '"' + etagHash.result().toHex() + '-' + QByteArray::number(chosen.size()) + '"';
    info.partsCount = int(chosen.size());
    info.partSizes.clear();
    for (const PartInfo &part : chosen)
        info.partSizes.append(part.size);
    info.checksums.clear();
    Result<ObjectInfo> committed =
        writer->commit(PosixObjects::objectTarget(m_core, bucket, key, conditions), info, m_core.paths(),
                       m_core.metadata(), m_core.durable());
    if (!committed)
        return committed;
    m_core.metadata().removeTree(dir);
    recordCompleted(bucket, uploadId, *committed);
    return committed;
}

// S3 answers a CompleteMultipartUpload that is retried after it succeeded (its response was lost
// to a timeout or a reset) with 200 and the same ETag, not NoSuchUpload -- SDKs retry it. So the
// upload folder is emptied but kept for a while with the outcome, "completed.json", and no
// manifest: without one it is no upload (UploadPart, ListParts and ListMultipartUploads all see
// NoSuchUpload or nothing), only a retried Complete of the same key reads it.
void PosixMultipart::recordCompleted(const QString &bucket, const QString &uploadId,
                                     const ObjectInfo &info) const
{
    const QString dir = m_core.paths().uploadDir(bucket, uploadId);
    PosixFs::removeTree(dir);
    pruneCompleted(bucket);
    if (!QDir().mkpath(dir))
        return; // the retry then answers NoSuchUpload, as before: nothing else depends on it
    QJsonObject record;
    record.insert(QStringLiteral("v"), 1);
    record.insert(QStringLiteral("key"), info.key);
    record.insert(QStringLiteral("etag"), QString::fromLatin1(info.etag));
    record.insert(QStringLiteral("size"), QString::number(info.size));
    record.insert(QStringLiteral("parts"), info.partsCount);
    record.insert(QStringLiteral("completed"), QString::number(QDateTime::currentMSecsSinceEpoch()));
    QSaveFile file(dir + QLatin1Char('/') + kCompleted);
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(record).toJson(QJsonDocument::Compact)) < 0 || !file.commit())
        PosixFs::removeTree(dir);
}

Result<ObjectInfo> PosixMultipart::completedEarlier(const QString &bucket, const QString &key,
                                                    const QString &uploadId) const
{
    if (!PosixPaths::isValidUploadId(uploadId))
        return noSuchUpload();
    QFile file(m_core.paths().uploadDir(bucket, uploadId) + QLatin1Char('/') + kCompleted);
    if (!file.open(QIODevice::ReadOnly))
        return noSuchUpload();
    const QJsonObject record = QJsonDocument::fromJson(file.read(4096)).object();
    const qint64 completed = record.value(QStringLiteral("completed")).toString().toLongLong();
    if (record.value(QStringLiteral("key")).toString() != key ||
        QDateTime::currentMSecsSinceEpoch() - completed > kCompletedTtlMs)
        return noSuchUpload();
    ObjectInfo info;
    info.key = key;
    info.etag = record.value(QStringLiteral("etag")).toString().toLatin1();
    info.size = record.value(QStringLiteral("size")).toString().toLongLong();
    info.partsCount = record.value(QStringLiteral("parts")).toInt();
    info.lastModified = QDateTime::fromMSecsSinceEpoch(completed, Qt::UTC);
    if (info.etag.isEmpty())
        return noSuchUpload();
    return info;
}

// Records older than the retry window go whenever another upload of the bucket completes.
void PosixMultipart::pruneCompleted(const QString &bucket) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QDirIterator it(m_core.paths().uploadsDir(bucket),
                    QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    while (it.hasNext()) {
        const QString dir = it.next();
        const QFileInfo record(dir + QLatin1Char('/') + kCompleted);
        if (record.exists() && now - record.lastModified().toMSecsSinceEpoch() > kCompletedTtlMs)
            PosixFs::removeTree(dir);
    }
}

Status PosixMultipart::abort(const QString &bucket, const QString &key, const QString &uploadId) const
{
    Status exists = m_core.checkBucketExists(bucket);
    if (!exists)
        return exists;
    Result<MultipartUpload> upload = load(bucket, key, uploadId);
    if (!upload)
        return upload.failure();
    const QString dir = m_core.paths().uploadDir(bucket, uploadId);
    m_core.metadata().removeTree(dir);
    PosixFs::removeTree(dir);
    return Done{};
}

Result<ListPartsResult> PosixMultipart::listParts(const ListPartsRequest &request) const
{
    Status exists = m_core.checkBucketExists(request.bucket);
    if (!exists)
        return exists.failure();
    Result<MultipartUpload> upload = load(request.bucket, request.key, request.uploadId);
    if (!upload)
        return upload.failure();
    ListPartsResult result;
    result.upload = *upload;
    const int maxParts = qBound(0, request.maxParts, 1000);
    for (const PartInfo &part : partsOf(m_core.paths().uploadDir(request.bucket, request.uploadId))) {
        if (part.partNumber <= request.partNumberMarker)
            continue;
        if (result.parts.size() >= maxParts) {
            result.truncated = true;
            break;
        }
        result.parts.append(part);
    }
    if (result.truncated && !result.parts.isEmpty())
        result.nextPartNumberMarker = result.parts.constLast().partNumber;
    return result;
}

QList<MultipartUpload> PosixMultipart::loadAll(const QString &bucket) const
{
    QList<MultipartUpload> uploads;
    QDirIterator it(m_core.paths().uploadsDir(bucket), QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    while (it.hasNext()) {
        it.next();
        Result<MultipartUpload> upload = load(bucket, QString(), it.fileName());
        if (upload)
            uploads.append(*upload);
    }
    return uploads;
}

bool PosixMultipart::hasUploads(const QString &bucket) const
{
    return !loadAll(bucket).isEmpty();
}

// ListMultipartUploads: by key (UTF-8 bytes), then initiation (= upload id order, see the
// class comment). key-marker alone skips keys <= marker; with upload-id-marker, uploads of the
// marker key itself follow if their id sorts after it. Delimiter roll-up as in ListObjects.
Result<ListUploadsResult> PosixMultipart::listUploads(const ListUploadsRequest &request) const
{
    Status exists = m_core.checkBucketExists(request.bucket);
    if (!exists)
        return exists.failure();
    struct Item
    {
        QByteArray key;
        MultipartUpload upload;
    };
    const QByteArray prefix = request.prefix.toUtf8();
    const QByteArray delimiter = request.delimiter.toUtf8();
    const QByteArray keyMarker = request.keyMarker.toUtf8();
    QList<Item> items;
    for (MultipartUpload &upload : loadAll(request.bucket)) {
        QByteArray key = upload.key.toUtf8();
        if (key.startsWith(prefix))
            items.append(Item{std::move(key), std::move(upload)});
    }
    std::sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
        return a.key != b.key ? a.key < b.key : a.upload.uploadId < b.upload.uploadId;
    });

    ListUploadsResult result;
    const int maxUploads = qBound(0, request.maxUploads, 1000);
    int count = 0;
    QByteArray lastPrefix;
    for (const Item &item : items) {
        if (!keyMarker.isEmpty()) {
            const bool after =
                item.key > keyMarker || (item.key == keyMarker && !request.uploadIdMarker.isEmpty() &&
                                         item.upload.uploadId > request.uploadIdMarker);
            if (!after)
                continue;
        }
        const qsizetype at = delimiter.isEmpty() ? -1 : item.key.indexOf(delimiter, prefix.size());
        if (at >= 0) {
            const QByteArray common = item.key.left(at + delimiter.size());
            if (common == lastPrefix || (!keyMarker.isEmpty() && common <= keyMarker))
                continue;
            if (count >= maxUploads) {
                result.truncated = true;
                break;
            }
            lastPrefix = common;
            result.commonPrefixes.append(QString::fromUtf8(common));
            result.nextKeyMarker = result.commonPrefixes.constLast();
            result.nextUploadIdMarker.clear();
        } else {
            if (count >= maxUploads) {
                result.truncated = true;
                break;
            }
            result.uploads.append(item.upload);
            result.nextKeyMarker = item.upload.key;
            result.nextUploadIdMarker = item.upload.uploadId;
        }
        ++count;
    }
    if (!result.truncated) {
        result.nextKeyMarker.clear();
        result.nextUploadIdMarker.clear();
    }
    return result;
}

} // namespace s3c
