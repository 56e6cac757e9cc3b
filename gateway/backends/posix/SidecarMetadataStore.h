#pragma once

#include "MetadataStore.h"

namespace s3c {

// One small file per object: <root>/.s3cascade/meta/<bucket>/<key path> for objects (a mirror of
// the bucket tree, so bucket directories stay a plain copy of the objects), and "<file>.meta"
// next to the backend's own files below .s3cascade (multipart parts).
class SidecarMetadataStore : public MetadataStore
{
public:
    explicit SidecarMetadataStore(const PosixPaths &paths);

    QString name() const override { return QStringLiteral("sidecar"); }
    Status attach(int tempFd, const QString &tempPath, const QString &finalPath, const QByteArray &record,
                  bool durable) override;
    std::optional<QByteArray> read(const QString &path) const override;
    void remove(const QString &path) override;
    void removeTree(const QString &dir) override;
    void relocate(const QString &from, const QString &to) override;

    QString sidecarPath(const QString &path) const;

private:
    Status prepareDir(const QString &dir);

    PosixPaths m_paths;
};

} // namespace s3c
