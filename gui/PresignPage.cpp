#include "PresignPage.h"

#include "BucketListClient.h"
#include "CopyableLineEdit.h"
#include "GatewayController.h"
#include "PresignBuilder.h"
#include "QrCodeWidget.h"

#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace s3c {

namespace {

constexpr qint64 kCustom = -1;

} // namespace

PresignPage::PresignPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_buckets(new BucketListClient(this))
{
    auto *layout = new QHBoxLayout(this);
    auto *inputs = new QGroupBox(tr("Request"), this);
    auto *form = new QFormLayout(inputs);

    m_method = new QComboBox(inputs);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItems(
        {QStringLiteral("GET"), QStringLiteral("PUT"), QStringLiteral("DELETE"), QStringLiteral("HEAD")});
    form->addRow(tr("Method:"), m_method);

    auto *bucketRow = new QHBoxLayout;
    m_bucket = new QComboBox(inputs);
    m_bucket->setObjectName(QStringLiteral("bucket"));
    m_bucket->setEditable(true);
    m_bucket->setInsertPolicy(QComboBox::NoInsert);
    m_bucket->lineEdit()->setPlaceholderText(tr("bucket name"));
    m_refreshBuckets = new QToolButton(inputs);
    m_refreshBuckets->setText(tr("Refresh"));
    m_refreshBuckets->setToolTip(tr("Ask the gateway for its buckets again"));
    bucketRow->addWidget(m_bucket, 1);
    bucketRow->addWidget(m_refreshBuckets);
    form->addRow(tr("Bucket:"), bucketRow);
    m_bucketStatus = new QLabel(inputs);
    m_bucketStatus->setObjectName(QStringLiteral("bucketStatus"));
    m_bucketStatus->setWordWrap(true);
    form->addRow(QString(), m_bucketStatus);

    m_key = new QLineEdit(inputs);
    m_key->setObjectName(QStringLiteral("key"));
    m_key->setPlaceholderText(tr("path/to/object.txt"));
    form->addRow(tr("Key:"), m_key);

    m_expiry = new QComboBox(inputs);
    m_expiry->setObjectName(QStringLiteral("expiry"));
    m_expiry->addItem(tr("15 minutes"), qint64(15 * 60));
    m_expiry->addItem(tr("1 hour"), qint64(3600));
    m_expiry->addItem(tr("1 day"), qint64(86400));
    m_expiry->addItem(tr("7 days (the maximum)"), PresignBuilder::kMaxExpirySeconds);
    m_expiry->addItem(tr("Custom"), kCustom);
    m_expiry->setCurrentIndex(1);
    form->addRow(tr("Valid for:"), m_expiry);

    auto *customRow = new QHBoxLayout;
    m_customValue = new QSpinBox(inputs);
    m_customValue->setObjectName(QStringLiteral("customExpiry"));
    // Wider than allowed on purpose: a value beyond 7 days is refused with the reason, not clamped.
    m_customValue->setRange(0, 999999);
    m_customValue->setValue(30);
    m_customUnit = new QComboBox(inputs);
    m_customUnit->setObjectName(QStringLiteral("customUnit"));
    m_customUnit->addItem(tr("seconds"), qint64(1));
    m_customUnit->addItem(tr("minutes"), qint64(60));
    m_customUnit->addItem(tr("hours"), qint64(3600));
    m_customUnit->addItem(tr("days"), qint64(86400));
    m_customUnit->setCurrentIndex(1);
    customRow->addWidget(m_customValue, 1);
    customRow->addWidget(m_customUnit);
    form->addRow(tr("Custom:"), customRow);

    m_host = new QComboBox(inputs);
    m_host->setObjectName(QStringLiteral("host"));
    m_host->setToolTip(tr("The address written into the URL: loopback for this computer, a LAN address for "
                          "other devices (the gateway must listen on every interface)."));
    form->addRow(tr("Host:"), m_host);

    auto *outputs = new QGroupBox(tr("Presigned URL"), this);
    auto *out = new QVBoxLayout(outputs);
    m_url = new QPlainTextEdit(outputs);
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setReadOnly(true);
    m_url->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_url->setMaximumHeight(110);
    out->addWidget(m_url);
    auto *urlRow = new QHBoxLayout;
    m_expires = new QLabel(outputs);
    m_expires->setObjectName(QStringLiteral("expires"));
    m_copy = new QPushButton(QIcon(QStringLiteral(":/icons/action-copy.png")), tr("Copy URL"), outputs);
    urlRow->addWidget(m_expires, 1);
    urlRow->addWidget(m_copy);
    out->addLayout(urlRow);
    m_problem = new QLabel(outputs);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d64545"));
    out->addWidget(m_problem);
    out->addWidget(new QLabel(tr("curl:"), outputs));
    m_curl = new CopyableLineEdit(outputs);
    m_curl->setObjectName(QStringLiteral("curl"));
    m_curl->setReadOnly(true);
    out->addWidget(m_curl);
    m_qr = new QrCodeWidget(outputs);
    m_qr->setObjectName(QStringLiteral("qr"));
    out->addWidget(m_qr, 1);

    layout->addWidget(inputs, 2);
    layout->addWidget(outputs, 3);

    connect(m_copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(url()); });
    connect(m_refreshBuckets, &QToolButton::clicked, this, &PresignPage::refreshBuckets);
    connect(m_buckets, &BucketListClient::finished, this, &PresignPage::onBuckets);
    connect(m_buckets, &BucketListClient::failed, this, &PresignPage::onBucketsFailed);
    connect(m_method, &QComboBox::currentIndexChanged, this, &PresignPage::rebuild);
    connect(m_bucket, &QComboBox::currentTextChanged, this, &PresignPage::rebuild);
    connect(m_key, &QLineEdit::textChanged, this, &PresignPage::rebuild);
    connect(m_expiry, &QComboBox::currentIndexChanged, this, [this] {
        const bool custom = m_expiry->currentData().toLongLong() == kCustom;
        m_customValue->setEnabled(custom);
        m_customUnit->setEnabled(custom);
        rebuild();
    });
    connect(m_customValue, &QSpinBox::valueChanged, this, &PresignPage::rebuild);
    connect(m_customUnit, &QComboBox::currentIndexChanged, this, &PresignPage::rebuild);
    connect(m_host, &QComboBox::currentIndexChanged, this, &PresignPage::rebuild);
    connect(m_controller, &GatewayController::stateChanged, this, [this] {
        refreshHosts();
        if (m_controller->isRunning() && isVisible())
            refreshBuckets();
        rebuild();
    });
    connect(m_controller, &GatewayController::credentialsChanged, this, &PresignPage::rebuild);
    m_customValue->setEnabled(false);
    m_customUnit->setEnabled(false);
    refreshHosts();
    rebuild();
}

