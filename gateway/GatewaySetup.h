#pragma once

#include "GatewayOptions.h"
#include "s3/Result.h"

#include <QString>

namespace s3c {

class CredentialStore;

// What every front end (headless runner, admin GUI) does before starting a gateway: use the keys
// given on the command line, or the stored ones (generated and saved on the first start, so they
// survive restarts: design-notes.md #2); serve the given directory or the embedded default one,
// created if missing and made absolute.
class GatewaySetup
{
public:
    struct Resolved
    {
        GatewayOptions options;
        bool credentialsGenerated = false; // new keys were drawn and saved just now
        QString credentialsPath;           // where the stored keys live (empty if keys were given)
    };

    static Result<Resolved> resolve(GatewayOptions options, bool keysGiven, const CredentialStore &store);
    // <app data>/data: the embedded default directory.
    static QString defaultDataDirectory();
};

} // namespace s3c
