// The backends configuration (BackendsConfig::fromJson, each entry through BackendConfigReader).
// A config that loads must validate and must round-trip through toJson(), which the GUI uses to
// save it (BackendsConfig.h).

#include "FuzzCheck.h"
#include "config/BackendsConfig.h"

using namespace s3c;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzSilenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const QProcessEnvironment noEnvironment; // overrides would hide what the file says
    QStringList warnings;
    const Result<BackendsConfig> config = BackendsConfig::fromJson(json, noEnvironment, &warnings);
    if (!config) {
        FUZZ_CHECK(config.error() != S3Error::None);
        return 0;
    }
    FUZZ_CHECK(!config->backends.isEmpty());
    FUZZ_CHECK(config->validate().ok());
    const Result<BackendsConfig> again = BackendsConfig::fromJson(config->toJson(), noEnvironment);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == *config);
    return 0;
}
