#include "CascadeOutcome.h"

namespace s3c {

CascadeOutcome cascadeOutcome(const Failure *failure)
{
    if (!failure)
        return CascadeOutcome::Served;
    if (failure->cause != FailureCause::None)
        return CascadeOutcome::Failed;
    switch (failure->error) {
    case S3Error::NoSuchKey:
    case S3Error::NoSuchBucket:
    case S3Error::NoSuchCORSConfiguration: // GetBucketCors: a fallback may have the bucket's
        return CascadeOutcome::NotFound;
    case S3Error::NotImplemented:
        // 501 says the backend lacks a feature, not that it is unhealthy: ejecting it for that
        // would hide every object it holds.
        return CascadeOutcome::Answered;
    default:
        // 5xx (InternalError, ServiceUnavailable, SlowDown): the backend is in trouble or asks
        // us to back off; the object may still be elsewhere.
        return httpStatus(failure->error) >= 500 ? CascadeOutcome::Failed : CascadeOutcome::Answered;
    }
}

FailureKind failureKind(const Failure &failure)
{
    switch (failure.cause) {
    case FailureCause::Refused:
        return FailureKind::Refused;
    case FailureCause::Timeout:
        return FailureKind::Timeout;
    case FailureCause::Reset:
        return FailureKind::Reset;
    case FailureCause::None:
        break;
    }
    return httpStatus(failure.error) >= 500 ? FailureKind::ServerError : FailureKind::Other;
}

} // namespace s3c
