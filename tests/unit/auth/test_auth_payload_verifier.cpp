// PayloadVerifier over a raw body fed by hand (FakeBodyStream): every payload mode, framing split
// at every byte, each refusal with its S3 error, the held-back last byte, back-pressure, and
// boto3's default upload (aws-chunked, unsigned payload, CRC32 trailer).

#include "FakeBodyStream.h"
#include "FixedClock.h"
#include "StreamCollector.h"
#include "auth/AuthVerifier.h"
#include "auth/Checksum.h"
#include "auth/ChunkSignatureChain.h"
#include "auth/Crypto.h"
#include "auth/PayloadVerifier.h"
#include "auth/SigV4.h"
#include "auth/SigV4Signer.h"

#include <QDeadlineTimer>
#include <QtTest>

#include <memory>

using namespace s3c;

namespace {

using Trailers = QList<QPair<QByteArray, QByteArray>>;

const QByteArray kTimestamp = "20260301T120000Z";
const QByteArray kScope = "20260301/us-east-1/s3/aws4_request";

QDateTime t0()
{
    return QDateTime(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC);
}

QByteArray base64Checksum(Checksum::Algorithm algorithm, const QByteArray &data)
{
    Checksum c(algorithm);
    c.addData(data);
    return c.result().toBase64();
}

AuthContext context(PayloadMode mode, const QByteArray &contentSha256 = {})
{
    AuthContext c;
    c.accessKey = QStringLiteral("AKIDTEST");
    c.region = "us-east-1";
    c.service = "s3";
    c.requestTime = t0();
    c.scope = kScope;
    c.signingKey = sigv4::signingKey("secret", "20260301", "us-east-1", "s3");
    c.seedSignature = Crypto::sha256Hex("seed");
    c.payloadMode = mode;
    switch (mode) {
    case PayloadMode::SignedHex:
        c.contentSha256 = contentSha256;
        break;
    case PayloadMode::Unsigned:
        c.contentSha256 = "UNSIGNED-PAYLOAD";
        break;
    case PayloadMode::StreamingSigned:
        c.contentSha256 = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
        break;
    case PayloadMode::StreamingSignedTrailer:
        c.contentSha256 = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
        break;
    case PayloadMode::StreamingUnsignedTrailer:
        c.contentSha256 = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
        break;
    }
    return c;
}

// aws-chunked framing as SDKs write it; chunk signatures when `auth` has a signed mode.
QByteArray awsChunked(const QByteArray &data, int chunkSize, const AuthContext &auth,
                      const Trailers &trailers = {})
{
    const bool signedChunks = auth.payloadMode == PayloadMode::StreamingSigned ||
                              auth.payloadMode == PayloadMode::StreamingSignedTrailer;
    ChunkSignatureChain chain(auth.signingKey, kTimestamp, auth.scope, auth.seedSignature);
    QByteArray out;
    for (qsizetype pos = 0;; pos += chunkSize) {
        const QByteArray chunk = data.mid(pos, chunkSize);
        out += QByteArray::number(chunk.size(), 16);
        if (signedChunks)
            out += ";chunk-signature=" + chain.nextChunk(Crypto::sha256Hex(chunk));
        out += "\r\n";
        if (chunk.isEmpty())
            break;
        out += chunk + "\r\n";
    }
    QByteArray canonical;
    for (const auto &[name, value] : trailers) {
        out += name + ':' + value + "\r\n";
        canonical += name + ':' + value + '\n';
    }
    if (auth.payloadMode == PayloadMode::StreamingSignedTrailer)
        out += "x-amz-trailer-signature:" + chain.trailer(Crypto::sha256Hex(canonical)) + "\r\n";
    out += "\r\n";
    return out;
}

HttpRequest putRequest(const QList<HttpHeader> &headers, qint64 contentLength)
{
    HttpRequest r;
    r.method = "PUT";
    r.rawTarget = "/bucket/key";
    r.headers = headers;
    r.contentLength = contentLength;
    return r;
}

HttpRequest chunkedRequest(qint64 decodedLength, qint64 encodedLength, const QList<HttpHeader> &extra = {})
{
    QList<HttpHeader> headers{{"Content-Encoding", "aws-chunked"},
                              {"x-amz-decoded-content-length", QByteArray::number(decodedLength)}};
    return putRequest(headers + extra, encodedLength);
}

// One verifier over one fake raw stream, read by a collector.
struct Run
{
    std::unique_ptr<FakeBodyStream> raw;
    std::unique_ptr<PayloadVerifier> verifier;
    std::unique_ptr<StreamCollector> collector;
    Failure createFailure;
    bool created = false;

