// Signature Version 2: each step against AWS's documented example and against botocore's
// HmacV1Auth (an independent implementation; the expected signatures below were produced by
// botocore 1.43 for the same requests), then the verifier's answers through AuthVerifier.

#include "FixedClock.h"
#include "auth/AuthVerifier.h"
#include "auth/SigV2.h"

#include <QtTest>

using namespace s3c;

namespace {

const QByteArray kDocSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const Credentials kKeys{QStringLiteral("AKIAIOSFODNN7EXAMPLE"), QString::fromLatin1(kDocSecret)};

QDateTime t0()
{
    return QDateTime(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC);
}

QByteArray httpDate(const QDateTime &t)
{
    return QLocale::c().toString(t, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1() + " +0000";
}

// A header-signed request as an SigV2 client makes it.
HttpRequest signedV2(const QByteArray &method, const QByteArray &target, QList<HttpHeader> headers,
                     const QByteArray &secret = kDocSecret)
{
    HttpRequest r;
    r.method = method;
    r.rawTarget = target;
    r.headers = {{"Host", "127.0.0.1:9000"}};
    r.headers += headers;
    const qsizetype q = target.indexOf('?');
    const auto query = sigv4::parseQuery(q < 0 ? QByteArrayView() : QByteArrayView(target).sliced(q + 1));
    const QByteArray date = r.hasHeader("x-amz-date") ? QByteArray() : r.header("date");
    const QByteArray toSign =
        sigv2::stringToSign(method, r.header("content-md5"), r.header("content-type"), date,
                            sigv2::canonicalAmzHeaders(r.headers),
                            sigv2::canonicalResource({}, r.rawPath(), query));
    r.headers.append({"Authorization", "AWS AKIAIOSFODNN7EXAMPLE:" + sigv2::signature(secret, toSign)});
    return r;
}

} // namespace

class TestAuthSigV2 : public QObject
{
    Q_OBJECT
private slots:
    // "Signing and authenticating REST requests (AWS signature version 2)", the GET example:
    // virtual-hosted, so the bucket comes first in the canonical resource.
    void documentedGetExample()
    {
        const QByteArray resource = sigv2::canonicalResource("awsexamplebucket1", "/photos/puppy.jpg", {});
        QCOMPARE(resource, QByteArray("/awsexamplebucket1/photos/puppy.jpg"));
        const QByteArray toSign =
            sigv2::stringToSign("GET", {}, {}, "Tue, 27 Mar 2007 19:36:42 +0000", {}, resource);
        QCOMPARE(toSign, QByteArray("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg"));
        QCOMPARE(sigv2::signature(kDocSecret, toSign), QByteArray("qgk2+6Sv9/oM7G3qLEjTH1a1l1g="));
    }

    void amzHeadersSortedLowerCasedAndJoined()
    {
        const QList<HttpHeader> headers = {
            {"X-Amz-Meta-ReviewedBy", "joe@johnsmith.net"},
            {"Content-Type", "text/plain"},
            {"x-amz-meta-FileChecksum", " 0x02661779 "},
            {"X-Amz-Meta-ReviewedBy", "jane@johnsmith.net"},
            {"x-amz-meta-spaced", "a  \t b"},
        };
        QCOMPARE(sigv2::canonicalAmzHeaders(headers),
                 QByteArray("x-amz-meta-filechecksum:0x02661779\n"
                            "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n"
                            "x-amz-meta-spaced:a b\n"));
        QCOMPARE(sigv2::canonicalAmzHeaders({{"Content-Type", "x"}}), QByteArray());
    }

