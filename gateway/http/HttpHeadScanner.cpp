#include "HttpHeadScanner.h"

namespace s3c {

bool HttpHeadScanner::fail(const QString &reason)
{
    if (m_error.isEmpty())
        m_error = reason;
    return false;
}

void HttpHeadScanner::reset()
{
    m_error.clear();
    m_lines = 0;
    m_atLineStart = true;
    m_lineEmpty = true;
    m_afterCr = false;
    m_done = false;
}

bool HttpHeadScanner::scan(QByteArrayView bytes)
{
    if (failed())
        return false;
    for (const char c : bytes) {
        if (m_done)
            return true;
        if (m_afterCr) {
            if (c != '\n')
                return fail(QStringLiteral("a bare CR in the request head"));
            m_afterCr = false;
            // RFC 9112 section 2.2: a server SHOULD ignore at least one empty line before the
            // request line; after it the empty line ends the head.
            if (m_lineEmpty && m_lines > 0)
                m_done = true;
            else if (!m_lineEmpty)
                ++m_lines;
            m_atLineStart = true;
            m_lineEmpty = true;
            continue;
        }
        switch (c) {
        case '\r':
            m_afterCr = true;
            continue;
        case '\n':
            return fail(QStringLiteral("a line of the request head ends with a bare LF"));
        case '\0':
            return fail(QStringLiteral("a NUL byte in the request head"));
        case ' ':
        case '\t':
            if (m_atLineStart && m_lines > 0)
                return fail(QStringLiteral("obsolete line folding in a header field"));
            break;
        default:
            break;
        }
        m_atLineStart = false;
        m_lineEmpty = false;
    }
    return true;
}

} // namespace s3c