    Run(const HttpRequest &request, const AuthContext &auth, qint64 readSize = 1 << 20,
        qint64 maxBytes = HttpLimits().maxSinglePutBytes)
        : raw(new FakeBodyStream(request.contentLength))
    {
        Result<PayloadVerifier *> v = PayloadVerifier::create(raw.get(), request, auth, nullptr, maxBytes);
        created = v.ok();
        if (!created) {
            createFailure = v.failure();
            return;
        }
        verifier.reset(*v);
        collector = std::make_unique<StreamCollector>(verifier.get(), readSize);
    }
    // Processes queued events until the body finished or failed; a deadline, never a sleep.
    bool settle(int ms = 5000)
    {
        QDeadlineTimer deadline(ms);
        while (!collector->done() && !deadline.hasExpired())
            QCoreApplication::processEvents();
        QCoreApplication::processEvents(); // anything queued after the last signal
        return collector->done();
    }
    S3Error error() const { return verifier->failure().error; }
};

} // namespace

class TestPayloadVerifier : public QObject
{
    Q_OBJECT

private slots:
    void signedHexVerifies();
    void signedHexMismatch();
    void unsignedPassesThrough();
    void emptyBody();
    void lastByteHeldBackUntilVerified();
    void contentMd5();
    void contentMd5Malformed_data();
    void contentMd5Malformed();
    void headerChecksums_data();
    void headerChecksums();
    void checksumHeaderSetupErrors_data();
    void checksumHeaderSetupErrors();
    void everySplitPosition_data();
    void everySplitPosition();
    void trailerChecksums_data();
    void trailerChecksums();
    void badChunkSize();
    void oversizedChunkHeader();
    void chunkSizeLies();
    void badChunkSignature();
    void missingChunkSignature();
    void badTrailerSignature();
    void badTrailerChecksum();
    void declaredTrailerMissing();
    void undeclaredTrailer();
    void otherTrailersRefused_data();
    void otherTrailersRefused();
    void decodedBytesCapped_data();
    void decodedBytesCapped();
    void missingFinalChunk();
    void dataAfterFinalChunk();
    void decodedLengthMismatch_data();
    void decodedLengthMismatch();
    void decodedLengthRequired();
    void earlyEndOfRawStream_data();
    void earlyEndOfRawStream();
    void backPressure();
    void lazyReaderNeverStalls();
    void boto3DefaultUpload();
};

void TestPayloadVerifier::signedHexVerifies()
{
    const QByteArray body = "hello world";
    Run run(putRequest({}, body.size()), context(PayloadMode::SignedHex, Crypto::sha256Hex(body)));
    QVERIFY(run.created);
    run.raw->feed(body);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.collector->finishedCount, 1);
    QCOMPARE(run.collector->failedCount, 0);
    QCOMPARE(run.collector->data, body);
    QVERIFY(run.verifier->isFinished());
    QVERIFY(run.verifier->atEnd());
    QVERIFY(!run.collector->sawAtEndEarly);
}

void TestPayloadVerifier::signedHexMismatch()
{
    const QByteArray body = "hello world";
    Run run(putRequest({}, body.size()), context(PayloadMode::SignedHex, Crypto::sha256Hex("hello there")));
    run.raw->feed(body);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.collector->failedCount, 1);
    QCOMPARE(run.collector->finishedCount, 0);
    QCOMPARE(run.error(), S3Error::XAmzContentSHA256Mismatch);
    QVERIFY(run.collector->data.size() < body.size()); // never the whole, wrong body
    QVERIFY(run.verifier->hasFailed());
    char c;
    QCOMPARE(run.verifier->read(&c, 1), qint64(-1));
}

void TestPayloadVerifier::unsignedPassesThrough()
{
    const QByteArray body(100000, 'x');
    Run run(putRequest({}, body.size()), context(PayloadMode::Unsigned));
    QCOMPARE(run.verifier->expectedLength(), body.size());
    run.raw->feed(body.first(50000));
    run.raw->feed(body.sliced(50000));
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.collector->finishedCount, 1);
    QCOMPARE(run.collector->data, body);
    QVERIFY(run.verifier->verifiedChecksums().isEmpty());
}

void TestPayloadVerifier::emptyBody()
{
    Run run(putRequest({}, 0), context(PayloadMode::SignedHex, Crypto::emptySha256Hex()));
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.collector->finishedCount, 1);
    QVERIFY(run.collector->data.isEmpty());
    QVERIFY(run.verifier->atEnd());
}

void TestPayloadVerifier::lastByteHeldBackUntilVerified()
{
    const QByteArray body = "0123456789";
    Run run(putRequest({}, body.size()), context(PayloadMode::SignedHex, Crypto::sha256Hex(body)));
    run.raw->feed(body);
    QTRY_COMPARE(run.collector->data, body.first(9));
    QVERIFY(!run.verifier->isFinished());
    QVERIFY(!run.verifier->atEnd());
    QCOMPARE(run.verifier->bytesAvailable(), qint64(0));
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.collector->data, body);
    QCOMPARE(run.collector->finishedCount, 1);
}

