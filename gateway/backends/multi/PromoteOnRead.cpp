#include "PromoteOnRead.h"

#include "MultiCore.h"
#include "PromotionJob.h"
#include "stats/Statistics.h"

#include <QIODevice>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QMutexLocker>

#include <utility>

namespace s3c {

Q_LOGGING_CATEGORY(lcPromote, "s3c.multi.promote")

using Outcome = PromotionCounters::Outcome;

PromoteOnRead::PromoteOnRead(const PromoteOptions &options, std::shared_ptr<Statistics> stats)
    : m_options(options), m_stats(std::move(stats))
{
    m_stats->promotion().setEnabled(m_options.enabled);
}

PromoteOnRead::~PromoteOnRead() = default;

QString PromoteOnRead::slot(const QString &bucket, const QString &key)
{
    return bucket + QChar(0) + key; // bucket names never hold NUL
}

void PromoteOnRead::offer(const std::shared_ptr<MultiCore> &core, const QString &bucket, const QString &key,
                          int from, const ObjectInfo &served, QIODevice *clientBody)
{
    if (!m_options.enabled || from <= 0)
        return;
    PromotionCounters &counters = m_stats->promotion();
    const auto skip = [&](Outcome outcome, const char *why) {
        counters.add(outcome);
        qCDebug(lcPromote, "not copying %s/%s from %s: %s", qUtf8Printable(bucket), qUtf8Printable(key),
                qUtf8Printable(core->name(from)), why);
    };
    if (served.size > m_options.maxBytes)
        return skip(Outcome::TooLarge, "larger than promoteMaxBytes");
    // An ejected primary would fail the copy; the next read after it is back offers it again.
    if (core->detector().isEjected(0))
        return skip(Outcome::Busy, "the primary is ejected");
    const PromotionTicket ticket{bucket, key, from, served.etag, served.size};
    const QString id = slot(bucket, key);
    bool startNow = false;
    {
        QMutexLocker lock(&m_mutex);
        if (m_deleting.contains(id)) {
            lock.unlock();
            return skip(Outcome::Changed, "a delete of the key is in progress");
        }
        if (m_flights.contains(id)) {
            lock.unlock();
            return skip(Outcome::InFlight, "already being copied");
        }
        if (m_active < m_options.concurrency) {
            ++m_active;
            startNow = true;
        } else if (int(m_queue.size()) < m_options.queue) {
            m_queue.push_back(id);
        } else {
            lock.unlock();
            return skip(Outcome::Busy, "the copy queue is full");
        }
        m_flights.insert(id, Flight{ticket, nullptr, false});
        publishLoad();
    }
    if (!startNow)
        return;
    // Later, from the event loop: the read's answer goes to the client first, and its body
    // (the HTTP layer deletes it once sent) before the copy reads the object again.
    auto begin = [core, ticket] { MultiCore::post([core, ticket] { PromotionJob::start(core, ticket); }); };
    if (clientBody)
        QObject::connect(clientBody, &QObject::destroyed, clientBody, begin);
    else
        begin();
}

void PromoteOnRead::written(const QString &bucket, const QString &key)
{
    if (!m_options.enabled)
        return;
    QMutexLocker lock(&m_mutex);
    if (m_flights.isEmpty())
        return;
    if (!key.isEmpty()) {
        const auto it = m_flights.find(slot(bucket, key));
        if (it != m_flights.end())
            abandon(*it);
        return;
    }
    for (Flight &flight : m_flights) {
        if (flight.ticket.bucket == bucket)
            abandon(flight);
    }
}

std::shared_ptr<void> PromoteOnRead::deleting(const QString &bucket, const QString &key)
{
    if (!m_options.enabled)
        return {};
    const QString id = slot(bucket, key);
    {
        QMutexLocker lock(&m_mutex);
        ++m_deleting[id];
        const auto it = m_flights.find(id);
        if (it != m_flights.end())
            abandon(*it);
    }
    std::weak_ptr<PromoteOnRead> self = weak_from_this();
    // The pointer only makes the token non-null; the deleter ends the delete, it frees nothing.
    return std::shared_ptr<void>(this, [self, id](void *) {
        if (const auto promoter = self.lock())
            promoter->endDelete(id);
    });
}

void PromoteOnRead::endDelete(const QString &id)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_deleting.find(id);
    if (it != m_deleting.end() && --*it <= 0)
        m_deleting.erase(it);
}

void PromoteOnRead::abandon(Flight &flight)
{
    if (flight.abandoned)
        return;
    flight.abandoned = true;
    // The job cannot go while it is registered (it unregisters under this lock first); a call
    // queued to it and not yet delivered when it goes is dropped by Qt.
    if (flight.job)
        QMetaObject::invokeMethod(flight.job, &PromotionJob::abandon, Qt::QueuedConnection);
}

bool PromoteOnRead::attach(const PromotionTicket &ticket, PromotionJob *job)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_flights.find(slot(ticket.bucket, ticket.key));
    if (it == m_flights.end() || it->abandoned)
        return false;
    it->job = job;
    return true;
}

PromoteOnRead::Release PromoteOnRead::release(const PromotionTicket &ticket)
{
    Release out;
    QMutexLocker lock(&m_mutex);
    const auto it = m_flights.find(slot(ticket.bucket, ticket.key));
    if (it != m_flights.end()) {
        out.abandoned = it->abandoned;
        m_flights.erase(it);
    }
    --m_active;
    while (!m_queue.empty()) {
        const QString id = m_queue.front();
        m_queue.pop_front();
        const auto next = m_flights.find(id);
        if (next == m_flights.end())
            continue;
        if (next->abandoned) { // a write or delete came while it waited
            m_stats->promotion().add(Outcome::Changed);
            m_flights.erase(next);
            continue;
        }
        ++m_active;
        out.next = next->ticket;
        break;
    }
    publishLoad();
    return out;
}

bool PromoteOnRead::mayWarn(qint64 nowUs, quint64 *heldBack)
{
    QMutexLocker lock(&m_mutex);
    if (m_lastWarningUs >= 0 && nowUs - m_lastWarningUs < 1000 * 1000) {
        ++m_heldBack;
        return false;
    }
    m_lastWarningUs = nowUs;
    *heldBack = std::exchange(m_heldBack, 0);
    return true;
}

void PromoteOnRead::publishLoad()
{
    m_stats->promotion().setLoad(m_active, int(m_queue.size()));
}

} // namespace s3c
