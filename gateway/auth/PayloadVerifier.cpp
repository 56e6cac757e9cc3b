#include "PayloadVerifier.h"

#include "AwsChunkedDecoder.h"
#include "ChunkSignatureChain.h"
#include "Crypto.h"
#include "PayloadChecks.h"
#include "SigV4.h"

#include <QPointer>

#include <cstring>

namespace s3c {

namespace {

// Memory bound (style.md #6, design-notes.md #1): decoded bytes waiting for the reader stay
// below kOutputLimit + kReadBlock; raw bytes are read only while there is room, so a slow
// reader leaves the raw stream full and the HTTP layer stops reading the socket.
constexpr qint64 kReadBlock = 64 * 1024;
constexpr qint64 kOutputLimit = 512 * 1024;

bool isStreaming(PayloadMode mode)
{
    return mode == PayloadMode::StreamingSigned || mode == PayloadMode::StreamingSignedTrailer ||
           mode == PayloadMode::StreamingUnsignedTrailer;
}

bool isSignedStreaming(PayloadMode mode)
{
    return mode == PayloadMode::StreamingSigned || mode == PayloadMode::StreamingSignedTrailer;
}

} // namespace

class PayloadVerifier::Private : public AwsChunkedDecoder::Sink
{
public:
    explicit Private(PayloadVerifier *q) : q(q) {}

    PayloadVerifier *q;
    QPointer<BodyStream> raw;
    PayloadMode mode = PayloadMode::Unsigned;
    qint64 expectedLength = -1;
    qint64 maxBytes = -1; // decoded bytes allowed at most, -1: no limit
    qint64 decoded = 0;
    std::unique_ptr<PayloadChecks> checks;
    std::unique_ptr<AwsChunkedDecoder> decoder;
    std::unique_ptr<ChunkSignatureChain> chain;

    QByteArray out; // decoded, not yet read; out[outPos..] is pending
    qsizetype outPos = 0;
    QByteArray readBuffer;
    bool verified = false; // complete and every check passed
    bool failed = false;
    bool pumping = false;
    Failure failure;
    bool deliverQueued = false;
    bool finishedSent = false;
    bool failedSent = false;
    qint64 readableSent = 0;

    // Chunk signature state (signed streaming modes).
    Hasher chunkHash{Hasher::Algorithm::Sha256};
    QByteArray claimedSignature;
    int chunkIndex = 0;
    QByteArray trailerCanonical;
    QByteArray trailerSignature;

    qint64 pending() const { return out.size() - outPos; }
    // The last decoded byte stays back until every check passed (BodyStream contract).
    qint64 readable() const { return verified ? pending() : qMax<qint64>(0, pending() - 1); }

    void pump();
    void consume(QByteArrayView data);
    void endOfRaw();
    void fail(const Failure &f);
    void scheduleDelivery();
    void deliver();
    Status append(QByteArrayView data);
    Failure tooLarge() const
    {
        return Failure{
            S3Error::EntityTooLarge,
            QStringLiteral("The body is larger than the %1 bytes allowed in one request.").arg(maxBytes)};
    }