void TestPayloadVerifier::contentMd5()
{
    const QByteArray body = "The Content-MD5 header carries the base64 MD5 of the body.";
    const QByteArray md5 = QCryptographicHash::hash(body, QCryptographicHash::Md5);
    Run good(putRequest({{"Content-MD5", md5.toBase64()}}, body.size()), context(PayloadMode::Unsigned));
    good.raw->feed(body);
    good.raw->finish();
    QVERIFY(good.settle());
    QCOMPARE(good.collector->finishedCount, 1);
    QCOMPARE(good.verifier->checksums().value("MD5"), md5);

    Run bad(
        putRequest({{"Content-MD5", QCryptographicHash::hash("other", QCryptographicHash::Md5).toBase64()}},
                   body.size()),
        context(PayloadMode::Unsigned));
    bad.raw->feed(body);
    bad.raw->finish();
    QVERIFY(bad.settle());
    QCOMPARE(bad.error(), S3Error::BadDigest);
    QVERIFY(bad.verifier->failure().message.contains(u"Content-MD5"));
}

void TestPayloadVerifier::contentMd5Malformed_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("not base64") << QByteArray("not base64!");
    QTest::newRow("15 bytes") << QByteArray(15, 'a').toBase64();
    QTest::newRow("hex instead") << QByteArray("900150983cd24fb0d6963f7d28e17f72");
    QTest::newRow("empty") << QByteArray();
}

void TestPayloadVerifier::contentMd5Malformed()
{
    QFETCH(QByteArray, value);
    Run run(putRequest({{"Content-MD5", value}}, 3), context(PayloadMode::Unsigned));
    QVERIFY(!run.created);
    QCOMPARE(run.createFailure.error, S3Error::InvalidDigest);
}

void TestPayloadVerifier::headerChecksums_data()
{
    QTest::addColumn<int>("algorithm");
    QTest::addColumn<bool>("correct");
    for (const Checksum::Algorithm a :
         {Checksum::Algorithm::Crc32, Checksum::Algorithm::Crc32c, Checksum::Algorithm::Crc64Nvme,
          Checksum::Algorithm::Sha1, Checksum::Algorithm::Sha256}) {
        QTest::addRow("%s ok", Checksum::name(a).constData()) << int(a) << true;
        QTest::addRow("%s mismatch", Checksum::name(a).constData()) << int(a) << false;
    }
}

void TestPayloadVerifier::headerChecksums()
{
    QFETCH(int, algorithm);
    QFETCH(bool, correct);
    const auto a = Checksum::Algorithm(algorithm);
    const QByteArray body = "checksummed body";
    const QByteArray value = base64Checksum(a, correct ? body : QByteArray("other body"));
    Run run(putRequest({{Checksum::headerName(a), value}}, body.size()),
            context(PayloadMode::SignedHex, Crypto::sha256Hex(body)));
    QVERIFY(run.created);
    run.raw->feed(body);
    run.raw->finish();
    QVERIFY(run.settle());
    if (correct) {
        QCOMPARE(run.collector->finishedCount, 1);
        QCOMPARE(run.verifier->verifiedChecksums().value(Checksum::name(a)), value);
    } else {
        QCOMPARE(run.error(), S3Error::BadDigest);
        QVERIFY2(run.verifier->failure().message.contains(QString::fromLatin1(Checksum::name(a))),
                 qPrintable(run.verifier->failure().message));
        QVERIFY(run.verifier->verifiedChecksums().isEmpty());
    }
}

void TestPayloadVerifier::checksumHeaderSetupErrors_data()
{
    QTest::addColumn<QList<HttpHeader>>("headers");
    const QByteArray crc = base64Checksum(Checksum::Algorithm::Crc32, "abc");
    QTest::newRow("unknown algorithm") << QList<HttpHeader>{{"x-amz-checksum-crc99", crc}};
    QTest::newRow("bad base64") << QList<HttpHeader>{{"x-amz-checksum-crc32", "!!!"}};
    QTest::newRow("wrong length") << QList<HttpHeader>{{"x-amz-checksum-sha256", crc}};
    QTest::newRow("two checksums") << QList<HttpHeader>{{"x-amz-checksum-crc32", crc},
                                                        {"x-amz-checksum-crc32c", crc}};
    QTest::newRow("trailer without streaming")
        << QList<HttpHeader>{{"x-amz-trailer", "x-amz-checksum-crc32"}};
}

