#pragma once

#include <QtGlobal>

namespace s3c {

// The few socket calls Qt does not offer, behind one seam so other platforms get a portable
// fallback: zero-copy file sending (Linux sendfile(2)) and a write-side shutdown for lingering
// close (RFC 9112 section 9.6).
class PlatformSocket
{
public:
    enum class SendStatus { Sent, WouldBlock, Failed };
    struct SendResult
    {
        SendStatus status = SendStatus::Failed;
        qint64 bytes = 0; // sent by this call
        int error = 0;    // errno on Failed
    };

    // True where sendFile() is implemented (Linux) and not switched off with the environment
    // variable S3C_HTTP_NO_SENDFILE=1 (an operator's escape hatch if a filesystem misbehaves).
    static bool sendFileAvailable();
    // Copy up to count bytes of fileFd, starting at offset, to the non-blocking socket. Never
    // raises SIGPIPE. Elsewhere always Failed: callers use the read/write path instead.
    static SendResult sendFile(qintptr socket, int fileFd, qint64 offset, qint64 count);
    // shutdown(SHUT_WR): send FIN but keep reading, so unread request bytes do not turn the
    // close into a reset that could destroy the response on its way (lingering close).
    static bool shutdownWrite(qintptr socket);
    // Close a descriptor no QAbstractSocket took over (an accepted connection that could not be
    // adopted).
    static void closeDescriptor(qintptr socket);
};

} // namespace s3c
