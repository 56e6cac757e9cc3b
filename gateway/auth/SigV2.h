#pragma once

#include "SigV4.h"
#include "http/HttpRequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// AWS Signature Version 2 for S3 ("Signing and authenticating REST requests (AWS signature
// version 2)", S3 API reference), as pure step functions like SigV4's (style.md #3):
//
//   StringToSign = HTTP-Verb "\n" Content-MD5 "\n" Content-Type "\n" Date "\n"
//                  CanonicalizedAmzHeaders CanonicalizedResource
//   Signature    = Base64(HMAC-SHA1(secret, UTF-8(StringToSign)))
//
// Still sent by old clients (s3cmd's signature_v2, boto 2) and by boto3's generate_presigned_url
// without an explicit signature_version; AWS S3 and MinIO still verify it.
namespace s3c::sigv2 {

// "Constructing the CanonicalizedAmzHeaders element": every x-amz-* header, lower-cased name,
// sorted by name, repeated headers joined with ',' (no space), folding white space unfolded,
// values trimmed; each "name:value\n". Empty when there are none.
QByteArray canonicalAmzHeaders(const QList<HttpHeader> &headers);

// Whether a query parameter is one of the sub-resources (and response-* overrides) that belong in
// the CanonicalizedResource. The list is botocore's HmacV1Auth.QSAOfInterest, a superset of the
// documented one, so every request botocore signs verifies.
bool isSubresource(QByteArrayView name);

// "Constructing the CanonicalizedResource element": "/" + bucket for a virtual-hosted request,
// then the path as sent (still percent-encoded, without the query), then the sub-resources of
// the query sorted by name, "?name=value&..." with decoded values ("name" alone without '=').
// query holds decoded parameters.
QByteArray canonicalResource(QByteArrayView virtualHostBucket, QByteArrayView rawPath,
                             const QList<sigv4::QueryParameter> &query);

QByteArray stringToSign(QByteArrayView method, QByteArrayView contentMd5, QByteArrayView contentType,
                        QByteArrayView dateOrExpires, QByteArrayView amzHeaders, QByteArrayView resource);

// Base64 of the HMAC-SHA1 of stringToSign under the secret key.
QByteArray signature(QByteArrayView secret, QByteArrayView stringToSign);

} // namespace s3c::sigv2
