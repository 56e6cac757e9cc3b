#include "RecentRequests.h"

#include <QMutexLocker>

namespace s3c {

RecentRequests::RecentRequests(int capacity) : m_capacity(qMax(1, capacity))
{
    m_ring.reserve(m_capacity);
}

void RecentRequests::record(RecentRequest entry)
{
    QMutexLocker lock(&m_mutex);
    entry.sequence = ++m_total;
    if (m_ring.size() < m_capacity) {
        m_ring.append(std::move(entry));
        return;
    }
    m_ring[m_next] = std::move(entry);
    m_next = (m_next + 1) % m_capacity;
}

QList<RecentRequest> RecentRequests::entries(quint64 after) const
{
    QMutexLocker lock(&m_mutex);
    QList<RecentRequest> out;
    out.reserve(m_ring.size());
    // Before the ring is full m_next is 0, so this walk is oldest-first in both states.
    for (int i = 0; i < m_ring.size(); ++i) {
        const RecentRequest &e = m_ring.at((m_next + i) % m_ring.size());
        if (e.sequence > after)
            out.append(e);
    }
    return out;
}

QString RecentRequests::httpMethod(const QString &operation)
{
    struct Entry
    {
        QLatin1String operation;
        QString method;
    };
    static const Entry table[] = {
        {QLatin1String("GetObject"), QStringLiteral("GET")},
        {QLatin1String("HeadObject"), QStringLiteral("HEAD")},
        {QLatin1String("PutObject"), QStringLiteral("PUT")},
        {QLatin1String("CopyObject"), QStringLiteral("PUT")},
        {QLatin1String("DeleteObject"), QStringLiteral("DELETE")},
        {QLatin1String("DeleteObjects"), QStringLiteral("POST")},
        {QLatin1String("ListBuckets"), QStringLiteral("GET")},
        {QLatin1String("ListObjects"), QStringLiteral("GET")},
        {QLatin1String("ListObjectsV2"), QStringLiteral("GET")},
        {QLatin1String("HeadBucket"), QStringLiteral("HEAD")},
        {QLatin1String("CreateBucket"), QStringLiteral("PUT")},
        {QLatin1String("DeleteBucket"), QStringLiteral("DELETE")},
        {QLatin1String("CreateMultipartUpload"), QStringLiteral("POST")},
        {QLatin1String("UploadPart"), QStringLiteral("PUT")},
        {QLatin1String("UploadPartCopy"), QStringLiteral("PUT")},
        {QLatin1String("CompleteMultipartUpload"), QStringLiteral("POST")},
        {QLatin1String("AbortMultipartUpload"), QStringLiteral("DELETE")},
        {QLatin1String("ListMultipartUploads"), QStringLiteral("GET")},
        {QLatin1String("ListParts"), QStringLiteral("GET")},
        {QLatin1String("GetObjectTagging"), QStringLiteral("GET")},
        {QLatin1String("PutObjectTagging"), QStringLiteral("PUT")},
        {QLatin1String("DeleteObjectTagging"), QStringLiteral("DELETE")},
    };
    for (const Entry &entry : table) {
        if (operation == entry.operation)
            return entry.method;
    }
    return {};
}

quint64 RecentRequests::total() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

} // namespace s3c
