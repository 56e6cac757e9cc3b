#include "MetadataStore.h"

#include "SidecarMetadataStore.h"
#include "XattrMetadataStore.h"

namespace s3c {

std::shared_ptr<MetadataStore> MetadataStore::create(const PosixOptions &options, const PosixPaths &paths)
{
    switch (options.metadata) {
    case PosixOptions::Metadata::Sidecar:
        return std::make_shared<SidecarMetadataStore>(paths);
    case PosixOptions::Metadata::Xattr:
        return std::make_shared<XattrMetadataStore>(paths);
    case PosixOptions::Metadata::Auto:
        break;
    }
    // A read-only backend cannot probe by writing; the xattr store reads sidecars too, so it
    // serves trees written in either mode.
    if (options.readOnly || XattrMetadataStore::probe(paths.tmpDir()))
        return std::make_shared<XattrMetadataStore>(paths);
    return std::make_shared<SidecarMetadataStore>(paths);
}

} // namespace s3c
