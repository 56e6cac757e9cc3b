#pragma once

#include "S3Error.h"

#include <QByteArray>
#include <QString>

namespace s3c {

// <Error><Code/><Message/><Resource/><RequestId/></Error> as S3 answers it.
QByteArray renderErrorXml(S3Error error, const QString &message, const QString &resource,
                          const QByteArray &requestId);

} // namespace s3c
