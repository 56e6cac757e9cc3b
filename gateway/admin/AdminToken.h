#pragma once

#include "base/Result.h"

#include <QByteArray>
#include <QString>

namespace s3c {

// The admin API's bearer token: 32 bytes from the OS's CSPRNG as 64 hex digits, kept in a file
// of mode 0600 beside credentials.json (PrivateFiles), made on the first start that needs one and
// reused after, so a dashboard's configuration survives restarts; `s3cascade admin-token`
// prints it.
class AdminToken
{
public:
    static QString defaultPath(); // <app config>/admin-token
    // The stored token; an empty one (no error) when the file does not exist. A file another
    // user owns or may write is refused, as the credentials are.
    static Result<QByteArray> load(const QString &path = defaultPath());
    // The stored token, or a new one generated and saved. `generated` tells which.
    static Result<QByteArray> loadOrCreate(bool *generated, const QString &path = defaultPath());
    // Constant-time (Crypto::constantTimeEquals): a timing difference must not tell how many
    // leading characters of a guess were right.
    static bool matches(const QByteArray &expected, const QByteArray &given);
};

} // namespace s3c
