#pragma once

#include "GatewayOptions.h"

namespace s3c {

// What the command line decided for the GUI (the app layer fills it; the GUI does not know the
// app's option types).
struct GuiLaunchOptions
{
    GatewayOptions gateway; // configFile set for `s3-multi --config FILE`
    bool keysGiven = false; // --access/--secret or ROOT_ACCESS_KEY/ROOT_SECRET_KEY
    // --port was given: it wins over the listen address remembered from the Overview page.
    bool listenGiven = false;
};

} // namespace s3c
