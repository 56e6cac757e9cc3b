#include "GuiSettings.h"

namespace s3c {

namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kLastPage = QStringLiteral("window/lastPage");
const QString kCloseAction = QStringLiteral("window/closeAction");
const QString kListenAddress = QStringLiteral("gateway/listenAddress");
const QString kListenPort = QStringLiteral("gateway/listenPort");

} // namespace

// ~/.config/s3cascade/gui.conf, next to credentials.json. Not QCoreApplication's organisation:
// setting one would move AppConfigLocation, and with it the stored keys.
GuiSettings::GuiSettings() : m_settings(QStringLiteral("s3cascade"), QStringLiteral("gui"))
{
}

QByteArray GuiSettings::windowGeometry() const
{
    return m_settings.value(kGeometry).toByteArray();
}

void GuiSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(kGeometry, geometry);
}

QString GuiSettings::lastPage() const
{
    return m_settings.value(kLastPage).toString();
}

void GuiSettings::setLastPage(const QString &page)
{
    m_settings.setValue(kLastPage, page);
}

GuiSettings::CloseAction GuiSettings::closeAction() const
{
    const QString value = m_settings.value(kCloseAction).toString();
    if (value == QLatin1String("tray"))
        return CloseAction::KeepInTray;
    if (value == QLatin1String("quit"))
        return CloseAction::Quit;
    return CloseAction::Ask;
}

void GuiSettings::setCloseAction(CloseAction action)
{
    switch (action) {
    case CloseAction::Ask:
        m_settings.remove(kCloseAction);
        break;
    case CloseAction::KeepInTray:
        m_settings.setValue(kCloseAction, QStringLiteral("tray"));
        break;
    case CloseAction::Quit:
        m_settings.setValue(kCloseAction, QStringLiteral("quit"));
        break;
    }
}

bool GuiSettings::listenAddress(QHostAddress *address, quint16 *port) const
{
    const QHostAddress saved(m_settings.value(kListenAddress).toString());
    bool ok = false;
    const uint savedPort = m_settings.value(kListenPort).toUInt(&ok);
    // A hand-edited file with a bad value falls back to the defaults rather than failing to start.
    if (saved.isNull() || !ok || savedPort > 65535)
        return false;
    *address = saved;
    *port = quint16(savedPort);
    return true;
}

void GuiSettings::setListenAddress(const QHostAddress &address, quint16 port)
{
    m_settings.setValue(kListenAddress, address.toString());
    m_settings.setValue(kListenPort, port);
}

} // namespace s3c
