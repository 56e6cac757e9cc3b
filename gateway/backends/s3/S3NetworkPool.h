#pragma once

#include <QHash>
#include <QList>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

namespace s3c {

// QNetworkAccessManagers for one backend. Qt 6.4 gives each manager at most 6 connections per
// host (QHttp1Configuration, which could raise it, arrived in 6.5); a download paced by a slow
// client holds its connection to the end, so six of them would queue every other request. The
// pool hands out the least-loaded manager and adds one when all are at 6, up to a cap.
class S3NetworkPool : public QObject
{
    Q_OBJECT
public:
    explicit S3NetworkPool(int maxManagers, QObject *parent = nullptr);

    QNetworkAccessManager *pick();
    // Counts `reply` against `manager` until it finished or was deleted.
    void track(QNetworkAccessManager *manager, QNetworkReply *reply);
    int managerCount() const { return int(m_managers.size()); }

    static constexpr int kConnectionsPerManager = 6;

private:
    int m_maxManagers;
    QList<QNetworkAccessManager *> m_managers;
    QHash<QNetworkAccessManager *, int> m_inFlight;
};

} // namespace s3c
