#pragma once

#include <QByteArrayView>
#include <QString>

namespace s3c {

// Checks the raw bytes of a request head (request line and field lines) for the framing that
// Debian's libhttp-parser, built non-strict, lets through but RFC 9112 refuses, because a proxy
// in front of us may split the same bytes into other requests (request smuggling):
// - a line ends with CRLF: a bare LF or a bare CR is an error (section 2.2 lets a server accept
//   a bare LF; we do not, since a front proxy may not);
// - obs-fold (a field line starting with SP or HTAB) gets 400 (section 5.2);
// - NUL anywhere in the head.
// Incremental: feed the head's bytes in any pieces; reset() before the next request.
class HttpHeadScanner
{
public:
    // Scans bytes from where the last call stopped, up to the end of the head (the empty line);
    // false once a violation was seen (error() says which). Bytes after the head are not looked
    // at: they are body or the next request, which starts after reset().
    bool scan(QByteArrayView bytes);
    void reset();
    bool failed() const { return !m_error.isEmpty(); }
    bool headComplete() const { return m_done; }
    QString error() const { return m_error; }

private:
    bool fail(const QString &reason);

    QString m_error;
    int m_lines = 0;          // complete lines of this message, leading empty lines excluded
    bool m_atLineStart = true;
    bool m_lineEmpty = true;  // nothing but the line ending so far
    bool m_afterCr = false;   // the previous byte was CR; LF must follow
    bool m_done = false;      // the empty line that ends the head was seen
};

} // namespace s3c
