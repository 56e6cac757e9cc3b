#include "BackendEditDialog.h"

#include "ConnectionTester.h"
#include "SecretLineEdit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace s3c {

namespace {

QSpinBox *timeoutBox(QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(1, 600000); // BackendConfig::validate's bounds
    box->setSuffix(BackendEditDialog::tr(" ms"));
    box->setSingleStep(500);
    return box;
}

} // namespace

BackendEditDialog::BackendEditDialog(const BackendConfig &backend, int index, const QStringList &takenNames,
                                     QWidget *parent)
    : QDialog(parent), m_index(index), m_takenNames(takenNames), m_original(backend),
      m_tester(new ConnectionTester(this))
{
    setWindowTitle(tr("Backend"));
    auto *layout = new QVBoxLayout(this);
    auto *common = new QFormLayout;
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("type"));
    m_type->addItem(tr("S3-compatible service"), int(BackendConfig::Type::S3));
    m_type->addItem(tr("Local directory"), int(BackendConfig::Type::Posix));
    common->addRow(tr("Type:"), m_type);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("name"));
    common->addRow(tr("Name:"), m_name);
    m_readOnly = new QCheckBox(tr("Read-only (never written to)"), this);
    m_readOnly->setObjectName(QStringLiteral("readOnly"));
    common->addRow(QString(), m_readOnly);
    layout->addLayout(common);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildS3Page());
    m_pages->addWidget(buildPosixPage());
    layout->addWidget(m_pages);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d64545"));
    layout->addWidget(m_problem);

    auto *testRow = new QHBoxLayout;
    m_test = new QPushButton(tr("Test connection"), this);
    m_test->setObjectName(QStringLiteral("test"));
    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    testRow->addWidget(m_test);
    testRow->addWidget(m_testResult, 1);
    layout->addLayout(testRow);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &BackendEditDialog::testConnection);
    connect(m_tester, &ConnectionTester::finished, this, [this](bool ok, const QString &message) {
        m_test->setEnabled(true);
        m_testResult->setStyleSheet(ok ? QStringLiteral("color: #1f836a") : QStringLiteral("color: #d64545"));
        m_testResult->setText(message);
        emit testFinished(ok, message);
    });
    connect(m_type, &QComboBox::currentIndexChanged, this, [this](int row) {
        m_pages->setCurrentIndex(row);
        validate();
    });

    // The common rows and each type's rows live in separate forms: give every label the widest
    // label's width so the fields line up as one form.
    int labelWidth = 0;
    const QList<QFormLayout *> forms = findChildren<QFormLayout *>();
    for (QFormLayout *form : forms) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *label = form->itemAt(row, QFormLayout::LabelRole); label && label->widget())
                labelWidth = qMax(labelWidth, label->widget()->sizeHint().width());
        }
    }
    for (QFormLayout *form : forms) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *label = form->itemAt(row, QFormLayout::LabelRole); label && label->widget())
                label->widget()->setMinimumWidth(labelWidth);
        }
    }

    load(backend);
    for (QLineEdit *edit : findChildren<QLineEdit *>())
        connect(edit, &QLineEdit::textChanged, this, &BackendEditDialog::validate);
    for (QCheckBox *box : findChildren<QCheckBox *>())
        connect(box, &QCheckBox::toggled, this, &BackendEditDialog::validate);
    for (QSpinBox *box : findChildren<QSpinBox *>())
        connect(box, &QSpinBox::valueChanged, this, &BackendEditDialog::validate);
    validate();
}

