#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QIODevice;

namespace s3c {

class MultiCore;

// One attempt of ResumingBody to get the rest of a download (issue #11, mid-stream failover):
// asks the candidates one after another for bytes `want` of the object that was being served,
// each with its own deadline, and takes the first answer that provably carries the same object
// (sameObject). Ejected backends are skipped unless every candidate is ejected. Each backend
// call is filed in the statistics and the outlier detector like any other.
//
// `done` runs once, from the event loop, with the backend and its body (the receiver owns it),
// or with -1 and null when no candidate could serve. Deleting the fetch cancels it: `done` is
// then never called and an answer still on its way is dropped.
class ResumeFetch : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(int backend, QIODevice *body)>;

    // served: the object's metadata as the failed download announced it (ETag, size,
    // Last-Modified). want: absolute, inclusive byte offsets still owed to the client.
    ResumeFetch(std::shared_ptr<MultiCore> core, const QString &bucket, const QString &key,
                const ObjectInfo &served, ByteRange want, const QList<int> &candidates, Done done,
                QObject *parent = nullptr);
    ~ResumeFetch() override;

    void start();

    // Whether `answer` is exactly bytes `want` of the object described by `served`: same size,
    // the same ETag (when either lacks one: the same Last-Modified instead), and the range
    // served is the one asked for. Anything less could splice two versions into one body.
    static bool sameObject(const ObjectInfo &served, const GetObjectResult &answer, const ByteRange &want);

private:
    void tryNext();
    void onAnswer(int backend, qint64 startedUs, Result<GetObjectResult> answer);
    void onTimeout();
    void finish(int backend, QIODevice *body);

    std::shared_ptr<MultiCore> m_core;
    GetObjectRequest m_request;
    ObjectInfo m_served;
    ByteRange m_want;
    QList<int> m_candidates;
    QList<int> m_order;
    Done m_done;
    QTimer m_timer;
    int m_next = 0;
    int m_backend = -1;       // asked last, its answer awaited
    quint64 m_generation = 0; // which call's answer is awaited; older ones are dropped
    qint64 m_startedUs = 0;
    bool m_finished = false;
};

} // namespace s3c
