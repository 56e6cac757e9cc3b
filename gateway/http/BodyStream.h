#pragma once

#include <QIODevice>
#include <QMap>

namespace s3c {

// A request body flowing in from a client, read as a sequential QIODevice.
//
// Contract for readers (backends, verifiers, the S3 backend's HttpClientPool uploads):
//  - read() what is available; readyRead() says more arrived. The producer holds only a bounded
//    buffer and stops reading the socket while it is full, so a reader that stops reading
//    applies back-pressure to the client.
//  - finished() is emitted once every byte has arrived (and, for verifying streams, been
//    verified); after the last byte is read atEnd() is true and isFinished() is true.
//  - failed() is emitted if the body can never be completed (client gone, framing error, bad
//    chunk signature, digest mismatch). A reader must then discard whatever it wrote. read()
//    returns -1 after a failure. A verifying stream holds back its last bytes until the check
//    passed, so a reader never sees a complete body that is wrong.
class BodyStream : public QIODevice
{
    Q_OBJECT
public:
    using QIODevice::QIODevice;

    bool isSequential() const override { return true; }
    // Length of the decoded body if known in advance (Content-Length, x-amz-decoded-content-length), else -1.
    virtual qint64 expectedLength() const = 0;
    virtual bool isFinished() const = 0;
    virtual bool hasFailed() const = 0;
    // Checksums proven by the stream, known once finished() was emitted (trailers arrive last):
    // algorithm ("CRC32", "CRC32C", "SHA1", "SHA256") -> base64 value. Backends store these with
    // the object at finish. Plain HTTP bodies prove none.
    virtual QMap<QByteArray, QByteArray> verifiedChecksums() const { return {}; }
    // The next bytes, at most maxSize, as read() would give them. A stream passing on pieces it
    // holds as QByteArrays (a backend's download) hands them over without a copy: BodyPump
    // writes them into the client's socket as they are. Empty: nothing now (or failed).
    virtual QByteArray readChunk(qint64 maxSize) { return read(maxSize); }

signals:
    void finished();
    void failed();
};

} // namespace s3c
