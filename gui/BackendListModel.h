#pragma once

#include "config/BackendConfig.h"
#include "stats/StatsSnapshot.h"

#include <QAbstractListModel>
#include <QList>

namespace s3c {

// The cascade order as a list: row 0 is the primary (every write goes there), reads try the rows
// in order. Rows move with moveRows(), which QListView's internal drag and drop uses too.
class BackendListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit BackendListModel(QObject *parent = nullptr);

    void setBackends(const QList<BackendConfig> &backends);
    QList<BackendConfig> backends() const { return m_backends; }
    const BackendConfig &backend(int row) const { return m_backends.at(row); }
    void setBackend(int row, const BackendConfig &backend);
    void append(const BackendConfig &backend);
    void remove(int row);
    // A free name like "backend-3", for a new entry.
    QString unusedName(const QString &stem) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;

    static QString summary(const BackendConfig &backend);

    // The running gateway's health of each backend, by name (issue #11): shown under the
    // backend's row. Empty: the gateway is stopped, nothing is shown.
    void setHealth(const QList<BackendStatsSnapshot> &backends);
    // The line shown for a backend: "" when nothing is known.
    QString healthLine(int row) const;

signals:
    void edited();

private:
    QList<BackendConfig> m_backends;
    QList<BackendStatsSnapshot> m_health;
};

} // namespace s3c
