#include "BackendsPage.h"

#include "BackendEditDialog.h"
#include "BackendListModel.h"
#include "DisplayPath.h"
#include "GatewayController.h"
#include "config/PrivateFiles.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QVBoxLayout>

namespace s3c {

BackendsPage::BackendsPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_model(new BackendListModel(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *listRow = new QHBoxLayout;
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("backendList"));
    m_list->setModel(m_model);
    m_list->setIconSize(QSize(32, 32));
    m_list->setSpacing(3);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    listRow->addWidget(m_list, 1);

    auto *buttons = new QVBoxLayout;
    auto *addS3 = new QPushButton(tr("Add S3 service…"), this);
    auto *addLocal = new QPushButton(tr("Add local directory…"), this);
    m_edit = new QPushButton(tr("Edit…"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    m_up = new QPushButton(tr("Move up"), this);
    m_down = new QPushButton(tr("Move down"), this);
    for (QPushButton *b : {addS3, addLocal, m_edit, m_remove, m_up, m_down})
        buttons->addWidget(b);
    buttons->addStretch(1);
    listRow->addLayout(buttons);
    layout->addLayout(listRow, 1);
    layout->addWidget(buildOptions());

    auto *bottom = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    auto *import = new QPushButton(tr("Import…"), this);
    import->setToolTip(tr("Read a parent-gateway (s3-multi) or s3cascade backends file"));
    auto *revert = new QPushButton(tr("Revert"), this);
    m_save = new QPushButton(tr("Save"), this);
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setToolTip(tr("Use this list in the running gateway now, without a restart"));
    m_apply->setObjectName(QStringLiteral("apply"));
    bottom->addWidget(m_status, 1);
    for (QPushButton *b : {import, revert, m_save, m_apply})
        bottom->addWidget(b);
    layout->addLayout(bottom);

    connect(addS3, &QPushButton::clicked, this, [this] { addBackend(false); });
    connect(addLocal, &QPushButton::clicked, this, [this] { addBackend(true); });
    connect(m_edit, &QPushButton::clicked, this, [this] { editBackend(selectedRow()); });
    connect(m_list, &QListView::doubleClicked, this,
            [this](const QModelIndex &index) { editBackend(index.row()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeBackend(selectedRow()); });
    connect(m_up, &QPushButton::clicked, this, [this] { moveBackend(selectedRow(), -1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveBackend(selectedRow(), +1); });
    connect(import, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Import a backends file"), QDir::homePath(), tr("JSON files (*.json);;All files (*)"));
        if (!file.isEmpty())
            importFile(file);
    });
    connect(revert, &QPushButton::clicked, this, &BackendsPage::reload);
    connect(m_save, &QPushButton::clicked, this, &BackendsPage::save);
    connect(m_apply, &QPushButton::clicked, this, &BackendsPage::apply);
    connect(m_model, &BackendListModel::edited, this, &BackendsPage::refreshState);
    connect(m_model, &QAbstractItemModel::rowsMoved, this, &BackendsPage::refreshState);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &BackendsPage::refreshState);
    connect(m_controller, &GatewayController::stateChanged, this, &BackendsPage::refreshState);
    connect(m_controller, &GatewayController::backendsApplied, this, [this](bool ok, const QString &message) {
        setStatus(ok ? tr("The running gateway now uses this list.") : tr("Not applied: %1").arg(message),
                  !ok);
    });
    reload();
}

QWidget *BackendsPage::buildOptions()
{
    auto *box = new QGroupBox(tr("Cascade options"), this);
    auto *form = new QFormLayout(box);
    m_deletePolicy = new QComboBox(box);
    m_deletePolicy->setObjectName(QStringLiteral("deletePolicy"));
    m_deletePolicy->addItem(tr("Delete on the primary only"), int(BackendsConfig::DeletePolicy::Primary));
    m_deletePolicy->addItem(tr("Delete on every writable backend (nothing resurfaces from a fallback)"),
                            int(BackendsConfig::DeletePolicy::All));
    form->addRow(tr("Deletes:"), m_deletePolicy);
    m_partialListing =
        new QCheckBox(tr("List what the other backends hold when one fails (flagged as partial)"), box);
    m_partialListing->setObjectName(QStringLiteral("partialListing"));
    form->addRow(tr("Listings:"), m_partialListing);
    m_exposedBucket = new QLineEdit(box);
    m_exposedBucket->setObjectName(QStringLiteral("exposedBucket"));
    m_exposedBucket->setPlaceholderText(tr("default: the first pinned backend's bucket"));
    form->addRow(tr("Bucket name for pinned backends:"), m_exposedBucket);
    connect(m_deletePolicy, &QComboBox::currentIndexChanged, this, &BackendsPage::refreshState);
    connect(m_partialListing, &QCheckBox::toggled, this, &BackendsPage::refreshState);
    connect(m_exposedBucket, &QLineEdit::textChanged, this, &BackendsPage::refreshState);
    return box;
}

QString BackendsPage::configPath() const
{
    return m_controller->backendsConfigPath();
}

QString BackendsPage::statusText() const
{
    return m_statusText;
}

BackendsConfig BackendsPage::current() const
{
    BackendsConfig config = m_saved; // keeps fields the page does not edit
    config.backends = m_model->backends();
    config.deletePolicy = BackendsConfig::DeletePolicy(m_deletePolicy->currentData().toInt());
    config.partialListing = m_partialListing->isChecked();
    config.exposedBucket = m_exposedBucket->text().trimmed();
    return config;
}

void BackendsPage::setConfig(const BackendsConfig &config)
{
    m_model->setBackends(config.backends);
    const QSignalBlocker b1(m_deletePolicy), b2(m_partialListing), b3(m_exposedBucket);
    m_deletePolicy->setCurrentIndex(m_deletePolicy->findData(int(config.deletePolicy)));
    m_partialListing->setChecked(config.partialListing);
    m_exposedBucket->setText(config.exposedBucket);
    if (m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0));
}

void BackendsPage::reload()
{
    const QString path = configPath();
    if (QFileInfo::exists(path)) {
        // No environment overrides here: the editor shows and saves the file's own values.
        auto loaded = BackendsConfig::load(path, QProcessEnvironment());
        if (!loaded) {
            m_saved = m_controller->backends();
            setConfig(m_saved);
            setStatus(tr("%1 cannot be used: %2").arg(DisplayPath::of(path), loaded.failure().text()), true);
            return;
        }
        m_saved = loaded.value();
        setConfig(m_saved);
        setStatus(tr("Loaded from %1.").arg(DisplayPath::of(path)));
        return;
    }
    m_saved = m_controller->backends();
    setConfig(m_saved);
    setStatus(tr("Nothing saved yet: this is what the gateway serves now. Save writes %1.")
                  .arg(DisplayPath::of(path)));
    m_saved = BackendsConfig(); // nothing on disk: the list counts as unsaved
    refreshState();
}

bool BackendsPage::save()
{
    const BackendsConfig config = current();
    if (const Status valid = config.validate(); !valid) {
        setStatus(tr("Not saved: %1").arg(valid.failure().text()), true);
        return false;
    }
    // The config folder may not exist yet (keys given on the command line were never stored).
    // 0700 like the folder CredentialStore makes: the file holds the backends' secret keys.
    PrivateFiles::makeFolder(QFileInfo(configPath()).absolutePath());
    if (const Status saved = config.save(configPath()); !saved) {
        setStatus(tr("Not saved: %1").arg(saved.failure().text()), true);
        return false;
    }
    m_saved = config;
    setStatus(tr("Saved to %1.").arg(DisplayPath::of(configPath())));
    return true;
}

bool BackendsPage::apply()
{
    const BackendsConfig config = current();
    if (const Status valid = config.validate(); !valid) {
        setStatus(tr("Not applied: %1").arg(valid.failure().text()), true);
        return false;
    }
    setStatus(tr("Applying…"));
    m_controller->applyBackends(config);
    return true;
}

bool BackendsPage::importFile(const QString &path)
{
    auto loaded = BackendsConfig::load(path, QProcessEnvironment());
    if (!loaded) {
        setStatus(tr("Cannot import %1: %2").arg(DisplayPath::of(path), loaded.failure().text()), true);
        return false;
    }
    setConfig(loaded.value());
    setStatus(tr("Imported %n backend(s) from %1; not saved yet.", nullptr, int(loaded->backends.size()))
                  .arg(DisplayPath::of(path)));
    return true;
}

BackendEditDialog *BackendsPage::addBackend(bool localDirectory)
{
    BackendConfig fresh;
    fresh.type = localDirectory ? BackendConfig::Type::Posix : BackendConfig::Type::S3;
    fresh.name = m_model->unusedName(localDirectory ? QStringLiteral("local") : QStringLiteral("s3"));
    auto *dialog = new BackendEditDialog(fresh, m_model->rowCount(), namesExcept(-1), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_model->append(dialog->backend());
        m_list->setCurrentIndex(m_model->index(m_model->rowCount() - 1));
    });
    dialog->open();
    return dialog;
}

BackendEditDialog *BackendsPage::editBackend(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return nullptr;
    auto *dialog = new BackendEditDialog(m_model->backend(row), row, namesExcept(row), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, row] {
        if (row < m_model->rowCount())
            m_model->setBackend(row, dialog->backend());
    });
    dialog->open();
    return dialog;
}

