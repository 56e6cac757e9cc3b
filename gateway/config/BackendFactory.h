#pragma once

#include "BackendsConfig.h"
#include "backends/multi/MultiOptions.h"
#include "backends/s3/S3BackendOptions.h"
#include "base/Result.h"

#include <QList>

class QObject;

namespace s3c {

class Backend;

// Turns a validated BackendsConfig into Backend objects, in order (the first is the primary):
// S3Backend for "s3" entries, PosixBackend for "posix". A reload builds a fresh list; the
// caller swaps it in and lets in-flight requests finish on the old one.
class BackendFactory
{
public:
    // All or nothing: an invalid config creates no backend at all.
    static Result<QList<Backend *>> create(const BackendsConfig &config, QObject *parent = nullptr);

    static S3BackendOptions s3Options(const BackendsConfig &config, int index);
    static MultiOptions multiOptions(const BackendsConfig &config);
};

} // namespace s3c
