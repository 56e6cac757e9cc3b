#pragma once

#include "StatsSnapshot.h"

#include <QList>
#include <QMutex>

namespace s3c {

// The last `capacity` requests, for the GUI's table: a ring, so memory stays bounded however
// long the gateway runs. The lock is held only to copy one entry in or the ring out.
class RecentRequests
{
public:
    explicit RecentRequests(int capacity = 256);

    int capacity() const { return m_capacity; }
    // Stamps the entry's sequence number and keeps it, dropping the oldest when full.
    void record(RecentRequest entry);
    // Oldest first; only entries with a sequence above `after` (0: all that are kept).
    QList<RecentRequest> entries(quint64 after = 0) const;
    quint64 total() const;

    // The HTTP method of an S3 operation: the REST API gives each operation exactly one (S3 API
    // reference, each operation's "Request Syntax"), so the record need not carry the request.
    // Static strings: an entry's method costs no allocation. Empty for an unknown operation.
    static QString httpMethod(const QString &operation);

private:
    const int m_capacity;
    mutable QMutex m_mutex;
    QList<RecentRequest> m_ring; // grows to m_capacity, then m_next wraps
    int m_next = 0;
    quint64 m_total = 0;
};

} // namespace s3c
