#pragma once

#include "auth/SigV4.h"
#include "base/Result.h"
#include "http/HttpRequest.h"

#include <QList>
#include <QPair>
#include <QString>

namespace s3c {

// The S3 view of a request: bucket, key and query parameters, decoded from the raw target.
// Path-style "/bucket/key" by default; virtual-hosted "bucket.DOMAIN/key" when a virtual
// domain is configured and the Host header ends with it.
class S3Request
{
public:
    QString bucket;
    QString key; // decoded UTF-8, may contain "//" or end in "/"
    bool virtualHosted = false; // the bucket came from the Host header
    // Without the X-Amz-* parameters of a presigned URL: they belong to the signature.
    QList<QPair<QString, QString>> query;
    // The one decoding of the query (sigv4::parseQuery), every parameter: `query` is made from
    // it, and AuthVerifier checks the signature over it, so both read the same values.
    QList<sigv4::QueryParameter> decodedQuery;

    // Parses the target. Percent-escapes are decoded once; '+' in the query means a space (form
    // encoding, SigV4.h says why); '+' in the path stays a '+'. A response-* parameter or bucket
    // name with CR or LF is refused: both end up in response headers.
    static Result<S3Request> parse(const HttpRequest &request, const QString &virtualDomain);

    bool hasQuery(const QString &name) const;
    QString queryValue(const QString &name) const;
    // "/bucket/key" for error <Resource> elements.
    QString resource() const;
};

} // namespace s3c