void TestPayloadVerifier::checksumHeaderSetupErrors()
{
    QFETCH(QList<HttpHeader>, headers);
    Run run(putRequest(headers, 3), context(PayloadMode::Unsigned));
    QVERIFY(!run.created);
    QCOMPARE(run.createFailure.error, S3Error::InvalidRequest);
    // Settings named like checksums are not checksums.
    Run settings(
        putRequest({{"x-amz-checksum-algorithm", "CRC32"}, {"x-amz-checksum-type", "FULL_OBJECT"}}, 3),
        context(PayloadMode::Unsigned));
    QVERIFY(settings.created);
}

void TestPayloadVerifier::everySplitPosition_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("signed chunks") << int(PayloadMode::StreamingSigned);
    QTest::newRow("signed chunks and trailer") << int(PayloadMode::StreamingSignedTrailer);
    QTest::newRow("unsigned with trailer") << int(PayloadMode::StreamingUnsignedTrailer);
}

void TestPayloadVerifier::everySplitPosition()
{
    // The framing may be cut anywhere: inside a chunk header, a signature, a CRLF, the trailer.
    QFETCH(int, mode);
    const AuthContext auth = context(PayloadMode(mode));
    const QByteArray body = "Hello, aws-chunked world!";
    const bool trailer = PayloadMode(mode) != PayloadMode::StreamingSigned;
    const Trailers trailers =
        trailer ? Trailers{{"x-amz-checksum-crc32c", base64Checksum(Checksum::Algorithm::Crc32c, body)}}
                : Trailers{};
    const QByteArray encoded = awsChunked(body, 10, auth, trailers);
    const QList<HttpHeader> extra =
        trailer ? QList<HttpHeader>{{"x-amz-trailer", "x-amz-checksum-crc32c"}} : QList<HttpHeader>{};
    for (qsizetype split = 0; split <= encoded.size(); ++split) {
        Run run(chunkedRequest(body.size(), encoded.size(), extra), auth);
        QVERIFY(run.created);
        run.raw->feed(encoded.first(split));
        QCoreApplication::processEvents();
        run.raw->feed(encoded.sliced(split));
        run.raw->finish();
        QVERIFY2(run.settle(), qPrintable(QString::number(split)));
        QVERIFY2(run.collector->finishedCount == 1,
                 qPrintable(QStringLiteral("split %1: %2").arg(split).arg(run.verifier->failure().text())));
        QCOMPARE(run.collector->data, body);
    }
    // And one byte at a time, with the reader reading one byte at a time.
    Run run(chunkedRequest(body.size(), encoded.size(), extra), auth, 1);
    for (const char c : encoded) {
        run.raw->feed(QByteArray(1, c));
        QCoreApplication::processEvents();
    }
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.collector->finishedCount, 1);
    QCOMPARE(run.collector->data, body);
    if (trailer)
        QCOMPARE(run.verifier->verifiedChecksums().value("CRC32C"), trailers.first().second);
}

void TestPayloadVerifier::trailerChecksums_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("algorithm");
    for (const PayloadMode m : {PayloadMode::StreamingUnsignedTrailer, PayloadMode::StreamingSignedTrailer}) {
        for (const Checksum::Algorithm a : {Checksum::Algorithm::Crc32, Checksum::Algorithm::Crc32c,
                                            Checksum::Algorithm::Sha1, Checksum::Algorithm::Sha256}) {
            QTest::addRow("%s %s", m == PayloadMode::StreamingSignedTrailer ? "signed" : "unsigned",
                          Checksum::name(a).constData())
                << int(m) << int(a);
        }
    }
}

void TestPayloadVerifier::trailerChecksums()
{
    QFETCH(int, mode);
    QFETCH(int, algorithm);
    const auto a = Checksum::Algorithm(algorithm);
    const AuthContext auth = context(PayloadMode(mode));
    const QByteArray body(70000, 'q');
    const QByteArray value = base64Checksum(a, body);
    const QByteArray encoded = awsChunked(body, 65536, auth, {{Checksum::headerName(a), value}});
    Run run(chunkedRequest(body.size(), encoded.size(), {{"x-amz-trailer", Checksum::headerName(a)}}), auth);
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.collector->finishedCount, 1);
    QCOMPARE(run.collector->data.size(), body.size());
    QCOMPARE(run.verifier->verifiedChecksums().value(Checksum::name(a)), value);
}

void TestPayloadVerifier::badChunkSize()
{
    const AuthContext auth = context(PayloadMode::StreamingUnsignedTrailer);
    Run run(chunkedRequest(3, 100), auth);
    run.raw->feed("zz\r\nabc\r\n0\r\n\r\n");
    QVERIFY(run.settle()); // refused at once, without waiting for the end of the body
    QCOMPARE(run.error(), S3Error::InvalidRequest);
    QVERIFY(run.verifier->failure().message.contains(u"chunk size"));
    Run negative(chunkedRequest(3, 100), auth);
    negative.raw->feed("-3\r\nabc\r\n");
    QVERIFY(negative.settle());
    QCOMPARE(negative.error(), S3Error::InvalidRequest);
    Run huge(chunkedRequest(3, 100), auth);
    huge.raw->feed("10000000000000000\r\n");
    QVERIFY(huge.settle());
    QCOMPARE(huge.error(), S3Error::InvalidRequest);
}

