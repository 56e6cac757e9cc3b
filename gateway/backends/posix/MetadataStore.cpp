#include "MetadataStore.h"

#include "SidecarMetadataStore.h"
#ifndef S3C_PORTABLE
#include "XattrMetadataStore.h"
#endif

#include <QLoggingCategory>

namespace s3c {

std::shared_ptr<MetadataStore> MetadataStore::create(const PosixOptions &options, const PosixPaths &paths)
{
    switch (options.metadata) {
    case PosixOptions::Metadata::Sidecar:
        return std::make_shared<SidecarMetadataStore>(paths);
    case PosixOptions::Metadata::Xattr:
#ifdef S3C_PORTABLE
        // Linux's xattr calls are not in a portable build (macOS and Windows differ or lack them).
        qWarning("xattr metadata is not available in this build; using sidecar files");
        return std::make_shared<SidecarMetadataStore>(paths);
#else
        return std::make_shared<XattrMetadataStore>(paths);
#endif
    case PosixOptions::Metadata::Auto:
        break;
    }
#ifdef S3C_PORTABLE
    return std::make_shared<SidecarMetadataStore>(paths);
#else
    // A read-only backend cannot probe by writing; the xattr store reads sidecars too, so it
    // serves trees written in either mode.
    if (options.readOnly || XattrMetadataStore::probe(paths.tmpDir()))
        return std::make_shared<XattrMetadataStore>(paths);
    return std::make_shared<SidecarMetadataStore>(paths);
#endif
}

} // namespace s3c
