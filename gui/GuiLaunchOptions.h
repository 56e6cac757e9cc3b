#pragma once

#include "GatewayOptions.h"

#include <QString>

namespace s3c {

// What the command line decided for the GUI (the app layer fills it; the GUI does not know the
// app's option types).
struct GuiLaunchOptions
{
    GatewayOptions gateway;
    bool keysGiven = false;  // --access/--secret or ROOT_ACCESS_KEY/ROOT_SECRET_KEY
    QString configFile;      // --config: a backends JSON to use instead of the saved one
};

} // namespace s3c