QWidget *BackendEditDialog::buildS3Page()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    m_endpoint = new QLineEdit(page);
    m_endpoint->setObjectName(QStringLiteral("endpoint"));
    m_endpoint->setPlaceholderText(tr("https://ACCOUNT.r2.cloudflarestorage.com/bucket (empty: AWS)"));
    form->addRow(tr("Endpoint:"), m_endpoint);
    m_region = new QLineEdit(page);
    m_region->setObjectName(QStringLiteral("region"));
    form->addRow(tr("Region:"), m_region);
    m_access = new QLineEdit(page);
    m_access->setObjectName(QStringLiteral("access"));
    form->addRow(tr("Access key:"), m_access);
    m_secret = new SecretLineEdit(page);
    m_secret->setObjectName(QStringLiteral("secret"));
    form->addRow(tr("Secret key:"), m_secret);
    m_bucket = new QLineEdit(page);
    m_bucket->setObjectName(QStringLiteral("bucket"));
    m_bucket->setPlaceholderText(tr("optional: serve only this bucket"));
    form->addRow(tr("Bucket:"), m_bucket);
    m_pathStyle = new QCheckBox(tr("Path-style addressing (https://host/bucket/key)"), page);
    m_pathStyle->setObjectName(QStringLiteral("usePathStyle"));
    form->addRow(QString(), m_pathStyle);
    m_skipVerify = new QCheckBox(tr("Accept any TLS certificate (this backend only)"), page);
    m_skipVerify->setObjectName(QStringLiteral("sslSkipVerify"));
    form->addRow(QString(), m_skipVerify);
    m_noChecksum = new QCheckBox(tr("Disable payload checksums (UNSIGNED-PAYLOAD)"), page);
    m_noChecksum->setObjectName(QStringLiteral("disableChecksum"));
    form->addRow(QString(), m_noChecksum);
    m_connectTimeout = timeoutBox(page);
    m_connectTimeout->setObjectName(QStringLiteral("connectTimeoutMs"));
    form->addRow(tr("Connect timeout:"), m_connectTimeout);
    m_firstByteTimeout = timeoutBox(page);
    m_firstByteTimeout->setObjectName(QStringLiteral("firstByteTimeoutMs"));
    form->addRow(tr("First byte timeout:"), m_firstByteTimeout);
    return page;
}

QWidget *BackendEditDialog::buildPosixPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_path = new QLineEdit(page);
    m_path->setObjectName(QStringLiteral("path"));
    m_path->setPlaceholderText(tr("/srv/s3 (its folders are the buckets)"));
    auto *browse = new QToolButton(page);
    browse->setText(tr("Browse…"));
    row->addWidget(m_path, 1);
    row->addWidget(browse);
    form->addRow(tr("Directory:"), row);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Directory to serve"), m_path->text());
        if (!dir.isEmpty())
            m_path->setText(dir);
    });
    return page;
}

void BackendEditDialog::load(const BackendConfig &b)
{
    m_type->setCurrentIndex(b.type == BackendConfig::Type::Posix ? 1 : 0);
    m_pages->setCurrentIndex(m_type->currentIndex());
    m_name->setText(b.name);
    m_readOnly->setChecked(b.readOnly);
    m_endpoint->setText(b.endpoint);
    m_region->setText(b.region);
    m_access->setText(b.accessKey);
    m_secret->setText(b.secretKey);
    m_bucket->setText(b.bucket);
    m_pathStyle->setChecked(b.usePathStyle);
    m_skipVerify->setChecked(b.sslSkipVerify);
    m_noChecksum->setChecked(b.disableChecksum);
    m_connectTimeout->setValue(b.connectTimeoutMs);
    m_firstByteTimeout->setValue(b.firstByteTimeoutMs);
    m_path->setText(b.path);
}

BackendConfig BackendEditDialog::backend() const
{
    // Start from the original so fields this dialog does not show (metaBucket) survive an edit.
    BackendConfig b = m_original;
    b.type = BackendConfig::Type(m_type->currentData().toInt());
    b.name = m_name->text().trimmed();
    b.readOnly = m_readOnly->isChecked();
    if (b.type == BackendConfig::Type::Posix) {
        b.path = m_path->text().trimmed();
        return b;
    }
    b.endpoint = m_endpoint->text().trimmed();
    b.region = m_region->text().trimmed();
    b.accessKey = m_access->text().trimmed();
    b.secretKey = m_secret->text();
    b.bucket = m_bucket->text().trimmed();
    b.usePathStyle = m_pathStyle->isChecked();
    b.sslSkipVerify = m_skipVerify->isChecked();
    b.disableChecksum = m_noChecksum->isChecked();
    b.connectTimeoutMs = m_connectTimeout->value();
    b.firstByteTimeoutMs = m_firstByteTimeout->value();
    return b;
}

void BackendEditDialog::validate()
{
    const BackendConfig b = backend();
    if (m_takenNames.contains(b.name)) {
        m_problemText = tr("Another backend is already called %1.").arg(b.name);
    } else if (const Status valid = b.validate(m_index); !valid) {
        m_problemText = valid.failure().text();
    } else {
        m_problemText.clear();
    }
    m_problem->setText(m_problemText);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problemText.isEmpty());
}

void BackendEditDialog::testConnection()
{
    m_test->setEnabled(false);
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Connecting…"));
    m_tester->test(backend());
}

} // namespace s3c
