#pragma once

#include "SidecarMetadataStore.h"

namespace s3c {

// The record in the extended attribute "user.s3cascade.meta" of the data file itself. ext4 keeps
// all xattrs of an inode in one 4 KiB block; a record that does not fit (S3 allows 2 KiB of user
// metadata plus the system headers) spills to a sidecar and the xattr then only says so. Reads
// also fall back to the sidecar when a file has no xattr, so a tree written in sidecar mode (or
// copied without xattrs) keeps its metadata.
class XattrMetadataStore : public MetadataStore
{
public:
    explicit XattrMetadataStore(const PosixPaths &paths);

    static const char *attributeName();
    // Whether files in `dir` accept user xattrs.
    static bool probe(const QString &dir);

    QString name() const override { return QStringLiteral("xattr"); }
    Status attach(int tempFd, const QString &tempPath, const QString &finalPath, const QByteArray &record,
                  bool durable) override;
    std::optional<QByteArray> read(const QString &path) const override;
    std::optional<QByteArray> readOpened(const QString &path, int fd) const override;
    void remove(const QString &path) override;
    void removeTree(const QString &dir) override;

private:
    SidecarMetadataStore m_spill;
};

} // namespace s3c