void TestPayloadVerifier::oversizedChunkHeader()
{
    // A header line that never ends must not be buffered without bound, nor wait for more.
    Run run(chunkedRequest(3, 1 << 20), context(PayloadMode::StreamingSigned));
    run.raw->feed("3;chunk-signature=" + QByteArray(8000, 'a'));
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::InvalidRequest);
}

void TestPayloadVerifier::chunkSizeLies()
{
    Run run(chunkedRequest(5, 100), context(PayloadMode::StreamingUnsignedTrailer));
    run.raw->feed("3\r\nabcde\r\n0\r\n\r\n");
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::InvalidRequest);
}

void TestPayloadVerifier::badChunkSignature()
{
    const AuthContext auth = context(PayloadMode::StreamingSigned);
    const QByteArray body(300, 'z');
    QByteArray encoded = awsChunked(body, 100, auth);
    // Flip one digit of the second chunk's signature.
    const qsizetype second =
        encoded.indexOf("chunk-signature=", encoded.indexOf("chunk-signature=") + 1) + 16;
    encoded[second] = encoded[second] == '0' ? '1' : '0';
    Run run(chunkedRequest(body.size(), encoded.size()), auth);
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::SignatureDoesNotMatch);
    QVERIFY(run.collector->data.size() < body.size());
    // Data signed for another request (another seed) is refused from the first chunk.
    AuthContext other = auth;
    other.seedSignature = Crypto::sha256Hex("another request");
    const QByteArray replayed = awsChunked(body, 100, other);
    Run replay(chunkedRequest(body.size(), replayed.size()), auth);
    replay.raw->feed(replayed);
    QVERIFY(replay.settle());
    QCOMPARE(replay.error(), S3Error::SignatureDoesNotMatch);
    QVERIFY(replay.collector->data.size() <= 100);
}

void TestPayloadVerifier::missingChunkSignature()
{
    // An unsigned framing sent where signed chunks were promised.
    const QByteArray encoded = awsChunked("abc", 10, context(PayloadMode::StreamingUnsignedTrailer));
    Run run(chunkedRequest(3, encoded.size()), context(PayloadMode::StreamingSigned));
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::SignatureDoesNotMatch);
}

void TestPayloadVerifier::badTrailerSignature()
{
    const AuthContext auth = context(PayloadMode::StreamingSignedTrailer);
    const QByteArray body = "trailer signed";
    const QByteArray crc = base64Checksum(Checksum::Algorithm::Crc32, body);
    QByteArray encoded = awsChunked(body, 8, auth, {{"x-amz-checksum-crc32", crc}});
    // Same trailer signature, different trailer value: the signature covers the trailer.
    encoded.replace(crc, base64Checksum(Checksum::Algorithm::Crc32, "trailer signeD"));
    Run run(chunkedRequest(body.size(), encoded.size(), {{"x-amz-trailer", "x-amz-checksum-crc32"}}), auth);
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::SignatureDoesNotMatch);
    QVERIFY(run.verifier->failure().message.contains(u"trailer"));
}

void TestPayloadVerifier::badTrailerChecksum()
{
    const AuthContext auth = context(PayloadMode::StreamingUnsignedTrailer);
    const QByteArray body = "the body";
    const QByteArray encoded = awsChunked(
        body, 8, auth, {{"x-amz-checksum-crc32", base64Checksum(Checksum::Algorithm::Crc32, "another")}});
    Run run(chunkedRequest(body.size(), encoded.size(), {{"x-amz-trailer", "x-amz-checksum-crc32"}}), auth);
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::BadDigest);
    QVERIFY(run.verifier->failure().message.contains(u"CRC32"));
    QVERIFY(run.collector->data.size() < body.size());
}

void TestPayloadVerifier::declaredTrailerMissing()
{
    const AuthContext auth = context(PayloadMode::StreamingUnsignedTrailer);
    const QByteArray encoded = awsChunked("abc", 8, auth);
    Run run(chunkedRequest(3, encoded.size(), {{"x-amz-trailer", "x-amz-checksum-crc32"}}), auth);
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::MalformedTrailerError);
    QVERIFY(run.verifier->failure().message.contains(u"x-amz-checksum-crc32"));
}

