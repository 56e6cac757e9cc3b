#include "MainWindow.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>

namespace s3c {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_pageList(new QListWidget(this)), m_stack(new QStackedWidget(this))
{
    setWindowTitle(tr("s3cascade"));
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    m_pageList->setObjectName(QStringLiteral("pages"));
    m_pageList->setIconSize(QSize(32, 32));
    m_pageList->setSpacing(2);
    m_pageList->setFixedWidth(170);
    m_pageList->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_pageList);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &MainWindow::quitRequested);

    connect(m_pageList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_stack->setCurrentIndex(row);
        if (m_restored)
            m_settings.setLastPage(m_keys.value(row));
    });
    resize(980, 720);
}

void MainWindow::addPage(const QString &key, const QIcon &icon, const QString &title, QWidget *page)
{
    page->setObjectName(key);
    m_keys.append(key);
    m_stack->addWidget(page);
    auto *item = new QListWidgetItem(icon, title, m_pageList);
    item->setSizeHint(QSize(0, 44));
    if (m_pageList->currentRow() < 0)
        m_pageList->setCurrentRow(0);
}

void MainWindow::showPage(const QString &key)
{
    const int row = int(m_keys.indexOf(key));
    if (row >= 0)
        m_pageList->setCurrentRow(row);
}

QString MainWindow::currentPageKey() const
{
    return m_keys.value(m_stack->currentIndex());
}

QWidget *MainWindow::page(const QString &key) const
{
    const int row = int(m_keys.indexOf(key));
    return row >= 0 ? m_stack->widget(row) : nullptr;
}

void MainWindow::restoreFromSettings()
{
    const QByteArray geometry = m_settings.windowGeometry();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QString last = m_settings.lastPage();
    if (!last.isEmpty())
        showPage(last);
    m_restored = true;
}

void MainWindow::prepareToQuit()
{
    m_quitting = true;
    if (isVisible())
        m_settings.setWindowGeometry(saveGeometry());
}

bool MainWindow::keepInTray()
{
    switch (m_settings.closeAction()) {
    case GuiSettings::CloseAction::KeepInTray:
        return true;
    case GuiSettings::CloseAction::Quit:
        return false;
    case GuiSettings::CloseAction::Ask:
        break;
    }
    QMessageBox box(QMessageBox::Question, tr("Keep the gateway running?"),
                    tr("Closing the window can keep the gateway running in the system tray, so S3 clients "
                       "keep working. Your choice is remembered."),
                    QMessageBox::NoButton, this);
    QPushButton *tray = box.addButton(tr("Keep running in the tray"), QMessageBox::AcceptRole);
    box.addButton(tr("Quit s3cascade"), QMessageBox::DestructiveRole);
    box.setDefaultButton(tray);
    box.exec();
    const bool keep = box.clickedButton() == tray;
    m_settings.setCloseAction(keep ? GuiSettings::CloseAction::KeepInTray : GuiSettings::CloseAction::Quit);
    return keep;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings.setWindowGeometry(saveGeometry());
    if (m_quitting || !m_trayAvailable || !keepInTray()) {
        event->accept();
        if (!m_quitting) {
            m_quitting = true;
            emit quitRequested();
        }
        return;
    }
    event->ignore();
    hide();
}

} // namespace s3c
