#pragma once

#include "PrivateFiles.h"
#include "auth/Credentials.h"
#include "base/Result.h"

#include <QString>

namespace s3c {

// Where the gateway's own generated keys live: <config folder>/credentials.json, mode 0600 in a
// folder of mode 0700 whatever the umask,
// written atomically, reused on the next start (the parent gateway printed them once and lost
// them: design-notes.md #2).
class CredentialStore
{
public:
    explicit CredentialStore(const QString &path = defaultPath());

    static QString defaultPath(); // QStandardPaths AppConfigLocation + "/credentials.json"
    QString path() const { return m_path; }

    // Empty credentials (no error) when the file does not exist yet. A file another user owns
    // or may write is refused; one others may read is used with a warning (PrivateFiles).
    Result<Credentials> load() const;
    // What load() will think of the file's owner and mode; `why` names the file and the fix.
    PrivateFiles::Trust trust(QString *why) const;
    Status save(const Credentials &credentials) const;
    // The stored keys, or new ones generated from the OS's CSPRNG and saved. `generated` tells which.
    Result<Credentials> loadOrCreate(bool *generated) const;

private:
    QString m_path;
};

} // namespace s3c
