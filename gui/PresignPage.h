#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace s3c {

class BucketListClient;
class CopyableLineEdit;
class GatewayController;
class QrCodeWidget;

// Makes presigned URLs for the running gateway: method, bucket (from ListBuckets), key, expiry
// (presets or custom, 1 s to 7 days), the host to embed, then the URL, its QR code, a curl
// command and the time it expires. The URL is rebuilt whenever an input changes.
class PresignPage : public QWidget
{
    Q_OBJECT
public:
    explicit PresignPage(GatewayController *controller, QWidget *parent = nullptr);

    QString url() const;
    QString curlCommand() const;
    QString problem() const; // why there is no URL, empty when there is one

public slots:
    void refreshBuckets();
    void rebuild();

protected:
    void showEvent(QShowEvent *event) override;

private:
    qint64 expirySeconds() const;
    void refreshHosts();
    void onBuckets(const QStringList &buckets);
    void onBucketsFailed(int status, const QString &details);

    GatewayController *m_controller;
    BucketListClient *m_buckets;
    QComboBox *m_method = nullptr;
    QComboBox *m_bucket = nullptr;
    QToolButton *m_refreshBuckets = nullptr;
    QLineEdit *m_key = nullptr;
    QComboBox *m_expiry = nullptr;
    QSpinBox *m_customValue = nullptr;
    QComboBox *m_customUnit = nullptr;
    QComboBox *m_host = nullptr;
    QPlainTextEdit *m_url = nullptr;
    QPushButton *m_copy = nullptr;
    CopyableLineEdit *m_curl = nullptr;
    QLabel *m_expires = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_bucketStatus = nullptr;
    QrCodeWidget *m_qr = nullptr;
};

} // namespace s3c
