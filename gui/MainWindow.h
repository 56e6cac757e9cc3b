#pragma once

#include "GuiSettings.h"

#include <QMainWindow>
#include <QStringList>

class QListWidget;
class QStackedWidget;

namespace s3c {

// The admin window: a page list on the left, the chosen page on the right. Remembers its geometry
// and the last page; closing it either keeps the gateway running in the tray or quits (asked the
// first time, then remembered).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Pages appear in the order added; `key` names the page in the settings and for tests.
    void addPage(const QString &key, const QIcon &icon, const QString &title, QWidget *page);
    void showPage(const QString &key);
    QString currentPageKey() const;
    QWidget *page(const QString &key) const;
    QStringList pageKeys() const { return m_keys; }

    // Geometry and last page from the settings; call after the pages are added.
    void restoreFromSettings();
    // Whether closing hides to the tray (a tray exists) or quits.
    void setTrayAvailable(bool available) { m_trayAvailable = available; }
    // Lets the next close quit without asking (Quit from the tray or the menu); keeps the
    // geometry of a window that is still shown.
    void prepareToQuit();

signals:
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    bool keepInTray();

    GuiSettings m_settings;
    QListWidget *m_pageList;
    QStackedWidget *m_stack;
    QStringList m_keys;
    bool m_trayAvailable = false;
    bool m_quitting = false;
    bool m_restored = false; // page changes are remembered only after the saved one was restored
};

} // namespace s3c
