#include "ListingMerger.h"

#include <QSet>

#include <algorithm>

namespace s3c {

ListingMerger::ListingMerger(const ListObjectsRequest &request)
    : m_request(request), m_startAfter(request.startAfter.toUtf8())
{
}

void ListingMerger::add(const QString &backend, const ListObjectsResult &page)
{
    const int source = int(m_sources.size());
    m_sources.append(backend);
    m_pages.append(page);

    QByteArray last;
    for (qsizetype i = 0; i < page.objects.size(); ++i) {
        QByteArray key = page.objects.at(i).key.toUtf8();
        last = qMax(last, key);
        // A backend must not repeat what an earlier page held; drop it if one does anyway.
        if (key > m_startAfter)
            m_entries.append(Entry{std::move(key), source, int(i), {}});
    }
    for (const QString &prefix : page.commonPrefixes) {
        QByteArray key = prefix.toUtf8();
        last = qMax(last, key);
        // A CommonPrefix at or before startAfter was returned on an earlier page: S3 continues
        // after a prefix marker with the keys that follow all of that prefix.
        if (key > m_startAfter)
            m_entries.append(Entry{std::move(key), source, -1, prefix});
    }
    if (!page.truncated)
        return;
    last = qMax(last, page.nextMarker.toUtf8());
    // Truncated without saying where it stopped: nothing can continue from it, so trust what
    // it gave rather than loop on an empty page.
    if (last.isEmpty() || last <= m_startAfter)
        return;
    m_backendTruncated = true;
    if (!m_cutoff || last < *m_cutoff)
        m_cutoff = last;
}

ListObjectsResult ListingMerger::result() const
{
    QList<Entry> entries = m_entries;
    // Stable: for equal keys the earlier backend (added first) stays first and wins below.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry &a, const Entry &b) { return a.sortKey < b.sortKey; });

    ListObjectsResult out;
    QSet<int> contributors;
    const qsizetype maxKeys = qMax(0, m_request.maxKeys);
    qsizetype taken = 0;
    bool leftOver = false;
    const QByteArray *previous = nullptr;
    for (const Entry &e : std::as_const(entries)) {
        if (previous && *previous == e.sortKey)
            continue; // duplicate key: the earlier backend's entry was kept
        previous = &e.sortKey;
        if ((m_cutoff && e.sortKey > *m_cutoff) || taken == maxKeys) {
            leftOver = true;
            break;
        }
        ++taken;
        contributors.insert(e.source);
        if (e.object >= 0)
            out.objects.append(m_pages.at(e.source).objects.at(e.object));
        else
            out.commonPrefixes.append(e.prefix);
        out.nextMarker = QString::fromUtf8(e.sortKey);
    }
    // An empty page cannot say where to continue (max-keys=0 included), so it never claims more.
    out.truncated = (leftOver || m_backendTruncated) && taken > 0;
    if (!out.truncated)
        out.nextMarker.clear();
    for (int i = 0; i < m_sources.size(); ++i) {
        // Who contributed entries; for an empty page, who answered (the listing is theirs).
        if (contributors.contains(i) || contributors.isEmpty())
            out.servedBy.append(m_sources.at(i));
    }
    return out;
}

QList<BucketInfo> ListingMerger::mergeBuckets(const QList<QList<BucketInfo>> &inCascadeOrder)
{
    QList<std::pair<QByteArray, BucketInfo>> all;
    for (const auto &list : inCascadeOrder) {
        for (const BucketInfo &b : list)
            all.append({b.name.toUtf8(), b});
    }
    std::stable_sort(all.begin(), all.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<BucketInfo> out;
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (i > 0 && all.at(i).first == all.at(i - 1).first)
            continue;
        out.append(all.at(i).second);
    }
    return out;
}

} // namespace s3c
