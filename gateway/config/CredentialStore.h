#pragma once

#include "auth/Credentials.h"
#include "base/Result.h"

#include <QString>

namespace s3c {

// Where the gateway's own generated keys live: <config folder>/credentials.json, mode 0600,
// written atomically, reused on the next start (the parent gateway printed them once and lost
// them: design-notes.md #2).
class CredentialStore
{
public:
    explicit CredentialStore(const QString &path = defaultPath());

    static QString defaultPath(); // QStandardPaths AppConfigLocation + "/credentials.json"
    QString path() const { return m_path; }

    // Empty credentials (no error) when the file does not exist yet.
    Result<Credentials> load() const;
    Status save(const Credentials &credentials) const;
    // The stored keys, or new ones generated from the OS's CSPRNG and saved. `generated` tells which.
    Result<Credentials> loadOrCreate(bool *generated) const;

private:
    QString m_path;
};

} // namespace s3c
