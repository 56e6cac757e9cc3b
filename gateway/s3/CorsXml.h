#pragma once

#include "CorsTypes.h"
#include "base/Result.h"

namespace s3c {

// The <CORSConfiguration> document of PutBucketCors / GetBucketCors, read with QXmlStreamReader
// like the other S3 request bodies (S3Xml) and written back in one canonical form.
class CorsXml
{
public:
    // PutBucketCors, "Request Syntax" and the CORSRule data type: 1 to 100 rules, each with at
    // least one AllowedOrigin and AllowedMethod. Anything else in the document, a missing or
    // repeated element, or a MaxAgeSeconds that is not a number is MalformedXML; a method
    // other than GET, PUT, POST, DELETE, HEAD, an origin or header with more than one '*', or a
    // value that could not safely be written into a response head is InvalidRequest.
    static Result<CorsConfiguration> parse(const QByteArray &xml);
    static QByteArray render(const CorsConfiguration &config);

    // The checks parse() applies to one value, also used for --cors-origin.
    static bool isValidOrigin(QByteArrayView origin);
    static bool isValidMethod(QByteArrayView method);

    static constexpr int kMaxRules = 100;
};

} // namespace s3c