QString PresignPage::url() const
{
    return m_url->toPlainText();
}

QString PresignPage::curlCommand() const
{
    return m_curl->text();
}

QString PresignPage::problem() const
{
    return m_problem->text();
}

void PresignPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_controller->isRunning() && !m_buckets->isBusy())
        refreshBuckets();
}

qint64 PresignPage::expirySeconds() const
{
    const qint64 preset = m_expiry->currentData().toLongLong();
    if (preset != kCustom)
        return preset;
    return qint64(m_customValue->value()) * m_customUnit->currentData().toLongLong();
}

void PresignPage::refreshHosts()
{
    const QString current = m_host->currentText();
    const QSignalBlocker blocker(m_host);
    m_host->clear();
    for (const QUrl &endpoint : m_controller->endpoints())
        m_host->addItem(endpoint.host(), endpoint);
    const int index = m_host->findText(current);
    m_host->setCurrentIndex(index >= 0 ? index : 0);
}

void PresignPage::refreshBuckets()
{
    if (!m_controller->isRunning()) {
        m_bucketStatus->setText(tr("Start the gateway to list its buckets."));
        return;
    }
    m_bucketStatus->setText(tr("Asking the gateway for its buckets…"));
    m_bucketStatus->setToolTip(QString());
    m_buckets->fetch(m_controller->endpoint(), m_controller->credentials(),
                     m_controller->options().s3.region);
}

void PresignPage::onBuckets(const QStringList &buckets)
{
    const QString current = m_bucket->currentText();
    {
        const QSignalBlocker blocker(m_bucket);
        m_bucket->clear();
        m_bucket->addItems(buckets);
        m_bucket->setEditText(current.isEmpty() ? buckets.value(0) : current);
    }
    m_bucketStatus->setText(buckets.isEmpty()
                                ? tr("The gateway has no bucket yet.")
                                : tr("%n bucket(s) on the gateway.", nullptr, int(buckets.size())));
    rebuild();
}

void PresignPage::onBucketsFailed(int status, const QString &details)
{
    // Only a convenience failed: presigning needs no answer from the gateway, and with several
    // backends a listing fails as a whole (503) when one backend is down while the others still
    // serve reads and writes. So no error colour, the details in the tooltip, the field stays
    // editable.
    if (status == 0)
        m_bucketStatus->setText(tr("The gateway did not answer the bucket list. Type the bucket name."));
    else if (status >= 500 && m_controller->backends().backends.size() > 1)
        m_bucketStatus->setText(tr("The bucket list is not available right now: one of the backends did not "
                                   "answer. Type the bucket name; the other backends may still serve it."));
    else if (status >= 500)
        m_bucketStatus->setText(tr("The bucket list is not available right now. Type the bucket name."));
    else
        m_bucketStatus->setText(tr("The gateway did not list its buckets. Type the bucket name."));
    m_bucketStatus->setToolTip(details);
    m_bucket->setEnabled(true);
    rebuild();
}

void PresignPage::rebuild()
{
    PresignBuilder::Input input;
    input.method = m_method->currentText().toLatin1();
    input.bucket = m_bucket->currentText().trimmed();
    input.key = m_key->text();
    input.expiresSeconds = expirySeconds();
    input.endpoint = m_host->currentData().toUrl();
    input.credentials = m_controller->credentials();
    input.region = m_controller->options().s3.region;
    input.now = QDateTime::currentDateTimeUtc();
    const auto built = PresignBuilder::build(input);
    if (!built) {
        m_url->clear();
        m_curl->clear();
        m_expires->clear();
        m_qr->setText({});
        m_problem->setText(built.failure().text());
        m_copy->setEnabled(false);
        return;
    }
    m_problem->clear();
    m_url->setPlainText(QString::fromLatin1(built->url.toEncoded()));
    m_curl->setText(built->curlCommand);
    m_curl->setCursorPosition(0); // the start says what the command does
    m_qr->setText(QString::fromLatin1(built->url.toEncoded()));
    m_expires->setText(
        tr("Expires %1").arg(QLocale().toString(built->expiresAt.toLocalTime(), QLocale::LongFormat)));
    m_copy->setEnabled(true);
}

} // namespace s3c
