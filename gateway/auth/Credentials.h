#pragma once

#include <QString>

namespace s3c {

// One access key / secret key pair.
struct Credentials
{
    QString accessKey;
    QString secretKey;
    bool isValid() const { return !accessKey.isEmpty() && !secretKey.isEmpty(); }
};

} // namespace s3c