void TestPayloadVerifier::undeclaredTrailer()
{
    const AuthContext auth = context(PayloadMode::StreamingUnsignedTrailer);
    const QByteArray encoded = awsChunked(
        "abc", 8, auth, {{"x-amz-checksum-sha1", base64Checksum(Checksum::Algorithm::Sha1, "abc")}});
    Run run(chunkedRequest(3, encoded.size()), auth);
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::MalformedTrailerError);
}

void TestPayloadVerifier::otherTrailersRefused_data()
{
    // Only what x-amz-trailer declared, each once; in STREAMING-UNSIGNED-PAYLOAD-TRAILER nothing
    // else protects the trailer, so anything else is refused.
    QTest::addColumn<int>("mode");
    QTest::addColumn<QByteArray>("declared");
    QTest::addColumn<Trailers>("trailers");
    const QByteArray crc = base64Checksum(Checksum::Algorithm::Crc32, "abc");
    for (const PayloadMode m : {PayloadMode::StreamingUnsignedTrailer, PayloadMode::StreamingSignedTrailer}) {
        const char *name = m == PayloadMode::StreamingSignedTrailer ? "signed" : "unsigned";
        QTest::addRow("%s undeclared header", name)
            << int(m) << QByteArray("x-amz-checksum-crc32")
            << Trailers{{"x-amz-checksum-crc32", crc}, {"x-amz-meta-injected", "yes"}};
        QTest::addRow("%s header before the checksum", name)
            << int(m) << QByteArray("x-amz-checksum-crc32")
            << Trailers{{"content-type", "text/html"}, {"x-amz-checksum-crc32", crc}};
        QTest::addRow("%s duplicate", name)
            << int(m) << QByteArray("x-amz-checksum-crc32")
            << Trailers{{"x-amz-checksum-crc32", crc}, {"x-amz-checksum-crc32", crc}};
        QTest::addRow("%s nothing declared", name) << int(m) << QByteArray() << Trailers{{"x-foo", "bar"}};
    }
    QTest::newRow("signed chunks, no trailer mode")
        << int(PayloadMode::StreamingSigned) << QByteArray() << Trailers{{"x-foo", "bar"}};
}

void TestPayloadVerifier::otherTrailersRefused()
{
    QFETCH(int, mode);
    QFETCH(QByteArray, declared);
    QFETCH(Trailers, trailers);
    const AuthContext auth = context(PayloadMode(mode));
    const QByteArray encoded = awsChunked("abc", 8, auth, trailers);
    const QList<HttpHeader> extra =
        declared.isEmpty() ? QList<HttpHeader>{} : QList<HttpHeader>{{"x-amz-trailer", declared}};
    Run run(chunkedRequest(3, encoded.size(), extra), auth);
    QVERIFY(run.created);
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::MalformedTrailerError);
    QCOMPARE(httpStatus(run.error()), 400);
    QCOMPARE(run.collector->finishedCount, 0);
}

void TestPayloadVerifier::decodedBytesCapped_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("awsChunkedFraming");
    QTest::addColumn<qint64>("declared"); // x-amz-decoded-content-length, -1: none
    QTest::addColumn<int>("bodySize");
    // The limit applies to the decoded bytes, whatever the framing.
    QTest::newRow("aws-chunked declares too much")
        << int(PayloadMode::StreamingSigned) << true << qint64(11) << 11;
    QTest::newRow("aws-chunked unsigned declares too much")
        << int(PayloadMode::StreamingUnsignedTrailer) << true << qint64(1000) << 5;
    // Outside the STREAMING-* modes x-amz-decoded-content-length means nothing and must not
    // lift the limit off a Transfer-Encoding: chunked body.
    QTest::newRow("chunked unsigned with a small decoded length")
        << int(PayloadMode::Unsigned) << false << qint64(5) << 20;
    QTest::newRow("chunked unsigned") << int(PayloadMode::Unsigned) << false << qint64(-1) << 20;
}

void TestPayloadVerifier::decodedBytesCapped()
{
    QFETCH(int, mode);
    QFETCH(bool, awsChunkedFraming);
    QFETCH(qint64, declared);
    QFETCH(int, bodySize);
    constexpr qint64 kMax = 10;
    const AuthContext auth = context(PayloadMode(mode));
    const QByteArray body(bodySize, 'x');
    QByteArray wire = awsChunkedFraming ? awsChunked(body, 4, auth) : body;
    HttpRequest request = putRequest({}, -1);
    request.chunked = true;
    if (declared >= 0)
        request.headers.append(HttpHeader{"x-amz-decoded-content-length", QByteArray::number(declared)});
    if (awsChunkedFraming)
        request.headers.append(HttpHeader{"Content-Encoding", "aws-chunked"});
    Run run(request, auth, 1 << 20, kMax);
    if (!run.created) {
        QCOMPARE(run.createFailure.error, S3Error::EntityTooLarge);
        QVERIFY(declared > kMax);
        return;
    }
    QVERIFY(!awsChunkedFraming);
    QCOMPARE(run.verifier->expectedLength(), qint64(-1)); // the header was not taken as a length
    run.raw->feed(wire);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::EntityTooLarge);
    QVERIFY(run.collector->data.size() <= kMax);
}

