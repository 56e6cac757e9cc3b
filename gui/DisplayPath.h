#pragma once

#include <QString>

namespace s3c {

// How the GUI shows a local path: native separators, and the home folder as "~", which is
// shorter and reads the same on every user's machine. Only for display: never parse it back.
class DisplayPath
{
public:
    static QString of(const QString &path);
    // The same for every path inside the home folder that free text (a log line) mentions.
    static QString inText(const QString &text);
};

} // namespace s3c
