#pragma once

#include "GatewayOptions.h"

#include <QString>
#include <QStringList>

namespace s3c {

enum class AppCommand {
    Serve,       // default: the embedded directory, or `posix DIR`
    Credentials, // print the stored credentials
    Presign,     // print a presigned URL
    AdminToken,  // print the admin API's bearer token (made if there is none yet)
};

struct PresignOptions
{
    QByteArray method = "GET";
    QString bucket;
    QString key;
    qint64 expiresSeconds = 3600;
    QString endpoint; // default: the gateway's own address
};

// The parsed command line. Parsing happens before any QCoreApplication exists (the GUI or
// headless choice depends on it).
struct AppOptions
{
    AppCommand command = AppCommand::Serve;
    GatewayOptions gateway;
    bool accessGiven = false; // keys from --access/--secret or ROOT_ACCESS_KEY/ROOT_SECRET_KEY
    bool portGiven = false;   // --port: the GUI then ignores the address it remembered
    bool noGui = false;
    bool quiet = false;
    QString configFile; // s3-multi --config (parent gateway compatibility)
    QString language;   // --lang: translation to use instead of the system locale's
    PresignOptions presign;
};

} // namespace s3c
