#pragma once

#include "AccessRecord.h"

#include <QByteArray>
#include <QByteArrayView>

namespace s3c {

// The access log's line format: one JSON object per line (JSON Lines), fields in a fixed order.
// Strings are escaped per RFC 8259 section 7 (quote, backslash, every control character), and
// bytes that are not UTF-8 become U+FFFD, so any key, user agent or header value a client sends
// gives one parseable line. One formatter per writer: it remembers the last second's date text
// and the last client's address text, which consecutive lines mostly share.
class AccessLogFormat
{
public:
    // Longest user agent kept, in bytes (a header may be 64 KiB; the log line need not).
    static constexpr qsizetype kMaxUserAgentBytes = 256;

    void appendLine(QByteArray &out, const AccessRecord &record);
    // `"` + escaped UTF-8 + `"`.
    static void appendString(QByteArray &out, QByteArrayView utf8);
    // RFC 3339 UTC with milliseconds: 2026-12-08T02:55:52.123Z.
    void appendTime(QByteArray &out, qint64 msSinceEpoch);

private:
    qint64 m_second = -1;
    QByteArray m_secondText; // "2026-12-08T02:55:52." of m_second
    QHostAddress m_remote;
    QByteArray m_remoteText;
};

} // namespace s3c
