#pragma once

#include "S3ErrorMapper.h"
#include "http/HttpClientReply.h"
#include "base/Result.h"

#include <QByteArray>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace s3c {

class BodyStream;

// One request to a backend, from send to a classified answer, reported exactly once.
//
// Timeouts (all end in ServiceUnavailable): connecting (from the socket's first connect until
// the request went out), first byte (from the request sent - for uploads, the last body byte -
// until the response head), and the connection's stall timeout after that. Error answers
// are classified by S3ErrorMapper. The call deletes itself (and its reply, unless handed over).
class S3Call : public QObject
{
    Q_OBJECT
public:
    // A successful answer. `reply` stays valid while the handler runs; `stream` is set (and the
    // caller owns it) only for a streamed body handed over at the response head.
    struct Response
    {
        int status = 0;
        HttpClientReply *reply = nullptr;
        QByteArray body;
        HttpClientReply *stream = nullptr;
    };
    using Handler = std::function<void(Result<Response>)>;

    struct Timeouts
    {
        int connectMs = 5000;
        int firstByteMs = 30000;
    };

    // Collects the body (S3 XML answers are small; more than `maxBody` bytes is an error).
    static void collect(HttpClientReply *reply, const QString &backend, S3ErrorMapper::NotFound notFound,
                        Timeouts timeouts, Handler handler);
    // For GET: a 2xx hands the reply over at its head, body unread (back-pressure stays with the
    // reader); an error answer is collected and classified.
    static void stream(HttpClientReply *reply, const QString &backend, S3ErrorMapper::NotFound notFound,
                       Timeouts timeouts, Handler handler);
    // For PUT with a client body: a failed() stream aborts the request so the backend never
    // stores a short object; the handler then gets IncompleteBody.
    static void upload(HttpClientReply *reply, BodyStream *body, const QString &backend,
                       S3ErrorMapper::NotFound notFound, Timeouts timeouts, Handler handler);

    static constexpr qint64 kMaxBody = 16 * 1024 * 1024;

private:
    S3Call(HttpClientReply *reply, const QString &backend, S3ErrorMapper::NotFound notFound, Timeouts timeouts,
           Handler handler);

    void arm(int ms, const QString &phase);
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void onUploadProgress(qint64 sent, qint64 total);
    void onBodyFailed();
    void fail(const Failure &failure);
    void report(Result<Response> result);

    QPointer<HttpClientReply> m_reply;
    QString m_backend;
    S3ErrorMapper::NotFound m_notFound;
    Timeouts m_timeouts;
    Handler m_handler;
    QTimer m_timer;
    QString m_phase;
    QByteArray m_body;
    bool m_streaming = false;
    bool m_uploading = false;
    bool m_reported = false;
};

} // namespace s3c
