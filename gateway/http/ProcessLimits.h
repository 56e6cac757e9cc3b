#pragma once

#include <QtGlobal>

namespace s3c {

// The process's open-file limit, behind one seam (POSIX getrlimit/setrlimit; elsewhere
// nothing to raise). Each client connection costs a descriptor and usually a second one (the
// file it reads, or a backend socket), so the connection cap is sized from this.
class ProcessLimits
{
public:
    // Raises the soft RLIMIT_NOFILE to the hard limit, as servers do at start (the default soft
    // limit of 1024 is kept low for select()-based programs; Qt polls). Returns the soft limit
    // now in force, or -1 where the platform has no such limit.
    static qint64 raiseOpenFileLimit();
    // The connection cap that fits openFiles descriptors: half of them, less a reserve for
    // listeners, logs and the configuration.
    static int connectionsFitting(qint64 openFiles);
};

} // namespace s3c