void BackendsPage::removeBackend(int row)
{
    if (row >= 0 && row < m_model->rowCount())
        m_model->remove(row);
}

void BackendsPage::showHealth(const StatsSnapshot &snapshot)
{
    m_model->setHealth(snapshot.backends);
}

void BackendsPage::clearHealth()
{
    m_model->setHealth({});
}

void BackendsPage::moveBackend(int row, int delta)
{
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_model->rowCount())
        return;
    // moveRows' destination is the row the item goes before, counted before the move.
    m_model->moveRows({}, row, 1, {}, delta > 0 ? target + 1 : target);
    m_list->setCurrentIndex(m_model->index(target));
}

int BackendsPage::selectedRow() const
{
    return m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
}

QStringList BackendsPage::namesExcept(int row) const
{
    QStringList names;
    for (int i = 0; i < m_model->rowCount(); ++i) {
        if (i != row)
            names.append(m_model->backend(i).name);
    }
    return names;
}

void BackendsPage::setStatus(const QString &text, bool error)
{
    m_statusText = text;
    m_status->setStyleSheet(error ? QStringLiteral("color: #d64545") : QString());
    m_status->setText(isModified() && !error ? tr("%1 Unsaved changes.").arg(text) : text);
}

void BackendsPage::refreshState()
{
    const int row = selectedRow();
    m_edit->setEnabled(row >= 0);
    m_remove->setEnabled(row >= 0 && m_model->rowCount() > 1);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_model->rowCount());
    m_save->setEnabled(isModified());
    // Stopped, Apply still sets the list the next start uses.
    m_apply->setEnabled(m_controller->state() != GatewayController::State::Stopping);
    setStatus(m_statusText, m_status->styleSheet().contains(QLatin1String("d64545")));
}

} // namespace s3c
