#pragma once

#include "base/Result.h"

#include <QObject>
#include <QPointer>

namespace s3c {

class BodyStream;

// Collects a small request body (DeleteObjects, CompleteMultipartUpload, CreateBucket XML)
// up to a limit, then calls back once. Larger bodies are refused with `tooLarge`.
class BodyReader : public QObject
{
    Q_OBJECT
public:
    static void readAll(BodyStream *body, qint64 limit, S3Error tooLarge, Callback<QByteArray> done);

private:
    BodyReader(BodyStream *body, qint64 limit, S3Error tooLarge, Callback<QByteArray> done);
    void pump();
    void complete(Result<QByteArray> result);

    QPointer<BodyStream> m_body;
    qint64 m_limit;
    S3Error m_tooLarge;
    Callback<QByteArray> m_done;
    QByteArray m_data;
    bool m_completed = false;
};

} // namespace s3c
