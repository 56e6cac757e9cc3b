#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;
class QVBoxLayout;

namespace s3c {

class CopyableLineEdit;
class GatewayController;
class SecretLineEdit;

// First page: is the gateway running and where, the keys to use, and ready-to-paste client setup.
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(GatewayController *controller, QWidget *parent = nullptr);

    // From the statistics snapshot; negative: not known (no statistics source).
    void setRequestCount(qint64 count);

private:
    QWidget *buildGatewayBox();
    QWidget *buildCredentialsBox();
    QWidget *buildClientsBox();
    void refreshState();
    void refreshCredentials();
    void refreshSnippets();
    void refreshUptime();
    void applyListenAddress();
    void confirmRegenerate();
    void selectBindAddress(const QString &address);

    GatewayController *m_controller;
    QLabel *m_status = nullptr;
    QPushButton *m_startStop = nullptr;
    QVBoxLayout *m_endpointList = nullptr;
    QComboBox *m_bind = nullptr;
    QSpinBox *m_port = nullptr;
    QPushButton *m_applyListen = nullptr;
    QLabel *m_directory = nullptr;
    QLabel *m_uptime = nullptr;
    QLabel *m_requests = nullptr;
    CopyableLineEdit *m_accessKey = nullptr;
    SecretLineEdit *m_secretKey = nullptr;
    QLabel *m_keysSource = nullptr;
    QPushButton *m_regenerate = nullptr;
    CopyableLineEdit *m_awsCommand = nullptr;
    QPlainTextEdit *m_profile = nullptr;
    QPushButton *m_copyProfile = nullptr;
    QTimer *m_clock = nullptr;
};

} // namespace s3c