    // botocore HmacV1Auth: PUT of a part with Content-MD5, Content-Type and x-amz-meta-*.
    void botocorePutWithAmzHeaders()
    {
        const QList<HttpHeader> headers = {
            {"Content-Type", "application/x-download"}, {"Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="},
            {"X-Amz-Meta-ReviewedBy", "joe@johnsmith.net"}, {"x-amz-meta-FileChecksum", "0x02661779"},
            {"X-Amz-Meta-ChecksumAlgorithm", "crc32"}};
        const auto query = sigv4::parseQuery("uploadId=abc&partNumber=2&foo=bar");
        const QByteArray toSign = sigv2::stringToSign(
            "PUT", "4gJE4saaMU4BqNR0kLY+lw==", "application/x-download", "Tue, 27 Mar 2007 21:15:45 +0000",
            sigv2::canonicalAmzHeaders(headers), sigv2::canonicalResource({}, "/static/db-backup.dat.gz", query));
        QCOMPARE(toSign, QByteArray("PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\n"
                                    "Tue, 27 Mar 2007 21:15:45 +0000\n"
                                    "x-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n"
                                    "x-amz-meta-reviewedby:joe@johnsmith.net\n"
                                    "/static/db-backup.dat.gz?partNumber=2&uploadId=abc"));
        QCOMPARE(sigv2::signature(kDocSecret, toSign), QByteArray("19wDQUh/6Yx2U7cGC4Dio9RL/98="));
    }

    // botocore: the path stays encoded, sub-resource values are decoded, other parameters are
    // left out, a sub-resource without value has no '='.
    void botocoreSubresourcesDecoded()
    {
        const auto query = sigv4::parseQuery(
            "response-content-disposition=attachment%3B%20filename%3D%22a%2Bb%22&versionId=3&acl&max-keys=5");
        const QByteArray resource = sigv2::canonicalResource({}, "/b/k%20x", query);
        QCOMPARE(resource, QByteArray("/b/k%20x?acl&response-content-disposition=attachment; filename=\"a+b\"&versionId=3"));
        const QByteArray toSign = sigv2::stringToSign("GET", {}, {}, "Tue, 27 Mar 2007 21:15:45 +0000", {}, resource);
        QCOMPARE(sigv2::signature(kDocSecret, toSign), QByteArray("jBu+Pgj6Yg5ZpsEk6Mo3VfKr/fs="));
    }

    void verifierAcceptsAndRefusesHeaderForm()
    {
        FixedClock clock(t0());
        AuthVerifier verifier(&clock);
        verifier.setCredentials({kKeys});
        const HttpRequest good = signedV2("PUT", "/bucket/key?uploadId=u1&partNumber=1",
                                          {{"Date", httpDate(t0())}, {"Content-Type", "text/plain"},
                                           {"x-amz-meta-a", "1"}});
        auto ok = verifier.verify(good);
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.failure().text()));
        QCOMPARE(ok->accessKey, kKeys.accessKey);
        QCOMPARE(ok->payloadMode, PayloadMode::Unsigned);

        // x-amz-date replaces Date, whose place in the string to sign is then empty.
        const HttpRequest amzDated = signedV2("GET", "/bucket/key", {{"x-amz-date", httpDate(t0())}});
        QVERIFY(verifier.verify(amzDated).ok());

        // Any signed part changed: the signature no longer matches.
        HttpRequest tampered = good;
        for (HttpHeader &h : tampered.headers) {
            if (h.name == "x-amz-meta-a")
                h.value = "2";
        }
        QCOMPARE(verifier.verify(tampered).error(), S3Error::SignatureDoesNotMatch);
        HttpRequest otherPart = good;
        otherPart.rawTarget = "/bucket/key?uploadId=u1&partNumber=2";
        QCOMPARE(verifier.verify(otherPart).error(), S3Error::SignatureDoesNotMatch);
        const HttpRequest wrongSecret =
            signedV2("GET", "/bucket/key", {{"Date", httpDate(t0())}}, "not-the-secret");
        QCOMPARE(verifier.verify(wrongSecret).error(), S3Error::SignatureDoesNotMatch);

