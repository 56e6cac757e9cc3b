#pragma once

#include "base/Result.h"

#include <QString>

namespace s3c {

// Folders and files that hold secrets (the config folder with credentials.json and backends.json,
// the embedded data directory) get owner-only modes whatever the umask, and a secret file that
// others could change is refused, as ssh refuses a private key others can write. The one place
// that knows the platform: POSIX modes and owners here, a portable fallback on Windows, where
// the profile folders' ACLs already keep other users out.
class PrivateFiles
{
public:
    enum class Trust {
        Private,          // owned by us, no group or other bits
        ReadableByOthers, // works, but worth a warning: others may read the secret
        Unsafe,           // another user owns it, or group/others may write it: refuse
    };

    // Creates `path` and any missing parents with mode 0700 (folders that already exist are left
    // alone). False if it does not exist as a folder afterwards.
    static bool makeFolder(const QString &path);
    // Sets mode 0600 on an existing file.
    static bool restrictFile(const QString &path);
    // Trust of an existing file; `why` gets a sentence naming the file and the fix.
    static Trust check(const QString &path, QString *why);
};

} // namespace s3c
