#pragma once

#include <QByteArray>
#include <QString>

namespace s3c {

// Every error the gateway can answer with. The single table in S3Error.cpp gives each one its
// HTTP status and S3 <Code> (style.md #5): code anywhere else returns these, never raw statuses.
enum class S3Error {
    None,
    AccessDenied,
    BadDigest,
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    EntityTooLarge,
    EntityTooSmall,
    ExpiredToken,
    IncompleteBody,
    InternalError,
    InvalidAccessKeyId,
    InvalidArgument,
    InvalidBucketName,
    InvalidDigest,
    InvalidPart,
    InvalidPartOrder,
    InvalidRange,
    InvalidRequest,
    KeyTooLongError,
    MalformedXML,
    MethodNotAllowed,
    MissingContentLength,
    MissingSecurityHeader,
    NoSuchBucket,
    NoSuchKey,
    NoSuchUpload,
    NotImplemented,
    NotModified,
    PreconditionFailed,
    RequestHeaderSectionTooLarge,
    RequestTimeout,
    RequestTimeTooSkewed,
    ServiceUnavailable,
    SignatureDoesNotMatch,
    SlowDown,
    XAmzContentSHA256Mismatch,
    BadRequest,
    UnsupportedMediaType,
    RequestUriTooLong,
    HttpVersionNotSupported,
    AuthorizationHeaderMalformed,
    AuthorizationQueryParametersError,
    MalformedTrailerError,
    NoSuchCORSConfiguration,
    AccessForbidden,
    InvalidTag,
};

// The last enumerator: tables built by looping over every error (S3ErrorMapper) end here.
constexpr S3Error kLastS3Error = S3Error::AccessForbidden;

struct S3ErrorInfo
{
    int httpStatus;
    const char *code;    // S3 <Code>
    const char *message; // default <Message>, untranslated: S3 clients expect English
};

// The one table: status, code and default message of an error.
const S3ErrorInfo &s3ErrorInfo(S3Error error);
int httpStatus(S3Error error);
QByteArray s3ErrorCode(S3Error error);
QString s3ErrorMessage(S3Error error);

// The HTTP reason phrase for a status code ("Not Found").
QByteArray httpReasonPhrase(int status);

} // namespace s3c