        clock.advance(16 * 60);
        QCOMPARE(verifier.verify(good).error(), S3Error::RequestTimeTooSkewed);
    }

    void verifierUnknownKeyAndMalformed()
    {
        FixedClock clock(t0());
        AuthVerifier verifier(&clock);
        verifier.setCredentials({Credentials{QStringLiteral("AKIDSOMEONEELSE00001"), QStringLiteral("x")}});
        QCOMPARE(verifier.verify(signedV2("GET", "/b/k", {{"Date", httpDate(t0())}})).error(),
                 S3Error::InvalidAccessKeyId);
        HttpRequest malformed;
        malformed.method = "GET";
        malformed.rawTarget = "/b/k";
        malformed.headers = {{"Host", "h"}, {"Date", httpDate(t0())}, {"Authorization", "AWS nocolon"}};
        QCOMPARE(verifier.verify(malformed).error(), S3Error::InvalidArgument);
    }

    void verifierQueryFormAndExpiry()
    {
        FixedClock clock(t0());
        AuthVerifier verifier(&clock);
        verifier.setCredentials({kKeys});
        const qint64 expires = t0().toSecsSinceEpoch() + 600;
        const QByteArray toSign = sigv2::stringToSign("GET", {}, {}, QByteArray::number(expires), {},
                                                      "/bucket/a%20key");
        const QByteArray sig = QUrl::toPercentEncoding(QString::fromLatin1(sigv2::signature(kDocSecret, toSign)));
        HttpRequest r;
        r.method = "GET";
        r.rawTarget = "/bucket/a%20key?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=" + QByteArray::number(expires) +
                      "&Signature=" + sig;
        r.headers = {{"Host", "127.0.0.1:9000"}};
        auto ok = verifier.verify(r);
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.failure().text()));
        QVERIFY(ok->presigned);

        HttpRequest otherKey = r;
        otherKey.rawTarget.replace("a%20key", "b%20key");
        QCOMPARE(verifier.verify(otherKey).error(), S3Error::SignatureDoesNotMatch);

        clock.advance(601);
        const auto expired = verifier.verify(r);
        QCOMPARE(expired.error(), S3Error::AccessDenied);
        QVERIFY(expired.failure().message.contains(QLatin1String("expired")));
    }

    void refusedWhenSwitchedOff()
    {
        FixedClock clock(t0());
        AuthVerifier verifier(&clock);
        verifier.setCredentials({kKeys});
        verifier.setSigV2Allowed(false);
        const auto refused = verifier.verify(signedV2("GET", "/b/k", {{"Date", httpDate(t0())}}));
        QCOMPARE(refused.error(), S3Error::InvalidRequest);
        QVERIFY(refused.failure().message.contains(QLatin1String("AWS4-HMAC-SHA256")));
        HttpRequest query;
        query.method = "GET";
        query.rawTarget = "/b/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1&Signature=x";
        query.headers = {{"Host", "h"}};
        QCOMPARE(verifier.verify(query).error(), S3Error::InvalidRequest);
    }

    void virtualHostedBucketIsSigned()
    {
        FixedClock clock(t0());
        AuthVerifier verifier(&clock);
        verifier.setCredentials({kKeys});
        HttpRequest r;
        r.method = "GET";
        r.rawTarget = "/photos/puppy.jpg";
        r.headers = {{"Host", "awsexamplebucket1.s3.example"}, {"Date", httpDate(t0())}};
        const QByteArray toSign = sigv2::stringToSign("GET", {}, {}, httpDate(t0()), {},
                                                      "/awsexamplebucket1/photos/puppy.jpg");
        r.headers.append({"Authorization", "AWS AKIAIOSFODNN7EXAMPLE:" + sigv2::signature(kDocSecret, toSign)});
        QVERIFY(verifier.verify(r, "awsexamplebucket1").ok());
        QCOMPARE(verifier.verify(r).error(), S3Error::SignatureDoesNotMatch);
    }
};

QTEST_GUILESS_MAIN(TestAuthSigV2)
#include "test_auth_sigv2.moc"
