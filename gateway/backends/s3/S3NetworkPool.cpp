#include "S3NetworkPool.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <memory>

namespace s3c {

S3NetworkPool::S3NetworkPool(int maxManagers, QObject *parent)
    : QObject(parent), m_maxManagers(qMax(1, maxManagers))
{
}

QNetworkAccessManager *S3NetworkPool::pick()
{
    QNetworkAccessManager *best = nullptr;
    for (QNetworkAccessManager *m : std::as_const(m_managers)) {
        if (!best || m_inFlight.value(m) < m_inFlight.value(best))
            best = m;
    }
    if (best && (m_inFlight.value(best) < kConnectionsPerManager || m_managers.size() >= m_maxManagers))
        return best;
    auto *manager = new QNetworkAccessManager(this);
    // Replies are owned by S3Call or handed to the HTTP layer; never deleted behind their back.
    manager->setAutoDeleteReplies(false);
    m_managers.append(manager);
    m_inFlight.insert(manager, 0);
    return manager;
}

void S3NetworkPool::track(QNetworkAccessManager *manager, QNetworkReply *reply)
{
    ++m_inFlight[manager];
    auto counted = std::make_shared<bool>(true);
    const auto release = [this, manager, counted] {
        if (*counted) {
            *counted = false;
            --m_inFlight[manager];
        }
    };
    connect(reply, &QNetworkReply::finished, this, release);
    connect(reply, &QObject::destroyed, this, release);
}

} // namespace s3c
