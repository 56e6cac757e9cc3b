#pragma once

#include "config/BackendsConfig.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace s3c {

struct StatsSnapshot;

class BackendEditDialog;
class BackendListModel;
class GatewayController;

// The ordered backend list (order = cascade order, row 0 the primary) and the config's top-level
// options. Save writes the JSON file the headless mode reads; Apply hands the edited list to the
// running gateway (reload without restart); Import reads a parent-gateway config file.
class BackendsPage : public QWidget
{
    Q_OBJECT
public:
    explicit BackendsPage(GatewayController *controller, QWidget *parent = nullptr);

    BackendListModel *model() const { return m_model; }
    // The configuration as edited right now.
    BackendsConfig current() const;
    QString configPath() const;
    bool isModified() const { return current() != m_saved; }
    QString statusText() const;

public slots:
    // Reads the file (or, with none saved yet, what the gateway runs) into the editor.
    void reload();
    bool save();
    bool apply();
    bool importFile(const QString &path);
    // Opens the add/edit dialog (window-modal, non-blocking); returns it for tests.
    BackendEditDialog *addBackend(bool localDirectory);
    BackendEditDialog *editBackend(int row);
    void removeBackend(int row);
    void moveBackend(int row, int delta);
    // The running gateway's statistics: each row shows its backend's health (issue #11).
    void showHealth(const StatsSnapshot &snapshot);
    void clearHealth();

private:
    QWidget *buildOptions();
    void setConfig(const BackendsConfig &config);
    void refreshState();
    void setStatus(const QString &text, bool error = false);
    int selectedRow() const;
    QStringList namesExcept(int row) const;

    GatewayController *m_controller;
    BackendListModel *m_model;
    BackendsConfig m_saved; // what the file holds (or held when loaded)
    QListView *m_list = nullptr;
    QComboBox *m_deletePolicy = nullptr;
    QCheckBox *m_partialListing = nullptr;
    QLineEdit *m_exposedBucket = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_up = nullptr;
    QPushButton *m_down = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_apply = nullptr;
    QLabel *m_status = nullptr;
    QString m_statusText;
};

} // namespace s3c