    // AwsChunkedDecoder::Sink
    Status chunkStarted(qint64 size, QByteArrayView signature) override;
    Status chunkData(QByteArrayView data) override;
    Status chunkFinished() override;
    Status trailer(QByteArrayView name, QByteArrayView value) override;
    Status finished() override;
};

Status PayloadVerifier::Private::append(QByteArrayView data)
{
    decoded += data.size();
    if (maxBytes >= 0 && decoded > maxBytes)
        return tooLarge();
    if (expectedLength >= 0 && decoded > expectedLength)
        return Failure{S3Error::IncompleteBody,
                       QStringLiteral("The body is longer than the %1 bytes announced.").arg(expectedLength)};
    checks->addData(data);
    out.append(data);
    return Done{};
}

void PayloadVerifier::Private::consume(QByteArrayView data)
{
    const Status s = decoder ? decoder->feed(data) : append(data);
    if (!s)
        fail(s.failure());
}

void PayloadVerifier::Private::pump()
{
    // Re-entry (a raw stream signalling from inside read()) would interleave two decoders' worth
    // of state; the outer loop picks up whatever arrived.
    if (pumping)
        return;
    pumping = true;
    while (!failed && !verified && raw && pending() < kOutputLimit) {
        const qint64 available = raw->bytesAvailable();
        if (available <= 0)
            break;
        readBuffer.resize(qsizetype(qMin(available, kReadBlock)));
        const qint64 got = raw->read(readBuffer.data(), readBuffer.size());
        if (got <= 0)
            break;
        consume(QByteArrayView(readBuffer.constData(), qsizetype(got)));
    }
    pumping = false;
    if (failed || verified)
        return;
    if (!raw)
        fail(Failure{S3Error::IncompleteBody, QStringLiteral("The request body went away.")});
    else if (raw->hasFailed())
        fail(Failure{S3Error::IncompleteBody, {}});
    else if (raw->isFinished() && raw->bytesAvailable() <= 0)
        endOfRaw();
}

void PayloadVerifier::Private::endOfRaw()
{
    if (decoder) {
        if (Status s = decoder->endOfInput(); !s)
            return fail(s.failure());
    }
    if (expectedLength >= 0 && decoded != expectedLength)
        return fail(Failure{
            S3Error::IncompleteBody,
            QStringLiteral("The body has %1 bytes, %2 were announced.").arg(decoded).arg(expectedLength)});
    if (Status s = checks->verify(); !s)
        return fail(s.failure());
    verified = true;
    scheduleDelivery();
}

void PayloadVerifier::Private::fail(const Failure &f)
{
    if (failed || verified)
        return;
    failed = true;
    failure = f;
    out.clear(); // nothing more of a refused body is handed out
    outPos = 0;
    scheduleDelivery();
}

void PayloadVerifier::Private::scheduleDelivery()
{
    if (deliverQueued)
        return;
    deliverQueued = true;
    // Signals go out from the event loop, never from inside read(): a reader may delete the
    // stream in its slot (CODING_GUIDELINES: callbacks never re-entrant).
    QMetaObject::invokeMethod(
        q, [this] { deliver(); }, Qt::QueuedConnection);
}

void PayloadVerifier::Private::deliver()
{
    deliverQueued = false;
    QPointer<PayloadVerifier> self(q);
    if (failed) {
        if (!failedSent) {
            failedSent = true;
            emit q->failed();
        }
        return;
    }
    if (readable() > 0 && readable() != readableSent) {
        readableSent = readable();
        emit q->readyRead();
        if (!self)
            return;
    }
    if (verified && !finishedSent) {
        finishedSent = true;
        emit q->finished();
    }
}

Status PayloadVerifier::Private::chunkStarted(qint64 size, QByteArrayView signature)
{
    // Refused on the chunk header, before any of its data is taken.
    if (expectedLength >= 0 && decoded + size > expectedLength)
        return Failure{S3Error::IncompleteBody, QStringLiteral("The aws-chunked chunk sizes exceed "
                                                               "x-amz-decoded-content-length.")};
    if (maxBytes >= 0 && decoded + size > maxBytes)
        return tooLarge();
    if (!chain)
        return Done{};
    if (signature.size() != 64)
        return Failure{
            S3Error::SignatureDoesNotMatch,
            QStringLiteral("aws-chunked chunk %1 carries no valid chunk-signature.").arg(chunkIndex)};
    claimedSignature = signature.toByteArray().toLower();
    chunkHash.reset();
    return Done{};
}

Status PayloadVerifier::Private::chunkData(QByteArrayView data)
{
    if (chain)
        chunkHash.addData(data);
    return append(data);
}

Status PayloadVerifier::Private::chunkFinished()
{
    const int index = chunkIndex++;
    if (!chain)
        return Done{};
    const QByteArray expected = chain->nextChunk(Crypto::toHex(chunkHash.result()));
    if (!Crypto::constantTimeEquals(expected, claimedSignature))
        return Failure{
            S3Error::SignatureDoesNotMatch,
            QStringLiteral("The chunk-signature of aws-chunked chunk %1 does not match.").arg(index)};
    return Done{};
}

Status PayloadVerifier::Private::trailer(QByteArrayView name, QByteArrayView value)
{
    if (name == "x-amz-trailer-signature") {
        if (mode != PayloadMode::StreamingSignedTrailer || !trailerSignature.isEmpty())
            return Failure{S3Error::InvalidRequest, QStringLiteral("Unexpected x-amz-trailer-signature.")};
        trailerSignature = value.toByteArray().toLower();
        return Done{};
    }
    if (!trailerSignature.isEmpty())
        return Failure{S3Error::InvalidRequest, QStringLiteral("A trailer follows x-amz-trailer-signature.")};
    // "Signature calculations for trailing headers": the trailer signs "name:value\n" lines.
    trailerCanonical.append(name).append(':').append(value).append('\n');
    return checks->trailer(name, value);
}

Status PayloadVerifier::Private::finished()
{
    if (mode == PayloadMode::StreamingSignedTrailer) {
        const QByteArray expected = chain->trailer(Crypto::sha256Hex(trailerCanonical));
        if (!Crypto::constantTimeEquals(expected, trailerSignature))
            return Failure{S3Error::SignatureDoesNotMatch,
                           trailerSignature.isEmpty()
                               ? QStringLiteral("The aws-chunked trailer has no x-amz-trailer-signature.")
                               : QStringLiteral("The x-amz-trailer-signature does not match.")};
    }
    return checks->trailersComplete();
}

Result<PayloadVerifier *> PayloadVerifier::create(BodyStream *raw, const HttpRequest &request,
                                                  const AuthContext &auth, QObject *parent, qint64 maxBytes)
{
    qint64 expected = request.contentLength;
    if (isStreaming(auth.payloadMode)) {
        // "Transferring Payload in Multiple Chunks": x-amz-decoded-content-length is the payload
        // size; Content-Length counts the framing too.
        bool ok = false;
        const QByteArray declared = request.header("x-amz-decoded-content-length").trimmed();
        expected = declared.toLongLong(&ok);
        if (!ok || expected < 0)
            return Failure{
                S3Error::MissingContentLength,
                QStringLiteral("aws-chunked uploads need a valid x-amz-decoded-content-length header.")};
    }
    if (maxBytes >= 0 && expected > maxBytes)
        return Failure{S3Error::EntityTooLarge, {}};
    Result<std::unique_ptr<PayloadChecks>> checks = PayloadChecks::fromRequest(request, auth);
    if (!checks)
        return checks.failure();
    if (isSignedStreaming(auth.payloadMode) && (auth.signingKey.isEmpty() || auth.seedSignature.isEmpty()))
        return Failure{S3Error::AccessDenied,
                       QStringLiteral("Signed aws-chunked uploads need a signed request.")};

    auto *v = new PayloadVerifier(parent);
    Private *d = v->d;
    d->raw = raw;
    d->mode = auth.payloadMode;
    d->expectedLength = expected;
    d->maxBytes = maxBytes;
    d->checks = std::move(*checks);
    if (isStreaming(auth.payloadMode))
        d->decoder = std::make_unique<AwsChunkedDecoder>(d);
    if (isSignedStreaming(auth.payloadMode))
        d->chain = std::make_unique<ChunkSignatureChain>(auth.signingKey, sigv4::amzDate(auth.requestTime),
                                                         auth.scope, auth.seedSignature);
    v->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    if (raw) {
        const auto onRaw = [d] {
            d->pump();
            d->scheduleDelivery();
        };
        connect(raw, &QIODevice::readyRead, v, onRaw);
        connect(raw, &BodyStream::finished, v, onRaw);
        connect(raw, &BodyStream::failed, v, onRaw);
        connect(raw, &QObject::destroyed, v, [d] {
            d->raw = nullptr; // gone mid-body: never touch the half-destroyed object
            d->pump();
            d->scheduleDelivery();
        });
    }
    // The raw stream may hold the whole body already (small requests): look once.
    QMetaObject::invokeMethod(
        v,
        [d] {
            d->pump();
            d->scheduleDelivery();
        },
        Qt::QueuedConnection);
    return v;
}

PayloadVerifier::PayloadVerifier(QObject *parent) : BodyStream(parent), d(new Private(this))
{
}

PayloadVerifier::~PayloadVerifier()
{
    delete d;
}

qint64 PayloadVerifier::expectedLength() const
{
    return d->expectedLength;
}

bool PayloadVerifier::isFinished() const
{
    return d->verified;
}

bool PayloadVerifier::hasFailed() const
{
    return d->failed;
}

bool PayloadVerifier::atEnd() const
{
    return d->failed || (d->verified && d->pending() == 0);
}

Failure PayloadVerifier::failure() const
{
    return d->failure;
}

QMap<QByteArray, QByteArray> PayloadVerifier::checksums() const
{
    QMap<QByteArray, QByteArray> all = verifiedChecksums();
    if (d->verified && !d->checks->md5().isEmpty())
        all.insert(QByteArrayLiteral("MD5"), d->checks->md5());
    return all;
}

QMap<QByteArray, QByteArray> PayloadVerifier::verifiedChecksums() const
{
    return d->verified ? d->checks->verifiedChecksums() : QMap<QByteArray, QByteArray>();
}

qint64 PayloadVerifier::readData(char *data, qint64 maxSize)
{
    const qint64 decodedBefore = d->decoded;
    if (!d->failed)
        d->pump();
    if (d->failed)
        return -1;
    // Bytes this read pulled from the raw stream, or left unread, are announced again: a reader
    // that reads once per readyRead would otherwise wait for a signal that never comes once
    // the raw stream has gone quiet.
    const bool pulled = d->decoded != decodedBefore;
    const qint64 n = qMin(maxSize, d->readable());
    if (n > 0) {
        std::memcpy(data, d->out.constData() + d->outPos, size_t(n));
        d->outPos += qsizetype(n);
        d->readableSent = d->readable();
        if (d->outPos == d->out.size()) {
            d->out.clear();
            d->outPos = 0;
        } else if (d->outPos >= kReadBlock) {
            d->out.remove(0, d->outPos);
            d->outPos = 0;
        }
    }
    const bool more = pulled || d->readable() > 0;
    if (more)
        d->readableSent = -1;
    if (more || d->verified || d->failed)
        d->scheduleDelivery();
    return n;
}

qint64 PayloadVerifier::writeData(const char *, qint64)
{
    return -1;
}

qint64 PayloadVerifier::bytesAvailable() const
{
    return d->readable() + BodyStream::bytesAvailable();
}

} // namespace s3c
