#pragma once

#include "S3Error.h"

#include <QString>

#include <functional>
#include <utility>
#include <variant>

namespace s3c {

// Why a backend could not answer when the cause was its transport rather than an S3 reply:
// statistics and outlier ejection count these apart (design-notes.md #3); clients only ever see
// the S3 error. None: the backend answered with this error itself.
enum class FailureCause { None, Refused, Timeout, Reset };

// What went wrong, in S3 terms: the error (status and code come from the one table) and an
// optional message replacing the table's default.
struct Failure
{
    S3Error error = S3Error::InternalError;
    QString message;
    FailureCause cause = FailureCause::None;

    QString text() const { return message.isEmpty() ? s3ErrorMessage(error) : message; }
};

// Expected-style result (C++20 has no std::expected): core code returns these, never throws.
template<class T>
class Result
{
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Failure failure) : m_v(std::move(failure)) {}
    Result(S3Error error, QString message = {}) : m_v(Failure{error, std::move(message)}) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() { return std::get<0>(m_v); }
    const T &value() const { return std::get<0>(m_v); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    const Failure &failure() const { return std::get<1>(m_v); }
    S3Error error() const { return ok() ? S3Error::None : failure().error; }

private:
    std::variant<T, Failure> m_v;
};

// A result without a value.
struct Done
{
};
using Status = Result<Done>;

template<class T>
using Callback = std::function<void(Result<T>)>;

} // namespace s3c
