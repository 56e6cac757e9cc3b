#pragma once

#include "GatewayOptions.h"
#include "base/Result.h"

#include <QString>

namespace s3c {

class CredentialStore;

// What every front end (headless runner, admin GUI) does before starting a gateway: use the keys
// given on the command line, or the stored ones (generated and saved on the first start, so they
// survive restarts: design-notes.md #2); decide what is served:
//   1. `configFile` (s3-multi --config FILE), else
//   2. `posixRoot` (posix DIR), else
//   3. the saved configuration (savedConfigPath(), the one the GUI edits) if there is one, else
//   4. the embedded default directory (defaultDataDirectory()), created if missing.
// A local directory becomes a one-entry configuration named "local".
class GatewaySetup
{
public:
    struct Resolved
    {
        GatewayOptions options;
        bool credentialsGenerated = false; // new keys were drawn and saved just now
        QString credentialsPath;           // where the stored keys live (empty if keys were given)
        QString servedDescription;         // "/home/me/data" or "config.json (3 backends)", for people
        QStringList warnings;              // from the configuration file (ignored keys, ...)
        QString adminTokenPath;            // where the admin token lives (empty: from the environment)
    };

    static Result<Resolved> resolve(GatewayOptions options, bool keysGiven, const CredentialStore &store);
    // <app data>/data: the embedded default directory.
    static QString defaultDataDirectory();
    // <app config>/backends.json: the configuration the GUI saves and a bare `s3cascade` reads.
    static QString savedConfigPath();
    // The one-entry configuration serving a local directory.
    static BackendsConfig localDirectoryConfig(const QString &root);
};

} // namespace s3c
