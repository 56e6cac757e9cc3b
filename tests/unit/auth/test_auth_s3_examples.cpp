// Amazon S3's own published SigV4 examples, each checked stage by stage through the step
// functions, the signer and the verifier (style.md #4). Keys, times and expected values are those
// of the Amazon S3 API reference:
//  - "Signature Calculations for the Authorization Header: Transferring Payload in a Single
//    Chunk" (sig-v4-header-based-auth): GET Object with Range, PUT Object, GET Bucket Lifecycle,
//    GET Bucket (List Objects)
//  - "Authenticating Requests: Using Query Parameters" (sigv4-query-string-auth): presigned GET
//  - "... Transferring Payload in Multiple Chunks" (sigv4-streaming): seed and chunk signatures
//  - "Signature calculations for trailing headers" (sigv4-streaming-trailers): trailer signature

#include "FakeBodyStream.h"
#include "FixedClock.h"
#include "StreamCollector.h"
#include "auth/AuthVerifier.h"
#include "auth/ChunkSignatureChain.h"
#include "auth/Crypto.h"
#include "auth/PayloadVerifier.h"
#include "auth/SigV4.h"
#include "auth/SigV4Signer.h"

#include <QtTest>

using namespace s3c;

namespace {

const Credentials kExampleKeys{QStringLiteral("AKIAIOSFODNN7EXAMPLE"),
                               QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")};
const QByteArray kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const QByteArray kScope = "20130524/us-east-1/s3/aws4_request";

QDateTime exampleTime()
{
    return QDateTime(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC);
}

HttpRequest makeRequest(const QByteArray &method, const QByteArray &target, const QList<HttpHeader> &headers)
{
    HttpRequest r;
    r.method = method;
    r.rawTarget = target;
    r.headers = headers;
    const QByteArray length = r.header("content-length");
    r.contentLength = length.isEmpty() ? -1 : length.toLongLong();
    return r;
}

// The stages the verifier computes for a header-signed request, from the step functions.
struct Stages
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signature;
};

Stages stagesOf(const HttpRequest &r, const QList<QByteArray> &signedHeaders)
{
    Stages s;
    s.canonicalRequest = sigv4::canonicalRequest(
        r.method, sigv4::canonicalUri(r.rawPath(), sigv4::PathMode::S3Raw),
        sigv4::canonicalQuery(r.rawQuery()), sigv4::canonicalHeaders(r.headers, signedHeaders),
        sigv4::signedHeadersList(signedHeaders), r.header("x-amz-content-sha256"));
    s.stringToSign = sigv4::stringToSign("20130524T000000Z", kScope, s.canonicalRequest);
    s.signature = sigv4::signature(
        sigv4::signingKey(kExampleKeys.secretKey.toUtf8(), "20130524", "us-east-1", "s3"), s.stringToSign);
    return s;
}

QByteArray authorization(const QByteArray &signedHeaders, const QByteArray &signature)
{
    return "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/" + kScope + ",SignedHeaders=" + signedHeaders +
           ",Signature=" + signature;
}

// The body of the chunked examples: 64 KiB and 1 KiB of 'a', then the final empty chunk.
QByteArray chunkedBody(const QByteArray (&signatures)[3], const QByteArray &trailer)
{
    QByteArray body = "10000;chunk-signature=" + signatures[0] + "\r\n" + QByteArray(65536, 'a') + "\r\n";
    body += "400;chunk-signature=" + signatures[1] + "\r\n" + QByteArray(1024, 'a') + "\r\n";
    body += "0;chunk-signature=" + signatures[2] + "\r\n" + trailer + "\r\n";
    return body;
}

} // namespace

class TestS3Examples : public QObject
{
    Q_OBJECT

private slots:
    void headerExamples_data();
    void headerExamples();
    void signerReproducesHeaderExamples();
    void presignedGet();
    void chunkedUpload();
    void chunkedUploadWithTrailer();
};

