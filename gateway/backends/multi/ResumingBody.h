#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"
#include "DeferredBodyStream.h"

#include <QPointer>
#include <QTimer>

#include <memory>

namespace s3c {

class MultiCore;
class ResumeFetch;

// Mid-stream failover of GET (issue #11): the body a cascaded read hands to the HTTP layer,
// wrapping the serving backend's body. It passes bytes straight through on demand (nothing is
// buffered here: memory stays bounded, the client's pace drives the backend) and counts them.
// When the backend's body breaks (reset, its own stall timeout, ends short) the rest is asked
// of another holder of the same object with a Range from the first byte not yet delivered
// (ResumeFetch: same ETag, or lacking one the same size and Last-Modified) and the download
// carries on from it. When nobody can take over, failed(): the HTTP layer aborts the client's
// connection, so a short or spliced body is never presented as complete.
//
// A stall (no byte for ResumeOptions::stallMs while the reader waits for one) also asks for a
// resume, but keeps the slow body: whichever delivers first carries on, so a backend that only
// paused costs one dropped request, never the download.
//
// Who is asked, in this order: the backends after the serving one in cascade order; then the
// ones the cascade asked before it, unless each of those said not-found (backends the location
// cache skipped as known misses are not asked); last the serving backend itself, on a new
// connection (a reset connection is often all that broke). At most ResumeOptions::maxAttempts
// resumes per download.
class ResumingBody : public DeferredBodyStream
{
    Q_OBJECT
public:
    // The hook of MultiBackend's GET cascade: wraps result.body when a resume is possible (a
    // streamed body from a backend, resuming on, an object with an ETag or Last-Modified to
    // prove identity by). Local files stay as they are (sent with sendfile(2), they do not
    // break mid-stream). served: the backend that served it; from and earlierMissed as the
    // ReadCascade told them.
    static void wrap(const std::shared_ptr<MultiCore> &core, const GetObjectRequest &request, int served,
                     int from, bool earlierMissed, GetObjectResult &result);
    // The resume order described above, for a cascade over `count` backends.
    static QList<int> resumeOrder(int count, int served, int from, bool earlierMissed);

    // Takes ownership of source, which delivers bytes `range` of `object`.
    ResumingBody(std::shared_ptr<MultiCore> core, const QString &bucket, const QString &key,
                 const ObjectInfo &object, ByteRange range, QIODevice *source, int backend, QList<int> order,
                 QObject *parent = nullptr);
    ~ResumingBody() override;

    qint64 expectedLength() const override { return m_range.length(); }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;
    QByteArray readChunk(qint64 maxSize) override;

    int resumeCount() const { return m_resumes; }
    int currentBackend() const { return m_backend; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    // Counts n bytes just handed to the reader, and sees what the source's state now means.
    void afterRead(qint64 n);
    void attach(QIODevice *source, int backend);
    void dropSource();
    void onSourceReady();
    void onSourceEnded();
    void onSourceFailed();
    void sourceBroke(const QString &reason, FailureCause cause);
    void armStall();
    void onStall();
    bool startResume(const QString &why);
    void dropResume();
    void onResumed(int backend, QIODevice *body);
    void fail(const QString &why);

    std::shared_ptr<MultiCore> m_core;
    QString m_bucket;
    QString m_key;
    ObjectInfo m_object;
    ByteRange m_range;
    QList<int> m_order;
    QPointer<QIODevice> m_source;
    int m_backend;
    qint64 m_sourceStartedUs = 0;
    qint64 m_delivered = 0;
    QTimer m_stallTimer;
    ResumeFetch *m_fetch = nullptr;
    qint64 m_fetchOffset = 0;
    qint64 m_fetchStartedUs = 0;
    QString m_fetchReason;
    int m_attempts = 0;
    int m_resumes = 0;
    bool m_sourceEnded = false;
    bool m_inRead = false;
};

} // namespace s3c
