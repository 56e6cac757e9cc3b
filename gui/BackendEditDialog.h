#pragma once

#include "config/BackendConfig.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace s3c {

class ConnectionTester;
class SecretLineEdit;

// Adds or edits one backend: an S3-compatible service or a local directory, with the config's
// fields. Every keystroke re-validates with the config's own rules (BackendConfig::validate), so
// OK is only possible for an entry the gateway will accept; "Test connection" tries it for real.
class BackendEditDialog : public QDialog
{
    Q_OBJECT
public:
    // `index`: the entry's position (named in messages); `takenNames`: the other entries' names.
    BackendEditDialog(const BackendConfig &backend, int index, const QStringList &takenNames,
                      QWidget *parent = nullptr);

    BackendConfig backend() const;
    // Why the entry is not acceptable yet, empty when it is.
    QString problem() const { return m_problemText; }
    void testConnection();

signals:
    void testFinished(bool ok, const QString &message);

private:
    QWidget *buildS3Page();
    QWidget *buildPosixPage();
    void load(const BackendConfig &backend);
    void validate();

    int m_index;
    QStringList m_takenNames;
    BackendConfig m_original;
    QString m_problemText;
    ConnectionTester *m_tester;

    QComboBox *m_type = nullptr;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_readOnly = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_endpoint = nullptr;
    QLineEdit *m_region = nullptr;
    QLineEdit *m_access = nullptr;
    SecretLineEdit *m_secret = nullptr;
    QLineEdit *m_bucket = nullptr;
    QCheckBox *m_pathStyle = nullptr;
    QCheckBox *m_skipVerify = nullptr;
    QCheckBox *m_noChecksum = nullptr;
    QSpinBox *m_connectTimeout = nullptr;
    QSpinBox *m_firstByteTimeout = nullptr;
    QLineEdit *m_path = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_testResult = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace s3c
