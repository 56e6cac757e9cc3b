#pragma once

#include "base/Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace s3c {

// Incremental decoder of the aws-chunked framing of SigV4 streaming uploads:
//   <hex size>[;chunk-signature=<sig>]\r\n <data> \r\n ... 0[;chunk-signature=<sig>]\r\n
//   [<trailer name>:<value>\r\n ...] \r\n
// ("Transferring Payload in Multiple Chunks" and "Signature calculations for trailing headers"
// in the S3 API reference). Input may be split at any byte, inside a header line or a CRLF. It
// keeps at most one header or trailer line; chunk data passes straight through to the sink.
class AwsChunkedDecoder
{
public:
    // Receives the decoded stream. A failing Status stops decoding with that failure.
    class Sink
    {
    public:
        virtual ~Sink() = default;
        virtual Status chunkStarted(qint64 size, QByteArrayView signature) = 0; // signature may be empty
        virtual Status chunkData(QByteArrayView data) = 0;
        virtual Status chunkFinished() = 0;                                    // data and CRLF consumed
        virtual Status trailer(QByteArrayView name, QByteArrayView value) = 0; // name lower-case
        virtual Status finished() = 0;                                         // final empty line
    };

    static constexpr int kMaxLineBytes = 4096;     // one chunk header or trailer line
    static constexpr int kMaxTrailerBytes = 16384; // all trailer lines together

    explicit AwsChunkedDecoder(Sink *sink);

    Status feed(QByteArrayView data);
    // The raw body ended: fine only after the final empty line.
    Status endOfInput();
    bool isDone() const { return m_state == State::Done; }
    bool hasFailed() const { return m_failed; }

private:
    enum class State { Header, Data, DataCr, DataLf, Trailer, Done };

    Status fail(S3Error error, const QString &message);
    Status takeLine(QByteArrayView &data, bool &complete);
    Status headerLine();
    Status trailerLine();

    Sink *m_sink;
    State m_state = State::Header;
    QByteArray m_line;
    qint64 m_remaining = 0;
    int m_trailerBytes = 0;
    bool m_sawTrailer = false;
    bool m_failed = false;
};

} // namespace s3c
