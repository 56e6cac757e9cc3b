#include "AccessLog.h"

#include "AccessLogFormat.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QThread>

#include <chrono>
#include <cstdio>

Q_LOGGING_CATEGORY(lcAccessLog, "s3c.accesslog")

namespace s3c {

namespace {

// Warnings about lost lines at most this often: an overloaded disk must not flood stderr too.
constexpr auto kDropReportInterval = std::chrono::seconds(10);

// What a queued record holds on to beyond its own size (the strings it shares with the request).
qint64 footprint(const AccessRecord &r)
{
    return qint64(sizeof(AccessRecord)) + 2 * (r.key.size() + r.bucket.size() + r.accessKey.size()) +
           r.userAgent.size() + r.requestId.size() + r.method.size() + r.backend.size();
}

} // namespace

Result<std::unique_ptr<QFile>> AccessLog::openFile(const QString &path)
{
    auto file = std::make_unique<QFile>();
    if (path == QLatin1String("-")) {
        // Our own unbuffered handle on the descriptor: one write per batch, no stdio buffer
        // shared with the lines main() prints.
        if (!file->open(fileno(stdout), QIODevice::WriteOnly | QIODevice::Unbuffered,
                        QFileDevice::DontCloseHandle))
            return Failure{S3Error::InternalError,
                           QStringLiteral("Cannot write the access log to standard output: %1")
                               .arg(file->errorString())};
        return file;
    }
    file->setFileName(path);
    const bool existed = file->exists();
    // Append mode: each batch lands at the end even when another writer (copytruncate) moved it.
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return Failure{S3Error::InternalError,
                       QStringLiteral("Cannot open the access log %1: %2").arg(path, file->errorString())};
    // Client addresses, key ids and object names: not for every local user (logrotate's
    // `create 0640` keeps this on rotation).
    if (!existed)
        file->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
    return file;
}

Result<std::shared_ptr<AccessLog>> AccessLog::open(const QString &path)
{
    auto file = openFile(path);
    if (!file)
        return file.failure();
    return std::shared_ptr<AccessLog>(new AccessLog(path, std::move(file.value())));
}

AccessLog::AccessLog(const QString &path, std::unique_ptr<QFile> file) : m_path(path), m_file(std::move(file))
{
    m_queue.reserve(1024);
    // A QThread for its name (s3c-accesslog in top and perf); it runs no event loop.
    m_writer.reset(QThread::create([this] { run(); }));
    m_writer->setObjectName(QStringLiteral("s3c-accesslog"));
    m_writer->start();
}

AccessLog::~AccessLog()
{
    close();
}

void AccessLog::record(AccessRecord &&r)
{
    const qint64 bytes = footprint(r);
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_closed || qsizetype(m_queue.size()) >= kMaxQueuedRecords ||
            m_queuedBytes + bytes > kMaxQueuedBytes) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        m_queue.push_back(std::move(r));
        m_queuedBytes += bytes;
        // Only the first record after an idle spell, or a queue half full, costs a wake-up.
        if (m_writerIdle) {
            m_writerIdle = false;
            wake = true;
        } else if (qsizetype(m_queue.size()) == kMaxQueuedRecords / 2) {
            wake = true;
        }
    }
    if (wake)
        m_wake.notify_one();
}

void AccessLog::recordRefusal(const QHostAddress &remote, int status, const QByteArray &requestId,
                              qint64 bytesOut)
{
    AccessRecord r;
    r.startMs = QDateTime::currentMSecsSinceEpoch();
    r.remote = remote;
    r.status = status;
    r.requestId = requestId;
    r.bytesOut = bytesOut;
    record(std::move(r));
}

void AccessLog::reopen()
{
    {
        std::lock_guard lock(m_mutex);
        m_reopen = true;
    }
    m_wake.notify_one();
}

void AccessLog::close()
{
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_stop = true;
    }
    m_wake.notify_one();
    std::lock_guard joining(m_joinMutex);
    if (m_writer)
        m_writer->wait();
}

void AccessLog::run()
{
    std::vector<AccessRecord> batch;
    batch.reserve(1024);
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_queue.empty() && !m_reopen && !m_stop) {
            m_writerIdle = true;
            m_wake.wait(lock, [this] { return !m_writerIdle || m_reopen || m_stop; });
            m_writerIdle = false;
        }
        // Let a batch build up: one write (and one wake-up) for many requests.
        m_wake.wait_for(lock, std::chrono::milliseconds(kGatherMs), [this] {
            return m_stop || m_reopen || qsizetype(m_queue.size()) >= kMaxQueuedRecords / 2;
        });
        const bool reopenNow = std::exchange(m_reopen, false);
        const bool stop = m_stop;
        batch.swap(m_queue); // the queue takes the batch's emptied storage: no allocation
        m_queuedBytes = 0;
        lock.unlock();
        if (!batch.empty())
            writeBatch(batch);
        batch.clear();
        // What completed before the signal went to the old file; everything after, to the new.
        if (reopenNow)
            reopenFile();
        if (stop)
            break;
        lock.lock();
    }
    m_file.reset();
}

void AccessLog::writeBatch(std::vector<AccessRecord> &batch)
{
    m_buffer.clear();
    for (const AccessRecord &r : batch)
        m_format.appendLine(m_buffer, r);
    bool ok = m_file && m_file->isOpen();
    qsizetype done = 0;
    while (ok && done < m_buffer.size()) {
        const qint64 n = m_file->write(m_buffer.constData() + done, m_buffer.size() - done);
        if (n <= 0)
            ok = false;
        else
            done += n;
    }
    if (ok) {
        m_written.fetch_add(batch.size(), std::memory_order_relaxed);
    } else {
        m_dropped.fetch_add(batch.size(), std::memory_order_relaxed);
        if (m_file)
            m_writeError = m_file->errorString();
    }
    // A huge batch (long keys) must not keep its buffer for the process's lifetime.
    if (m_buffer.capacity() > 4 * 1024 * 1024)
        m_buffer = QByteArray();
    const quint64 dropped = m_dropped.load(std::memory_order_relaxed);
    const auto now = std::chrono::steady_clock::now();
    if (dropped != m_droppedReported && now - m_lastDropReport >= kDropReportInterval) {
        qCWarning(lcAccessLog, "access log %s: %llu lines lost so far (%s)", qUtf8Printable(m_path),
                  static_cast<unsigned long long>(dropped),
                  m_writeError.isEmpty() ? "the queue was full" : qUtf8Printable(m_writeError));
        m_droppedReported = dropped;
        m_lastDropReport = now;
    }
}

void AccessLog::reopenFile()
{
    if (m_path == QLatin1String("-"))
        return;
    auto file = openFile(m_path);
    if (!file) {
        // Keep writing to the old file rather than losing lines; say why once per signal.
        qCWarning(lcAccessLog, "%s", qUtf8Printable(file.failure().message));
        return;
    }
    m_file = std::move(file.value());
    m_writeError.clear();
}

} // namespace s3c