void TestS3Examples::headerExamples_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QList<HttpHeader>>("headers");
    QTest::addColumn<QByteArray>("signedHeaders");
    QTest::addColumn<QByteArray>("canonicalRequest");
    QTest::addColumn<QByteArray>("stringToSignHash");
    QTest::addColumn<QByteArray>("signature");

    const QByteArray host = "examplebucket.s3.amazonaws.com";
    QTest::newRow("GET Object with Range")
        << QByteArray("GET") << QByteArray("/test.txt")
        << QList<HttpHeader>{{"Host", host},
                             {"Range", "bytes=0-9"},
                             {"x-amz-content-sha256", kEmptySha},
                             {"x-amz-date", "20130524T000000Z"}}
        << QByteArray("host;range;x-amz-content-sha256;x-amz-date")
        << QByteArray("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
                      "x-amz-content-sha256:" +
                      kEmptySha +
                      "\nx-amz-date:20130524T000000Z\n\n"
                      "host;range;x-amz-content-sha256;x-amz-date\n" +
                      kEmptySha)
        << QByteArray("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972")
        << QByteArray("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

    const QByteArray putSha = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    QTest::newRow("PUT Object")
        << QByteArray("PUT") << QByteArray("/test%24file.text")
        << QList<HttpHeader>{{"Host", host},
                             {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                             {"x-amz-date", "20130524T000000Z"},
                             {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                             {"x-amz-content-sha256", putSha},
                             {"Content-Length", "21"}}
        << QByteArray("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class")
        << QByteArray("PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n"
                      "host:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:" +
                      putSha +
                      "\nx-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n\n"
                      "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n" +
                      putSha)
        << QByteArray("9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d")
        << QByteArray("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");

    QTest::newRow("GET Bucket Lifecycle")
        << QByteArray("GET") << QByteArray("/?lifecycle")
        << QList<HttpHeader>{{"Host", host},
                             {"x-amz-date", "20130524T000000Z"},
                             {"x-amz-content-sha256", kEmptySha}}
        << QByteArray("host;x-amz-content-sha256;x-amz-date")
        << QByteArray(
               "GET\n/\nlifecycle=\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:" + kEmptySha +
               "\nx-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\n" + kEmptySha)
        << QByteArray("9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca")
        << QByteArray("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");

    QTest::newRow("GET Bucket (List Objects)")
        << QByteArray("GET") << QByteArray("/?max-keys=2&prefix=J")
        << QList<HttpHeader>{{"Host", host},
                             {"x-amz-date", "20130524T000000Z"},
                             {"x-amz-content-sha256", kEmptySha}}
        << QByteArray("host;x-amz-content-sha256;x-amz-date")
        << QByteArray(
               "GET\n/\nmax-keys=2&prefix=J\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:" +
               kEmptySha + "\nx-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\n" +
               kEmptySha)
        << QByteArray("df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7")
        << QByteArray("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

void TestS3Examples::headerExamples()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QList<HttpHeader>, headers);
    QFETCH(QByteArray, signedHeaders);
    QFETCH(QByteArray, canonicalRequest);
    QFETCH(QByteArray, stringToSignHash);
    QFETCH(QByteArray, signature);

    HttpRequest request = makeRequest(method, target, headers);
    const Stages stages = stagesOf(request, signedHeaders.split(';'));
    QCOMPARE(stages.canonicalRequest, canonicalRequest);
    QCOMPARE(stages.stringToSign, "AWS4-HMAC-SHA256\n20130524T000000Z\n" + kScope + '\n' + stringToSignHash);
    QCOMPARE(stages.signature, signature);

    // The verifier accepts the documented Authorization header, tolerant of the spacing.
    FixedClock clock(exampleTime());
    AuthVerifier verifier(&clock);
    verifier.setCredentials({kExampleKeys});
    request.headers.append({"Authorization", authorization(signedHeaders, signature).replace(",", ", ")});
    const Result<AuthContext> verified = verifier.verify(request);
    QVERIFY2(verified.ok(), qPrintable(verified.ok() ? QString() : verified.failure().text()));
    QCOMPARE(verified->accessKey, kExampleKeys.accessKey);
    QCOMPARE(verified->scope, kScope);
    QCOMPARE(verified->seedSignature, signature);
    QCOMPARE(verified->payloadMode, PayloadMode::SignedHex);
    QCOMPARE(verified->requestTime, exampleTime());
    QVERIFY(!verified->presigned);
}

void TestS3Examples::signerReproducesHeaderExamples()
{
    // The signer, given the example's request, produces the documented Authorization header.
    const SigV4Signer signer(kExampleKeys, "us-east-1");
    const QByteArray host = "examplebucket.s3.amazonaws.com";
    SigV4Signer::Signed get =
        signer.sign({"GET", "/test.txt", {{"Host", host}, {"Range", "bytes=0-9"}}, kEmptySha}, exampleTime());
    QCOMPARE(get.authorization,
             QByteArray("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/" + kScope +
                        ", SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
    SigV4Signer::Signed put = signer.sign({"PUT",
                                           "/" + sigv4::uriEncode("test$file.text", false),
                                           {{"Host", host},
                                            {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                                            {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
                                           Crypto::sha256Hex("Welcome to Amazon S3.")},
                                          exampleTime());
    QCOMPARE(put.signature, QByteArray("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
    SigV4Signer::Signed list =
        signer.sign({"GET", "/?prefix=J&max-keys=2", {{"Host", host}}, {}}, exampleTime());
    QCOMPARE(list.signature, QByteArray("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
    SigV4Signer::Signed lifecycle = signer.sign({"GET", "/?lifecycle", {{"Host", host}}, {}}, exampleTime());
    QCOMPARE(lifecycle.signature,
             QByteArray("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));
    // The signing key is never part of the printable stages.
    QVERIFY(!get.canonicalRequest.contains(kExampleKeys.secretKey.toUtf8()));
}

void TestS3Examples::presignedGet()
{
    const QByteArray documentedUrl =
        "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
        "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&"
        "X-Amz-Expires=86400&X-Amz-SignedHeaders=host&"
        "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    const SigV4Signer signer(kExampleKeys, "us-east-1");
    const SigV4Signer::Signed stages = signer.presign(
        {"GET", "/test.txt", {{"Host", "examplebucket.s3.amazonaws.com"}}, {}}, exampleTime(), 86400);
    QCOMPARE(stages.canonicalRequest,
             QByteArray(
                 "GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F"
                 "20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
                 "X-Amz-SignedHeaders=host\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD"));
    QCOMPARE(stages.stringToSign, "AWS4-HMAC-SHA256\n20130524T000000Z\n" + kScope +
                                      "\n3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
    QCOMPARE(stages.signature,
             QByteArray("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
    const QUrl url = signer.presignUrl(
        "GET", QUrl(QStringLiteral("https://examplebucket.s3.amazonaws.com/test.txt")), exampleTime(), 86400);
    // Same URL as documented; the parameter order is free (the aws-c-auth suite fixes another).
    const QByteArray produced = url.toEncoded();
    QCOMPARE(produced.first(produced.indexOf('?')), documentedUrl.first(documentedUrl.indexOf('?')));
    QCOMPARE(sigv4::canonicalQuery(produced.sliced(produced.indexOf('?') + 1)),
             sigv4::canonicalQuery(documentedUrl.sliced(documentedUrl.indexOf('?') + 1)));

    // The verifier accepts the documented URL for exactly its lifetime.
    FixedClock clock(exampleTime());
    AuthVerifier verifier(&clock);
    verifier.setCredentials({kExampleKeys});
    const HttpRequest request = makeRequest("GET", documentedUrl.sliced(documentedUrl.indexOf("/test.txt")),
                                            {{"Host", "examplebucket.s3.amazonaws.com"}});
    Result<AuthContext> ok = verifier.verify(request);
    QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.failure().text()));
    QVERIFY(ok->presigned);
    QCOMPARE(ok->payloadMode, PayloadMode::Unsigned);
    clock.advance(86400);
    QVERIFY(verifier.verify(request).ok());
    clock.advance(1);
    const Result<AuthContext> expired = verifier.verify(request);
    QCOMPARE(expired.error(), S3Error::AccessDenied);
    QCOMPARE(expired.failure().message, QStringLiteral("Request has expired"));
}

void TestS3Examples::chunkedUpload()
{
    // Seed: the request signature of the documented PUT with STREAMING-AWS4-HMAC-SHA256-PAYLOAD.
    const QList<HttpHeader> headers{{"Host", "s3.amazonaws.com"},
                                    {"x-amz-date", "20130524T000000Z"},
                                    {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                                    {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
                                    {"Content-Encoding", "aws-chunked"},
                                    {"x-amz-decoded-content-length", "66560"},
                                    {"Content-Length", "66824"}};
    const QByteArray signedHeaders = "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                                     "x-amz-decoded-content-length;x-amz-storage-class";
    HttpRequest request = makeRequest("PUT", "/examplebucket/chunkObject.txt", headers);
    const Stages stages = stagesOf(request, signedHeaders.split(';'));
    QCOMPARE(stages.stringToSign, "AWS4-HMAC-SHA256\n20130524T000000Z\n" + kScope +
                                      "\ncee3fed04b70f867d036f722359b0b1f2f0e5dc0efadbc082b76c4c60e316455");
    const QByteArray seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    QCOMPARE(stages.signature, seed);

    // Chunk signatures chained from the seed.
    const QByteArray signingKey =
        sigv4::signingKey(kExampleKeys.secretKey.toUtf8(), "20130524", "us-east-1", "s3");
    const QByteArray expected[3] = {"ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
                                    "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
                                    "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"};
    QCOMPARE(
        sigv4::chunkStringToSign("20130524T000000Z", kScope, seed, Crypto::sha256Hex(QByteArray(65536, 'a'))),
        "AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n" + kScope + '\n' + seed + '\n' + kEmptySha +
            "\nbf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a");
    ChunkSignatureChain chain(signingKey, "20130524T000000Z", kScope, seed);
    QCOMPARE(chain.nextChunk(Crypto::sha256Hex(QByteArray(65536, 'a'))), expected[0]);
    QCOMPARE(chain.nextChunk(Crypto::sha256Hex(QByteArray(1024, 'a'))), expected[1]);
    QCOMPARE(chain.nextChunk(kEmptySha), expected[2]);

    // End to end: verifier, then the payload decoded and checked as it streams.
    const QByteArray body = chunkedBody(expected, {});
    QCOMPARE(body.size(), 66824); // the documented Content-Length
    FixedClock clock(exampleTime());
    AuthVerifier verifier(&clock);
    verifier.setCredentials({kExampleKeys});
    request.headers.append({"Authorization", authorization(signedHeaders, seed)});
    const Result<AuthContext> auth = verifier.verify(request);
    QVERIFY2(auth.ok(), qPrintable(auth.ok() ? QString() : auth.failure().text()));
    QCOMPARE(auth->payloadMode, PayloadMode::StreamingSigned);

    FakeBodyStream raw(body.size());
    Result<PayloadVerifier *> payload = PayloadVerifier::create(&raw, request, *auth);
    QVERIFY(payload.ok());
    std::unique_ptr<PayloadVerifier> owner(*payload);
    QCOMPARE(owner->expectedLength(), 66560);
    StreamCollector collector(owner.get());
    raw.feed(body);
    raw.finish();
    QTRY_VERIFY_WITH_TIMEOUT(collector.done(), 5000);
    QCOMPARE(collector.finishedCount, 1);
    QCOMPARE(collector.failedCount, 0);
    QCOMPARE(collector.data, QByteArray(66560, 'a'));
    QVERIFY(owner->atEnd());
}

void TestS3Examples::chunkedUploadWithTrailer()
{
    const QList<HttpHeader> headers{{"Host", "s3.amazonaws.com"},
                                    {"x-amz-date", "20130524T000000Z"},
                                    {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                                    {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"},
                                    {"Content-Encoding", "aws-chunked"},
                                    {"x-amz-decoded-content-length", "66560"},
                                    {"x-amz-trailer", "x-amz-checksum-crc32c"}};
    const QByteArray signedHeaders = "content-encoding;host;x-amz-content-sha256;x-amz-date;"
                                     "x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer";
    HttpRequest request = makeRequest("PUT", "/examplebucket/chunkObject.txt", headers);
    const QByteArray seed = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
    QCOMPARE(stagesOf(request, signedHeaders.split(';')).signature, seed);

    const QByteArray signatures[3] = {"b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
                                      "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
                                      "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992"};
    const QByteArray trailerSignature = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";
    const QByteArray signingKey =
        sigv4::signingKey(kExampleKeys.secretKey.toUtf8(), "20130524", "us-east-1", "s3");
    ChunkSignatureChain chain(signingKey, "20130524T000000Z", kScope, seed);
    QCOMPARE(chain.nextChunk(Crypto::sha256Hex(QByteArray(65536, 'a'))), signatures[0]);
    QCOMPARE(chain.nextChunk(Crypto::sha256Hex(QByteArray(1024, 'a'))), signatures[1]);
    QCOMPARE(chain.nextChunk(kEmptySha), signatures[2]);
    // The trailer signs its lines as "name:value\n".
    QCOMPARE(chain.trailer(Crypto::sha256Hex("x-amz-checksum-crc32c:sOO8/Q==\n")), trailerSignature);

    FixedClock clock(exampleTime());
    AuthVerifier verifier(&clock);
    verifier.setCredentials({kExampleKeys});
    request.headers.append({"Authorization", authorization(signedHeaders, seed)});
    const Result<AuthContext> auth = verifier.verify(request);
    QVERIFY2(auth.ok(), qPrintable(auth.ok() ? QString() : auth.failure().text()));
    const QByteArray body = chunkedBody(
        signatures, "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:" + trailerSignature + "\r\n");
    FakeBodyStream raw(body.size());
    Result<PayloadVerifier *> payload = PayloadVerifier::create(&raw, request, *auth);
    QVERIFY(payload.ok());
    std::unique_ptr<PayloadVerifier> owner(*payload);
    StreamCollector collector(owner.get());
    raw.feed(body);
    raw.finish();
    QTRY_VERIFY_WITH_TIMEOUT(collector.done(), 5000);
    QCOMPARE(collector.failedCount, 0);
    QCOMPARE(collector.data.size(), 66560);
    QCOMPARE(owner->verifiedChecksums().value("CRC32C"), QByteArray("sOO8/Q=="));
}

QTEST_GUILESS_MAIN(TestS3Examples)
#include "test_auth_s3_examples.moc"
