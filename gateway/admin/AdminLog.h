#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace s3c {

// The process's recent log lines for GET /api/v1/log (issue #13): while installed, the Qt message
// handler keeps the last kCapacity lines in a ring, each with a sequence id so a poller fetches
// only new ones, and hands every message on to the previous handler (stderr, or the GUI's
// collector). The gateway never logs a secret (CODING_GUIDELINES.md), so nothing is redacted.
class AdminLog
{
public:
    struct Line
    {
        quint64 id = 0;
        QDateTime time; // UTC
        QString level;  // "debug", "info", "warning", "critical", "fatal"
        QString category;
        QString text;
    };
    static constexpr int kCapacity = 1000;

    // Counted: the handler stays until the last uninstall(). Installs and uninstalls must nest
    // with any other message handler's.
    static void install();
    static void uninstall();
    // Lines with an id above `after`, oldest first, at most `limit` (the newest ones).
    static QList<Line> since(quint64 after, int limit = kCapacity);
};

} // namespace s3c
