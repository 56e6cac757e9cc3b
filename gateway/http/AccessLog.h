#pragma once

#include "AccessLogFormat.h"
#include "AccessRecord.h"
#include "base/Result.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

class QFile;
class QThread;

namespace s3c {

// `--access-log FILE|-`: one JSON line per request (AccessLogFormat), written off the request's
// path. Workers only move a record onto a bounded queue under a short lock; one writer thread
// formats and appends whole batches with one write each. The writer sleeps while the queue is
// empty and, once woken, gathers for a moment before writing, so a busy gateway pays about one
// wake-up per batch, not one per request. A full queue (by count or by bytes) drops the record
// and counts it: a slow disk never blocks a request nor grows memory.
//
// reopen() (SIGHUP after logrotate moved the file) makes the writer open the path anew before
// its next write; lines already handed to the old file stay there, whole. close() writes what is
// queued, flushes and stops the writer; records after it are dropped.
class AccessLog
{
public:
    // Bounds of the queue between two writes.
    static constexpr qsizetype kMaxQueuedRecords = 16384;
    static constexpr qint64 kMaxQueuedBytes = 8 * 1024 * 1024;
    // How long the writer gathers records after the first one woke it.
    static constexpr int kGatherMs = 50;

    // "-" is standard output (not reopened). The file is created 0640 if missing, appended to.
    static Result<std::shared_ptr<AccessLog>> open(const QString &path);
    ~AccessLog();
    AccessLog(const AccessLog &) = delete;
    AccessLog &operator=(const AccessLog &) = delete;

    // Any thread; never waits for the writer's I/O.
    void record(AccessRecord &&record);
    // An answer given without a request to hand out (400 for an unparseable head, 408, 503 over
    // the connection cap).
    void recordRefusal(const QHostAddress &remote, int status, const QByteArray &requestId, qint64 bytesOut);
    // Any thread.
    void reopen();
    void close();

    const QString &path() const { return m_path; }
    quint64 written() const { return m_written.load(std::memory_order_relaxed); }
    quint64 dropped() const { return m_dropped.load(std::memory_order_relaxed); }

private:
    AccessLog(const QString &path, std::unique_ptr<QFile> file);
    static Result<std::unique_ptr<QFile>> openFile(const QString &path);
    void run();
    void writeBatch(std::vector<AccessRecord> &batch);
    void reopenFile();

    const QString m_path;
    std::unique_ptr<QFile> m_file; // writer thread only (after the constructor)

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<AccessRecord> m_queue; // guarded by m_mutex
    qint64 m_queuedBytes = 0;          // guarded by m_mutex
    bool m_writerIdle = false;         // guarded: the writer waits for a first record
    bool m_reopen = false;             // guarded
    bool m_stop = false;               // guarded
    bool m_closed = false;             // guarded: no more records accepted

    std::atomic<quint64> m_written{0};
    std::atomic<quint64> m_dropped{0};
    // Writer thread only.
    QByteArray m_buffer;
    AccessLogFormat m_format;
    QString m_writeError;
    quint64 m_droppedReported = 0;
    std::chrono::steady_clock::time_point m_lastDropReport;

    std::mutex m_joinMutex; // close() may be called from two threads
    std::unique_ptr<QThread> m_writer;
};

} // namespace s3c
