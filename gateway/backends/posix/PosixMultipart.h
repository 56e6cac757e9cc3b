#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"

namespace s3c {

class AtomicFileWriter;
class PosixCore;

// Multipart uploads of the local-directory backend. An upload is a folder
// <root>/.s3cascade/uploads/<bucket>/<uploadId>/ holding "upload.json" (key, initiation time,
// the metadata given at CreateMultipartUpload) and one file per part, "part-00001" .. "part-10000",
// each written like an object (temp file, metadata record with its ETag, rename -- so uploading
// a part number again replaces it atomically). Once completed, the folder holds only
// "completed.json" for an hour, so that a retried CompleteMultipartUpload gets the same answer.
// Blocking; run on the backend pool.
//
// Upload ids are 12 hex digits of the initiation time in ms followed by 20 random base64url
// characters: url-safe, unguessable, and sorting them sorts uploads of one key by initiation,
// which is the order ListMultipartUploads needs for both its listing and its upload-id-marker.
class PosixMultipart
{
public:
    explicit PosixMultipart(PosixCore &core) : m_core(core) {}

    static constexpr int MaxPartNumber = 10000;

    Result<MultipartUpload> create(const MultipartUpload &upload) const;
    // NoSuchUpload unless `uploadId` is an upload of `key` in `bucket` (S3 checks the key too).
    Result<MultipartUpload> load(const QString &bucket, const QString &key, const QString &uploadId) const;
    Result<PartInfo> commitPart(AtomicFileWriter &writer, const UploadPartRequest &request) const;
    Result<PartInfo> copyPart(const UploadPartCopyRequest &request) const;
    Result<ObjectInfo> complete(const QString &bucket, const QString &key, const QString &uploadId,
                                const QList<CompletedPart> &parts,
                                const WriteConditions &conditions = {}) const;
    Status abort(const QString &bucket, const QString &key, const QString &uploadId) const;
    Result<ListPartsResult> listParts(const ListPartsRequest &request) const;
    Result<ListUploadsResult> listUploads(const ListUploadsRequest &request) const;
    bool hasUploads(const QString &bucket) const;

private:
    QList<MultipartUpload> loadAll(const QString &bucket) const;
    QList<PartInfo> partsOf(const QString &dir) const;
    Result<PartInfo> commitPartFile(AtomicFileWriter &writer, const QString &bucket, const QString &key,
                                    const QString &uploadId, int partNumber) const;
    static QString partFileName(int partNumber);
    void recordCompleted(const QString &bucket, const QString &uploadId, const ObjectInfo &info) const;
    Result<ObjectInfo> completedEarlier(const QString &bucket, const QString &key,
                                        const QString &uploadId) const;
    void pruneCompleted(const QString &bucket) const;

    PosixCore &m_core;
};

} // namespace s3c
