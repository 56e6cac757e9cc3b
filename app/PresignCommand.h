#pragma once

#include "AppOptions.h"

#include <QCoreApplication>

namespace s3c {

// `s3cascade presign`: prints a presigned URL for the gateway's own credentials.
class PresignCommand
{
    Q_DECLARE_TR_FUNCTIONS(PresignCommand)
public:
    static int run(const AppOptions &options);
};

} // namespace s3c
