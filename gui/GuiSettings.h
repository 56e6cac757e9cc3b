#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>

namespace s3c {

// The GUI's own remembered choices (QSettings, not the gateway configuration): window geometry,
// the last page shown, and what closing the window does.
class GuiSettings
{
public:
    enum class CloseAction { Ask, KeepInTray, Quit };

    GuiSettings();

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QString lastPage() const;
    void setLastPage(const QString &page);
    CloseAction closeAction() const;
    void setCloseAction(CloseAction action);

private:
    QSettings m_settings;
};

} // namespace s3c
