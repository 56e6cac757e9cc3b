#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QSettings>
#include <QString>

namespace s3c {

// The GUI's own remembered choices (QSettings, not the gateway configuration): window geometry,
// the last page shown, what closing the window does, and the listen address last applied.
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
    // The address and port last applied on the Overview. False (outputs untouched) when none was.
    bool listenAddress(QHostAddress *address, quint16 *port) const;
    void setListenAddress(const QHostAddress &address, quint16 port);

private:
    QSettings m_settings;
};

} // namespace s3c
