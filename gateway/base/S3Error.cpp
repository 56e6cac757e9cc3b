#include "S3Error.h"

#include <array>
#include <utility>

namespace s3c {

namespace {

// Codes and statuses from the Amazon S3 API reference, "Error responses" (ErrorCodeList).
constexpr std::array kTable = {
    std::pair{S3Error::None, S3ErrorInfo{200, "", ""}},
    std::pair{S3Error::AccessDenied, S3ErrorInfo{403, "AccessDenied", "Access Denied"}},
    std::pair{S3Error::BadDigest,
              S3ErrorInfo{400, "BadDigest", "The Content-MD5 or checksum you specified did not match what we received."}},
    std::pair{S3Error::BucketAlreadyExists,
              S3ErrorInfo{409, "BucketAlreadyExists", "The requested bucket name is not available."}},
    std::pair{S3Error::BucketAlreadyOwnedByYou,
              S3ErrorInfo{409, "BucketAlreadyOwnedByYou",
                          "The bucket you tried to create already exists, and you own it."}},
    std::pair{S3Error::BucketNotEmpty,
              S3ErrorInfo{409, "BucketNotEmpty", "The bucket you tried to delete is not empty."}},
    std::pair{S3Error::EntityTooLarge,
              S3ErrorInfo{400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size."}},
    std::pair{S3Error::EntityTooSmall,
              S3ErrorInfo{400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size."}},
    std::pair{S3Error::ExpiredToken, S3ErrorInfo{400, "ExpiredToken", "The provided token has expired."}},
    std::pair{S3Error::IncompleteBody,
              S3ErrorInfo{400, "IncompleteBody",
                          "You did not provide the number of bytes specified by the Content-Length HTTP header."}},
    std::pair{S3Error::InternalError,
              S3ErrorInfo{500, "InternalError", "We encountered an internal error. Please try again."}},
    std::pair{S3Error::InvalidAccessKeyId,
              S3ErrorInfo{403, "InvalidAccessKeyId",
                          "The AWS access key ID you provided does not exist in our records."}},
    std::pair{S3Error::InvalidArgument, S3ErrorInfo{400, "InvalidArgument", "Invalid Argument"}},
    std::pair{S3Error::InvalidBucketName,
              S3ErrorInfo{400, "InvalidBucketName", "The specified bucket is not valid."}},
    std::pair{S3Error::InvalidDigest,
              S3ErrorInfo{400, "InvalidDigest", "The Content-MD5 or checksum you specified is not valid."}},
    std::pair{S3Error::InvalidPart,
              S3ErrorInfo{400, "InvalidPart",
                          "One or more of the specified parts could not be found. The part may not have been "
                          "uploaded, or the specified entity tag may not match the part's entity tag."}},
    std::pair{S3Error::InvalidPartOrder,
              S3ErrorInfo{400, "InvalidPartOrder",
                          "The list of parts was not in ascending order. Parts must be ordered by part number."}},
    std::pair{S3Error::InvalidRange,
              S3ErrorInfo{416, "InvalidRange", "The requested range is not satisfiable"}},
    std::pair{S3Error::InvalidRequest, S3ErrorInfo{400, "InvalidRequest", "Invalid Request"}},
    std::pair{S3Error::KeyTooLongError, S3ErrorInfo{400, "KeyTooLongError", "Your key is too long"}},
    std::pair{S3Error::MalformedXML,
              S3ErrorInfo{400, "MalformedXML",
                          "The XML you provided was not well-formed or did not validate against our published schema."}},
    std::pair{S3Error::MethodNotAllowed,
              S3ErrorInfo{405, "MethodNotAllowed", "The specified method is not allowed against this resource."}},
    std::pair{S3Error::MissingContentLength,
              S3ErrorInfo{411, "MissingContentLength", "You must provide the Content-Length HTTP header."}},
    std::pair{S3Error::MissingSecurityHeader,
              S3ErrorInfo{400, "MissingSecurityHeader", "Your request is missing a required header."}},
    std::pair{S3Error::NoSuchBucket, S3ErrorInfo{404, "NoSuchBucket", "The specified bucket does not exist"}},
    std::pair{S3Error::NoSuchKey, S3ErrorInfo{404, "NoSuchKey", "The specified key does not exist."}},
    std::pair{S3Error::NoSuchUpload,
              S3ErrorInfo{404, "NoSuchUpload",
                          "The specified multipart upload does not exist. The upload ID might be invalid, or the "
                          "multipart upload might have been aborted or completed."}},
    std::pair{S3Error::NotImplemented,
              S3ErrorInfo{501, "NotImplemented",
                          "A header or query you provided implies functionality that is not implemented."}},
    std::pair{S3Error::NotModified, S3ErrorInfo{304, "NotModified", "Not Modified"}},
    std::pair{S3Error::PreconditionFailed,
              S3ErrorInfo{412, "PreconditionFailed",
                          "At least one of the preconditions you specified did not hold."}},
    std::pair{S3Error::RequestHeaderSectionTooLarge,
              S3ErrorInfo{400, "RequestHeaderSectionTooLarge",
                          "Your request header section exceeds the maximum allowed size."}},
    std::pair{S3Error::RequestTimeout,
              S3ErrorInfo{400, "RequestTimeout",
                          "Your socket connection to the server was not read from or written to within the "
                          "timeout period."}},
    std::pair{S3Error::RequestTimeTooSkewed,
              S3ErrorInfo{403, "RequestTimeTooSkewed",
                          "The difference between the request time and the server's time is too large."}},
    std::pair{S3Error::ServiceUnavailable,
              S3ErrorInfo{503, "ServiceUnavailable", "Please reduce your request rate."}},
    std::pair{S3Error::SignatureDoesNotMatch,
              S3ErrorInfo{403, "SignatureDoesNotMatch",
                          "The request signature we calculated does not match the signature you provided. Check "
                          "your key and signing method."}},
    std::pair{S3Error::SlowDown, S3ErrorInfo{503, "SlowDown", "Please reduce your request rate."}},
    std::pair{S3Error::XAmzContentSHA256Mismatch,
              S3ErrorInfo{400, "XAmzContentSHA256Mismatch",
                          "The provided 'x-amz-content-sha256' header does not match what was computed."}},
    std::pair{S3Error::BadRequest, S3ErrorInfo{400, "BadRequest", "Bad Request"}},
    std::pair{S3Error::UnsupportedMediaType,
              S3ErrorInfo{415, "UnsupportedMediaType", "The request body has an unsupported encoding."}},
    std::pair{S3Error::RequestUriTooLong,
              S3ErrorInfo{414, "RequestURITooLong", "The request URI is too long."}},
    // Not in S3's list: RFC 9110 section 15.6.6 (505) for a request line that is not HTTP/1.x.
    std::pair{S3Error::HttpVersionNotSupported,
              S3ErrorInfo{505, "HttpVersionNotSupported", "The HTTP version specified is not supported."}},
    // SigV4 credential scope for another region or service ("Authenticating Requests (AWS
    // Signature Version 4)"): the Authorization header and the X-Amz-Credential parameter.
    std::pair{S3Error::AuthorizationHeaderMalformed,
              S3ErrorInfo{400, "AuthorizationHeaderMalformed", "The authorization header is malformed."}},
    std::pair{S3Error::AuthorizationQueryParametersError,
              S3ErrorInfo{400, "AuthorizationQueryParametersError",
                          "Error parsing the query parameters of the presigned request."}},
    // An aws-chunked trailer that x-amz-trailer did not announce, or one sent twice.
    std::pair{S3Error::MalformedTrailerError,
              S3ErrorInfo{400, "MalformedTrailerError",
                          "The request contained trailing data that was not well-formed or did not conform "
                          "to our published schema."}},
    // GetBucketCors on a bucket without a configuration.
    std::pair{S3Error::NoSuchCORSConfiguration,
              S3ErrorInfo{404, "NoSuchCORSConfiguration", "The CORS configuration does not exist"}},
    // A CORS preflight (OPTIONS object) that no rule allows ("Troubleshooting CORS").
    std::pair{S3Error::AccessForbidden,
              S3ErrorInfo{403, "AccessForbidden", "CORSResponse: This CORS request is not allowed."}},
    // PutObjectTagging, x-amz-tagging: a tag breaking the limits of "Object tagging".
    std::pair{S3Error::InvalidTag, S3ErrorInfo{400, "InvalidTag", "The tag provided was not a valid tag."}},
};

} // namespace

const S3ErrorInfo &s3ErrorInfo(S3Error error)
{
    for (const auto &entry : kTable) {
        if (entry.first == error)
            return entry.second;
    }
    return s3ErrorInfo(S3Error::InternalError);
}

int httpStatus(S3Error error)
{
    return s3ErrorInfo(error).httpStatus;
}

QByteArray s3ErrorCode(S3Error error)
{
    return QByteArray(s3ErrorInfo(error).code);
}

QString s3ErrorMessage(S3Error error)
{
    return QString::fromLatin1(s3ErrorInfo(error).message);
}

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Requested Range Not Satisfiable";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

} // namespace s3c
