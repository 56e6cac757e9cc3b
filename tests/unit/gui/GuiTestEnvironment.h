#pragma once

#include <QTemporaryDir>

namespace s3c::test {

// Points HOME, XDG_CONFIG_HOME and XDG_DATA_HOME at a temporary folder for the whole test run,
// so QSettings, the stored credentials and the default data directory never touch the real
// user's files. Construct it before the QApplication (QTEST_MAIN's global objects run first).
class GuiTestEnvironment
{
public:
    GuiTestEnvironment();
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
};

} // namespace s3c::test
