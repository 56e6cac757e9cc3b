#pragma once

#include "GatewayOptions.h"

namespace s3c {

// What the command line decided for the GUI (the app layer fills it; the GUI does not know the
// app's option types).
struct GuiLaunchOptions
{
    GatewayOptions gateway; // configFile set for `s3-multi --config FILE`
    bool keysGiven = false; // --access/--secret or ROOT_ACCESS_KEY/ROOT_SECRET_KEY
};

} // namespace s3c
