// The aws-chunked framing of SigV4 streaming uploads with trailers: AwsChunkedDecoder alone
// (split anywhere, the decoded events must not depend on the split), then PayloadVerifier over
// the same bytes in one of the streaming modes. Input: [mode byte][piece size][raw body].

#include "FuzzCheck.h"
#include "auth/AwsChunkedDecoder.h"
#include "auth/PayloadVerifier.h"
#include "http/BodyStream.h"

#include <QCoreApplication>

using namespace s3c;

namespace {

// Records what the decoder reports and checks the Sink contract as it goes.
class RecordingSink : public AwsChunkedDecoder::Sink
{
public:
    QByteArray log;   // every event, so two runs can be compared
    QByteArray data;  // the decoded payload
    qint64 inChunk = -1; // size of the open chunk, -1 between chunks
    qint64 chunkSeen = 0;
    bool done = false;

    Status chunkStarted(qint64 size, QByteArrayView signature) override
    {
        FUZZ_CHECK(!done && inChunk < 0 && size >= 0);
        inChunk = size;
        chunkSeen = 0;
        log += "start " + QByteArray::number(size) + ' ' + signature.toByteArray() + '\n';
        return Done{};
    }
    Status chunkData(QByteArrayView bytes) override
    {
        FUZZ_CHECK(inChunk >= 0 && !bytes.isEmpty());
        chunkSeen += bytes.size();
        FUZZ_CHECK(chunkSeen <= inChunk); // never more data than the chunk header announced
        data += bytes;
        return Done{};
    }
    Status chunkFinished() override
    {
        FUZZ_CHECK(inChunk >= 0 && chunkSeen == inChunk);
        inChunk = -1;
        log += "end\n";
        return Done{};
    }
    Status trailer(QByteArrayView name, QByteArrayView value) override
    {
        FUZZ_CHECK(!done && inChunk < 0 && !name.isEmpty());
        FUZZ_CHECK(name.toByteArray() == name.toByteArray().toLower()); // the Sink promises lower case
        FUZZ_CHECK(!name.contains('\r') && !name.contains('\n') && !value.contains('\r') && !value.contains('\n'));
        log += "trailer " + name.toByteArray() + ':' + value.toByteArray() + '\n';
        return Done{};
    }
    Status finished() override
    {
        FUZZ_CHECK(!done && inChunk < 0);
        done = true;
        log += "finished\n";
        return Done{};
    }
};

QByteArray decodeInPieces(QByteArrayView raw, qsizetype piece, QByteArray *payload)
{
    RecordingSink sink;
    AwsChunkedDecoder decoder(&sink);
    for (qsizetype pos = 0; pos < raw.size() && !decoder.hasFailed(); pos += piece) {
        const Status s = decoder.feed(raw.sliced(pos, qMin(piece, raw.size() - pos)));
        FUZZ_CHECK(bool(s) != decoder.hasFailed());
        if (!s)
            sink.log += "failed " + s.failure().text().toUtf8() + '\n';
    }
    if (!decoder.hasFailed()) {
        const Status s = decoder.endOfInput();
        FUZZ_CHECK(bool(s) == decoder.isDone());
        FUZZ_CHECK(decoder.isDone() == sink.done);
    }
    FUZZ_CHECK(sink.data.size() <= raw.size());
    *payload = sink.data;
    return sink.log;
}

// A raw body that has fully arrived.
class MemoryBody : public BodyStream
{
public:
    explicit MemoryBody(QByteArray bytes) : m_bytes(std::move(bytes)) { open(QIODevice::ReadOnly); }
    qint64 expectedLength() const override { return m_bytes.size(); }
    bool isFinished() const override { return true; }
    bool hasFailed() const override { return false; }
    qint64 bytesAvailable() const override { return m_bytes.size() - m_pos + BodyStream::bytesAvailable(); }

protected:
    qint64 readData(char *out, qint64 max) override
    {
        const qint64 n = qMin(max, m_bytes.size() - m_pos);
        std::memcpy(out, m_bytes.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_bytes;
    qint64 m_pos = 0;
};

void verifyPayload(const QByteArray &raw, uint8_t selector, qint64 decodedLength, const QByteArray &payload,
                   bool decodedCleanly)
{
    static const PayloadMode kModes[] = {PayloadMode::StreamingUnsignedTrailer, PayloadMode::StreamingSigned,
                                         PayloadMode::StreamingSignedTrailer, PayloadMode::StreamingUnsignedTrailer};
    static const char *const kTrailers[] = {"x-amz-checksum-crc32", "x-amz-checksum-crc32c",
                                            "x-amz-checksum-sha256", ""};
    AuthContext auth;
    auth.payloadMode = kModes[selector & 3];
    auth.signingKey = QByteArray(32, 'k');
    auth.seedSignature = QByteArray(64, 'a');
    auth.scope = "20130524/us-east-1/s3/aws4_request";
    auth.requestTime = QDateTime(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC);
    HttpRequest request;
    request.method = "PUT";
    request.rawTarget = "/bucket/key";
    request.headers.append({"x-amz-decoded-content-length", QByteArray::number(decodedLength)});
    const bool trailerMode = auth.payloadMode != PayloadMode::StreamingSigned;
    if (trailerMode && kTrailers[(selector >> 2) & 3][0])
        request.headers.append(HttpHeader{"x-amz-trailer", QByteArray(kTrailers[(selector >> 2) & 3])});

    MemoryBody body(raw);
    Result<PayloadVerifier *> created = PayloadVerifier::create(&body, request, auth);
    if (!created)
        return;
    std::unique_ptr<PayloadVerifier> verifier(*created);
    QByteArray out;
    char buffer[4096];
    for (int rounds = 0; rounds < 100000 && !verifier->hasFailed() && !verifier->atEnd(); ++rounds) {
        const qint64 n = verifier->read(buffer, sizeof buffer);
        if (n <= 0)
            break;
        out.append(buffer, qsizetype(n));
    }
    if (verifier->isFinished()) {
        // A verified body is exactly what the framing carried, and the framing was sound.
        FUZZ_CHECK(decodedCleanly);
        FUZZ_CHECK(out == payload);
    } else {
        FUZZ_CHECK(out.size() < qMax<qsizetype>(payload.size(), 1)); // the last byte is held back
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzzSilenceQtMessages();
    static QCoreApplication app(*argc, *argv); // PayloadVerifier posts its signals to the event loop
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 2)
        return 0;
    const uint8_t selector = bytes[0];
    const qsizetype piece = qMax<qsizetype>(1, bytes[1]);
    const QByteArray raw(reinterpret_cast<const char *>(bytes + 2), qsizetype(size) - 2);

    QByteArray whole, split;
    const QByteArray logWhole = decodeInPieces(raw, qMax<qsizetype>(1, raw.size()), &whole);
    const QByteArray logSplit = decodeInPieces(raw, piece, &split);
    // "Input may be split at any byte" (AwsChunkedDecoder.h): the split must change nothing.
    FUZZ_CHECK(logWhole == logSplit);
    FUZZ_CHECK(whole == split);

    const bool clean = logWhole.endsWith("finished\n");
    verifyPayload(raw, selector, (selector & 0x10) ? whole.size() : qint64(bytes[1]), whole, clean);
    QCoreApplication::sendPostedEvents(); // the verifier's queued deliveries, before the next input
    return 0;
}
