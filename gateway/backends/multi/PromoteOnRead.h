#pragma once

#include "MultiOptions.h"
#include "backends/BackendTypes.h"

#include <QHash>
#include <QMutex>
#include <QString>

class QIODevice;

#include <deque>
#include <memory>
#include <optional>

namespace s3c {

class MultiCore;
class PromotionJob;
class Statistics;

// One object to copy from a fallback into the primary.
struct PromotionTicket
{
    QString bucket;
    QString key;
    int from = 0;    // the fallback that served the read
    QByteArray etag; // what it served: the copy reads that version (If-Match) or none
    qint64 size = 0;
};

// Copy-on-read (issue #11, "promoteOnRead"; Cloudflare R2 Sippy migrates a bucket this way): an
// object a fallback served is copied into the primary in the background, so the primary fills
// up with what clients actually read and the fallback can be retired later.
//
// - The client is never delayed: offer() only books the copy; a PromotionJob later reads the
//   object from that fallback a second time and streams it into the primary (bounded memory,
//   SourceBodyStream), with its Content-Type, user metadata, the other stored headers and tags.
// - Bounded: at most `concurrency` copies run, over all gateway threads; `queue` more wait; an
//   offer beyond that, or over `maxBytes`, is skipped and counted (a later read offers it again).
// - One copy per key at a time, across threads: this object is shared (CascadeState).
// - Never replaces what the primary holds: the write is conditional (If-None-Match: *), checked
//   by the primary atomically with the write. A write through the gateway abandons a copy of
//   that key in flight (it would be refused anyway); a delete does so too and keeps new copies
//   of the key from starting while it runs, since a copy landing after it would bring back what
//   the client deleted. (A delete that begins while the primary is already committing a copy
//   can still race it: see gateway/config/README.md.)
//
// Thread-safe. Copies run in the thread that offered them, or in the one that frees a slot
// first: every gateway thread holds a MultiBackend over the same backends.
class PromoteOnRead : public std::enable_shared_from_this<PromoteOnRead>
{
public:
    PromoteOnRead(const PromoteOptions &options, std::shared_ptr<Statistics> stats);
    ~PromoteOnRead();

    bool isEnabled() const { return m_options.enabled; }
    const PromoteOptions &options() const { return m_options; }

    // A read of bucket/key was served by fallback `from` (> 0) as `served` (a HEAD, a range or
    // the whole: `served.size` is the object's). Returns at once. clientBody: the download the
    // client is given, if any; the copy starts when it is gone (sent or dropped), so the two
    // never compete for the thread, the fallback or the link.
    void offer(const std::shared_ptr<MultiCore> &core, const QString &bucket, const QString &key, int from,
               const ObjectInfo &served, QIODevice *clientBody);
    // A write of the key through the gateway ended (key empty: something about the bucket).
    void written(const QString &bucket, const QString &key);
    // A delete of the key through the gateway begins; it ends when the token is dropped.
    std::shared_ptr<void> deleting(const QString &bucket, const QString &key);

    // For PromotionJob. attach: the job runs the ticket (false: abandoned while it waited).
    bool attach(const PromotionTicket &ticket, PromotionJob *job);
    struct Release
    {
        bool abandoned = false;              // a write or delete of the key came meanwhile
        std::optional<PromotionTicket> next; // the caller runs it, in its thread
    };
    // The job of `ticket` is done with it: its slot goes to the next ticket waiting.
    Release release(const PromotionTicket &ticket);
    // Failed copies are logged as warnings at most once a second (a primary without the
    // bucket fails every copy): true when this one may be; *heldBack: failures not logged since.
    bool mayWarn(qint64 nowUs, quint64 *heldBack);

private:
    struct Flight
    {
        PromotionTicket ticket;
        PromotionJob *job = nullptr; // registered while running; deleted only after release()
        bool abandoned = false;
    };
    static QString slot(const QString &bucket, const QString &key);
    void abandon(Flight &flight); // with m_mutex held
    void endDelete(const QString &slot);
    void publishLoad(); // with m_mutex held

    const PromoteOptions m_options;
    const std::shared_ptr<Statistics> m_stats;
    QMutex m_mutex;
    QHash<QString, Flight> m_flights; // running and queued
    std::deque<QString> m_queue;
    int m_active = 0;
    QHash<QString, int> m_deleting; // deletes in progress per key
    qint64 m_lastWarningUs = -1;    // with m_mutex
    quint64 m_heldBack = 0;
};

} // namespace s3c