void TestPayloadVerifier::missingFinalChunk()
{
    const AuthContext auth = context(PayloadMode::StreamingSigned);
    const QByteArray body(50, 'm');
    const QByteArray encoded = awsChunked(body, 50, auth);
    const QByteArray cut = encoded.first(encoded.indexOf("\r\n0;") + 2); // the data chunk only
    Run run(chunkedRequest(body.size(), cut.size()), auth);
    run.raw->feed(cut);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::IncompleteBody);
}

void TestPayloadVerifier::dataAfterFinalChunk()
{
    const AuthContext auth = context(PayloadMode::StreamingUnsignedTrailer);
    const QByteArray encoded = awsChunked("abc", 8, auth) + "garbage";
    Run run(chunkedRequest(3, encoded.size()), auth);
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::InvalidRequest);
}

void TestPayloadVerifier::decodedLengthMismatch_data()
{
    QTest::addColumn<qint64>("declared");
    QTest::newRow("declared shorter") << qint64(5);
    QTest::newRow("declared longer") << qint64(50);
}

void TestPayloadVerifier::decodedLengthMismatch()
{
    QFETCH(qint64, declared);
    const AuthContext auth = context(PayloadMode::StreamingSigned);
    const QByteArray body(20, 'd');
    const QByteArray encoded = awsChunked(body, 8, auth);
    Run run(chunkedRequest(declared, encoded.size()), auth);
    QCOMPARE(run.verifier->expectedLength(), declared);
    run.raw->feed(encoded);
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.error(), S3Error::IncompleteBody);
}

void TestPayloadVerifier::decodedLengthRequired()
{
    Run missing(putRequest({{"Content-Encoding", "aws-chunked"}}, 100),
                context(PayloadMode::StreamingSigned));
    QVERIFY(!missing.created);
    QCOMPARE(missing.createFailure.error, S3Error::MissingContentLength);
    Run bogus(putRequest({{"x-amz-decoded-content-length", "12abc"}}, 100),
              context(PayloadMode::StreamingUnsignedTrailer));
    QVERIFY(!bogus.created);
}

void TestPayloadVerifier::earlyEndOfRawStream_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("clientGone");
    QTest::newRow("plain body ends short") << int(PayloadMode::SignedHex) << false;
    QTest::newRow("plain body, client gone") << int(PayloadMode::SignedHex) << true;
    QTest::newRow("chunked ends mid chunk") << int(PayloadMode::StreamingSigned) << false;
    QTest::newRow("chunked, client gone") << int(PayloadMode::StreamingUnsignedTrailer) << true;
}

void TestPayloadVerifier::earlyEndOfRawStream()
{
    QFETCH(int, mode);
    QFETCH(bool, clientGone);
    const QByteArray body(1000, 'e');
    AuthContext auth = context(PayloadMode(mode), Crypto::sha256Hex(body));
    const bool chunked = PayloadMode(mode) != PayloadMode::SignedHex;
    const QByteArray encoded = chunked ? awsChunked(body, 300, auth) : body;
    Run run(chunked ? chunkedRequest(body.size(), encoded.size()) : putRequest({}, body.size()), auth);
    run.raw->feed(encoded.first(encoded.size() / 2));
    QCoreApplication::processEvents();
    if (clientGone)
        run.raw->fail();
    else
        run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.collector->failedCount, 1);
    QCOMPARE(run.collector->finishedCount, 0);
    QCOMPARE(run.error(), S3Error::IncompleteBody);
}

void TestPayloadVerifier::backPressure()
{
    // 8 MiB arrive but nobody reads: the verifier takes at most ~1 MiB off the raw stream.
    const QByteArray body(8 << 20, 'b');
    const AuthContext auth = context(PayloadMode::StreamingUnsignedTrailer);
    const QByteArray encoded = awsChunked(body, 4 << 20, auth);
    FakeBodyStream raw(encoded.size());
    Result<PayloadVerifier *> created =
        PayloadVerifier::create(&raw, chunkedRequest(body.size(), encoded.size()), auth);
    QVERIFY(created.ok());
    std::unique_ptr<PayloadVerifier> verifier(*created);
    QSignalSpy ready(verifier.get(), &QIODevice::readyRead);
    raw.feed(encoded);
    raw.finish();
    QTRY_VERIFY(ready.count() > 0);
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents();
    QVERIFY2(raw.consumed() <= (1 << 20) + 4096, qPrintable(QString::number(raw.consumed())));
    QVERIFY(!verifier->isFinished());
    // Reading drains it all; the raw stream is read only as fast as the reader reads.
    QByteArray out;
    QDeadlineTimer deadline(10000);
    while (!verifier->isFinished() && !verifier->hasFailed() && !deadline.hasExpired()) {
        const QByteArray piece = verifier->read(256 * 1024);
        out += piece;
        QVERIFY(raw.consumed() - out.size() <= (1 << 20) + 4096);
        QCoreApplication::processEvents();
    }
    out += verifier->readAll();
    QVERIFY(verifier->isFinished());
    QCOMPARE(out.size(), body.size());
    QVERIFY(out == body);
}

