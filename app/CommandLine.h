#pragma once

#include "AppOptions.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

namespace s3c {

// Parses `s3cascade [global options] [posix DIR | credentials | presign ...]`, compatible with the
// parent gateway's global options (--port :7070 --access --secret, ROOT_ACCESS_KEY/ROOT_SECRET_KEY).
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
public:
    enum class Outcome { Run, ExitOk, ExitError };

    // On ExitOk/ExitError `message` holds what to print (help/version, or the error).
    static Outcome parse(const QStringList &arguments, const QProcessEnvironment &env, AppOptions *options,
                         QString *message);

    // "[HOST]:PORT": ":7070" all interfaces, "127.0.0.1:0", "[::1]:7070", "7070".
    static bool parseListenAddress(const QString &text, QHostAddress *address, quint16 *port);
};

} // namespace s3c
