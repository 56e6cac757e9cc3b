#pragma once

#include "backends/BackendTypes.h"

#include <QList>

namespace s3c {

// Merges the pages several backends gave for the same ListObjects request into one exact page
// (issue #3): entries in UTF-8 byte order as S3 sorts them, one per key (the earlier backend
// wins), CommonPrefixes merged, at most maxKeys entries with keys and prefixes counted together
// as S3 counts them.
//
// Exactness: every backend was asked for maxKeys entries after the same startAfter. A backend
// that stopped early (truncated) may hold more entries after the last one it returned, so
// nothing past the smallest such "last" is certain; the page ends there at the latest and
// continues from its last entry. Each truncated backend returned at least one entry at or
// before its own last, so every page makes progress.
class ListingMerger
{
public:
    explicit ListingMerger(const ListObjectsRequest &request);

    // Pages must be added in cascade order (index 0 first) for "earlier backend wins".
    void add(const QString &backend, const ListObjectsResult &page);
    ListObjectsResult result() const;

    // ListBuckets: the union, sorted by name in UTF-8 byte order, the earlier backend's entry
    // kept for a name several hold.
    static QList<BucketInfo> mergeBuckets(const QList<QList<BucketInfo>> &inCascadeOrder);

private:
    struct Entry
    {
        QByteArray sortKey; // UTF-8
        int source = 0;     // index into m_sources
        int object = -1;    // index into that page's objects, -1 for a common prefix
        QString prefix;
    };

    ListObjectsRequest m_request;
    QByteArray m_startAfter;
    QList<ListObjectsResult> m_pages;
    QStringList m_sources;
    QList<Entry> m_entries;
    std::optional<QByteArray> m_cutoff; // last entry that is certain, if any backend was truncated
    bool m_backendTruncated = false;
};

} // namespace s3c