void TestPayloadVerifier::lazyReaderNeverStalls()
{
    // The whole body is already in the raw stream (no more raw signals will come) and the reader
    // reads one small piece per readyRead: every piece it pulls must be announced again.
    const QByteArray body(3 << 20, 'l');
    Run run(putRequest({}, body.size()), context(PayloadMode::SignedHex, Crypto::sha256Hex(body)), 16 * 1024);
    run.collector->readOncePerSignal = true;
    run.raw->feed(body);
    run.raw->finish();
    QVERIFY(run.settle(20000));
    QCOMPARE(run.collector->finishedCount, 1);
    // finished() says the body is complete and verified; the lazy reader still has to read it.
    QDeadlineTimer deadline(20000);
    while (run.collector->data.size() < body.size() && !deadline.hasExpired())
        QCoreApplication::processEvents();
    QCOMPARE(run.collector->data.size(), body.size());
    QVERIFY(run.verifier->atEnd());
}

void TestPayloadVerifier::boto3DefaultUpload()
{
    // boto3 >= 1.36 / aws cli v2 defaults for PutObject, header for header: aws-chunked with an
    // unsigned payload and a CRC32 trailer, signed with STREAMING-UNSIGNED-PAYLOAD-TRAILER.
    const Credentials keys{QStringLiteral("AKIDBOTO3DEFAULT0001"),
                           QStringLiteral("boto3-secret-key-for-this-test-0000000")};
    const QByteArray body = QByteArray("boto3 sends this through aws-chunked\n").repeated(3000);
    const QByteArray crc = base64Checksum(Checksum::Algorithm::Crc32, body);
    // botocore's AwsChunkedWrapper: lower-case hex size, CRLF, data, CRLF; "0" chunk; trailer.
    QByteArray encoded;
    for (qsizetype pos = 0; pos < body.size(); pos += 65536) {
        const QByteArray chunk = body.mid(pos, 65536);
        encoded += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    }
    encoded += "0\r\nx-amz-checksum-crc32:" + crc + "\r\n\r\n";

    HttpRequest request;
    request.method = "PUT";
    request.rawTarget = "/bucket/some%20key.txt";
    request.contentLength = encoded.size();
    request.headers = {{"Host", "127.0.0.1:9000"},
                       {"Content-Encoding", "aws-chunked"},
                       {"x-amz-trailer", "x-amz-checksum-crc32"},
                       {"x-amz-sdk-checksum-algorithm", "CRC32"},
                       {"x-amz-decoded-content-length", QByteArray::number(body.size())},
                       {"Content-Length", QByteArray::number(encoded.size())}};
    const SigV4Signer signer(keys, "us-east-1");
    request.headers +=
        signer.sign({"PUT", request.rawTarget, request.headers, "STREAMING-UNSIGNED-PAYLOAD-TRAILER"}, t0())
            .headers;
    request.headers.append(HttpHeader{"User-Agent", "Boto3/1.43.0 md/Botocore#1.43.0"});
    request.headers.append(HttpHeader{"Expect", "100-continue"});

    FixedClock clock(t0());
    AuthVerifier verifier(&clock);
    verifier.setCredentials({keys});
    const Result<AuthContext> auth = verifier.verify(request);
    QVERIFY2(auth.ok(), qPrintable(auth.ok() ? QString() : auth.failure().text()));
    QCOMPARE(auth->payloadMode, PayloadMode::StreamingUnsignedTrailer);

    Run run(request, *auth);
    QVERIFY(run.created);
    QCOMPARE(run.verifier->expectedLength(), body.size());
    for (qsizetype pos = 0; pos < encoded.size(); pos += 7777) {
        run.raw->feed(encoded.mid(pos, 7777));
        QCoreApplication::processEvents();
    }
    run.raw->finish();
    QVERIFY(run.settle());
    QCOMPARE(run.collector->finishedCount, 1);
    QVERIFY(run.collector->data == body);
    QCOMPARE(run.verifier->verifiedChecksums(), (QMap<QByteArray, QByteArray>{{"CRC32", crc}}));
}

QTEST_GUILESS_MAIN(TestPayloadVerifier)
#include "test_auth_payload_verifier.moc"
