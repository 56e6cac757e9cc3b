#pragma once

#include "http/HttpRequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>

#include <optional>

// AWS Signature Version 4 as pure step functions (style.md #3): each stage of "Signature
// Calculations for the Authorization Header" (Amazon S3 API reference) and of the IAM user
// guide's "Create a signed AWS API request" is one function, testable alone, with the time
// passed in. The same functions sign (SigV4Signer) and verify (AuthVerifier, PayloadVerifier).
namespace s3c::sigv4 {

inline constexpr QByteArrayView kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr QByteArrayView kTerminator = "aws4_request";
inline constexpr QByteArrayView kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr QByteArrayView kStreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr QByteArrayView kStreamingSignedTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
inline constexpr QByteArrayView kStreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

// How the canonical URI is derived from the request path.
enum class PathMode {
    // S3: the path exactly as the client sent it, never decoded or normalised ("Each path
    // segment must be URI-encoded once" - the client did that; a second pass would turn %7E
    // into %257E). Only bytes that cannot appear in a URI at all are %-encoded.
    S3Raw,
    // Other services, normalize=true: RFC 3986 dot segments removed, empty segments merged,
    // then every byte but unreserved and '/' encoded (a second encoding of any '%').
    Normalized,
    // Other services, normalize=false: encoded as above, no normalisation.
    Encoded,
};

// UriEncode() of the S3 API reference: every byte but A-Z a-z 0-9 - . _ ~ becomes %XY with
// upper-case hex; '/' is kept unless encodeSlash.
QByteArray uriEncode(QByteArrayView bytes, bool encodeSlash);
// %XY decoded; malformed escapes are kept literally. With plusAsSpace, '+' means ' ' as in
// application/x-www-form-urlencoded.
QByteArray percentDecode(QByteArrayView bytes, bool plusAsSpace = false);

// Stage 1a: CanonicalURI.
QByteArray canonicalUri(QByteArrayView rawPath, PathMode mode);

// Stage 1b: CanonicalQueryString. Parameters are decoded, re-encoded with uriEncode(…, true),
// sorted by name then value; a parameter without '=' gets an empty value ("lifecycle=").
// `exclude` drops a parameter (X-Amz-Signature when verifying a presigned URL).
//
// The query has one decoding, parseQuery(), used by the signature check and by the S3 handler
// alike (a second reading would let a signed value be swapped for one the handler reads
// differently). In it a raw '+' is a space, as S3 reads a query (form encoding): SDKs never send
// a raw '+', they send %2B for '+' and %20 for ' ' (UriEncode of the S3 API reference), so a
// raw '+' only comes from form-encoding clients, who mean a space. A '+' in the path is a '+'.
struct QueryParameter
{
    QByteArray name;  // decoded
    QByteArray value; // decoded
};
QList<QueryParameter> parseQuery(QByteArrayView rawQuery);
QByteArray canonicalQuery(const QList<QueryParameter> &parameters, QByteArrayView exclude = {});
// canonicalQuery(parseQuery(rawQuery), exclude), faster: for the signer.
QByteArray canonicalQuery(QByteArrayView rawQuery, QByteArrayView exclude = {});

// Stage 1c: CanonicalHeaders and SignedHeaders. Values are trimmed and runs of blanks folded to
// one space; several headers of one name are joined with ',' in the order received.
QByteArray canonicalHeaderValue(QByteArrayView value);
QByteArray canonicalHeaders(const QList<HttpHeader> &headers, const QList<QByteArray> &signedHeaders);
QByteArray signedHeadersList(const QList<QByteArray> &signedHeaders); // "host;x-amz-date"
// Lower-case, sorted, de-duplicated names of `headers`: what a signer signs.
QList<QByteArray> sortedHeaderNames(const QList<HttpHeader> &headers);

// Stage 1: CanonicalRequest = method \n URI \n query \n headers \n signed headers \n payload hash.
QByteArray canonicalRequest(QByteArrayView method, QByteArrayView canonicalUri, QByteArrayView canonicalQuery,
                            QByteArrayView canonicalHeaders, QByteArrayView signedHeaders,
                            QByteArrayView payloadHash);

// Timestamps: x-amz-date is ISO 8601 basic ("20130524T000000Z"); the Date header is RFC 7231
// IMF-fixdate ("Fri, 24 May 2013 00:00:00 GMT").
QByteArray amzDate(const QDateTime &time);
QByteArray scopeDate(const QDateTime &time); // "20130524"
std::optional<QDateTime> parseAmzDate(QByteArrayView text);
std::optional<QDateTime> parseHttpDate(QByteArrayView text);

// Stage 2: StringToSign = algorithm \n timestamp \n scope \n hex(SHA256(canonical request)).
QByteArray credentialScope(QByteArrayView date, QByteArrayView region, QByteArrayView service);
QByteArray stringToSign(QByteArrayView timestamp, QByteArrayView scope, QByteArrayView canonicalRequest);

// Stage 3: kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
QByteArray signingKey(QByteArrayView secret, QByteArrayView date, QByteArrayView region,
                      QByteArrayView service);
// Stage 4: hex(HMAC(kSigning, StringToSign)).
QByteArray signature(QByteArrayView signingKey, QByteArrayView stringToSign);

// Chunked upload ("Transferring Payload in Multiple Chunks"): each chunk signs
// "AWS4-HMAC-SHA256-PAYLOAD" \n timestamp \n scope \n previous signature \n hex(SHA256(""))
// \n hex(SHA256(chunk)), chained from the seed signature of the request.
QByteArray chunkStringToSign(QByteArrayView timestamp, QByteArrayView scope, QByteArrayView previousSignature,
                             QByteArrayView chunkSha256Hex);
// Trailing headers ("Signature calculations for trailing headers"): "AWS4-HMAC-SHA256-TRAILER"
// \n timestamp \n scope \n previous (final chunk) signature \n hex(SHA256(trailer lines)).
QByteArray trailerStringToSign(QByteArrayView timestamp, QByteArrayView scope,
                               QByteArrayView previousSignature, QByteArrayView trailerSha256Hex);

} // namespace s3c::sigv4
