#include "OverviewPage.h"

#include "ClientSnippets.h"
#include "CopyableLineEdit.h"
#include "DisplayPath.h"
#include "GatewayController.h"
#include "GuiSettings.h"
#include "SecretLineEdit.h"

#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace s3c {

namespace {

QString formatDuration(qint64 seconds)
{
    const qint64 days = seconds / 86400;
    const QString clock = QStringLiteral("%1:%2:%3")
                              .arg((seconds / 3600) % 24)
                              .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                              .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return days > 0 ? OverviewPage::tr("%n day(s) %1", nullptr, int(days)).arg(clock) : clock;
}

} // namespace

OverviewPage::OverviewPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildGatewayBox());
    layout->addWidget(buildCredentialsBox());
    layout->addWidget(buildClientsBox());
    layout->addStretch(1);

    m_clock = new QTimer(this);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &OverviewPage::refreshUptime);
    m_clock->start();

    connect(m_controller, &GatewayController::stateChanged, this, &OverviewPage::refreshState);
    connect(m_controller, &GatewayController::credentialsChanged, this, &OverviewPage::refreshCredentials);
    connect(m_controller, &GatewayController::backendsApplied, this,
            [this] { m_directory->setText(m_controller->servedDescription()); });
    refreshState();
    refreshCredentials();
}

QWidget *OverviewPage::buildGatewayBox()
{
    auto *box = new QGroupBox(tr("Gateway"), this);
    auto *form = new QFormLayout(box);

    auto *statusRow = new QHBoxLayout;
    m_status = new QLabel(box);
    m_status->setTextFormat(Qt::RichText);
    m_startStop = new QPushButton(box);
    m_startStop->setObjectName(QStringLiteral("startStop"));
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_startStop);
    form->addRow(tr("Status:"), statusRow);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_controller->state() == GatewayController::State::Stopped)
            m_controller->start();
        else
            m_controller->stop();
    });

    m_endpointList = new QVBoxLayout;
    m_endpointList->setSpacing(2);
    form->addRow(tr("Endpoint:"), m_endpointList);

    auto *listenRow = new QHBoxLayout;
    m_bind = new QComboBox(box);
    m_bind->setObjectName(QStringLiteral("bindAddress"));
    m_bind->addItem(tr("This computer only (127.0.0.1)"), QStringLiteral("127.0.0.1"));
    m_bind->addItem(tr("This computer only, IPv6 (::1)"), QStringLiteral("::1"));
    m_bind->addItem(tr("Every network interface"), QStringLiteral("::"));
    m_bind->addItem(tr("Every IPv4 interface (0.0.0.0)"), QStringLiteral("0.0.0.0"));
    m_port = new QSpinBox(box);
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(0, 65535);
    m_port->setToolTip(tr("0 picks a free port"));
    m_applyListen = new QPushButton(tr("Apply"), box);
    m_applyListen->setObjectName(QStringLiteral("applyListen"));
    m_applyListen->setToolTip(tr("Restarts the gateway on the new address"));
    listenRow->addWidget(m_bind, 1);
    listenRow->addWidget(new QLabel(tr("Port:"), box));
    listenRow->addWidget(m_port);
    listenRow->addWidget(m_applyListen);
    form->addRow(tr("Listen on:"), listenRow);
    connect(m_applyListen, &QPushButton::clicked, this, &OverviewPage::applyListenAddress);

    m_directory = new QLabel(box);
    m_directory->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Serving:"), m_directory);
    m_uptime = new QLabel(box);
    form->addRow(tr("Uptime:"), m_uptime);
    m_requests = new QLabel(box);
    m_requests->setObjectName(QStringLiteral("requestCount"));
    form->addRow(tr("Requests:"), m_requests);
    setRequestCount(-1);

    selectBindAddress(m_controller->options().address.toString());
    m_port->setValue(m_controller->options().port);
    return box;
}

QWidget *OverviewPage::buildCredentialsBox()
{
    auto *box = new QGroupBox(tr("Credentials"), this);
    auto *form = new QFormLayout(box);
    m_accessKey = new CopyableLineEdit(box);
    m_accessKey->setReadOnly(true);
    m_accessKey->setObjectName(QStringLiteral("accessKey"));
    form->addRow(tr("Access key:"), m_accessKey);
    m_secretKey = new SecretLineEdit(box);
    m_secretKey->setReadOnly(true);
    m_secretKey->setObjectName(QStringLiteral("secretKey"));
    form->addRow(tr("Secret key:"), m_secretKey);
    connect(m_secretKey, &SecretLineEdit::revealedChanged, this, &OverviewPage::refreshSnippets);

    auto *row = new QHBoxLayout;
    m_keysSource = new QLabel(box);
    m_keysSource->setWordWrap(true);
    m_regenerate = new QPushButton(tr("Regenerate…"), box);
    m_regenerate->setObjectName(QStringLiteral("regenerate"));
    row->addWidget(m_keysSource, 1);
    row->addWidget(m_regenerate);
    form->addRow(row);
    connect(m_regenerate, &QPushButton::clicked, this, &OverviewPage::confirmRegenerate);
    return box;
}

QWidget *OverviewPage::buildClientsBox()
{
    auto *box = new QGroupBox(tr("Use it"), this);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(new QLabel(tr("List the buckets with the aws cli (after exporting the keys above as "
                                    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY):"),
                                 box));
    m_awsCommand = new CopyableLineEdit(box);
    m_awsCommand->setReadOnly(true);
    m_awsCommand->setObjectName(QStringLiteral("awsCommand"));
    layout->addWidget(m_awsCommand);

    auto *profileHeader = new QHBoxLayout;
    profileHeader->addWidget(
        new QLabel(tr("Or add this profile to ~/.aws/config and use --profile s3cascade:"), box), 1);
    m_copyProfile =
        new QPushButton(QIcon(QStringLiteral(":/icons/action-copy.png")), tr("Copy profile"), box);
    m_copyProfile->setToolTip(tr("Copies the profile with the real secret key"));
    profileHeader->addWidget(m_copyProfile);
    layout->addLayout(profileHeader);
    m_profile = new QPlainTextEdit(box);
    m_profile->setReadOnly(true);
    m_profile->setObjectName(QStringLiteral("awsProfile"));
    m_profile->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Tall enough for the whole profile, no more.
    m_profile->setFixedHeight(m_profile->fontMetrics().lineSpacing() * 8 + 12);
    layout->addWidget(m_profile);
    connect(m_copyProfile, &QPushButton::clicked, this, [this] {
        const QUrl endpoint = m_controller->endpoint();
        QGuiApplication::clipboard()->setText(ClientSnippets::awsConfigProfile(
            endpoint, m_controller->credentials(), m_controller->options().s3.region, true));
    });
    return box;
}

void OverviewPage::setRequestCount(qint64 count)
{
    m_requests->setText(count < 0 ? tr("not available") : QLocale().toString(count));
}

void OverviewPage::refreshState()
{
    using State = GatewayController::State;
    const State state = m_controller->state();
    QString text;
    QString colour;
    switch (state) {
    case State::Running:
        text = tr("Running");
        colour = QStringLiteral("#1fa38a");
        break;
    case State::Starting:
        text = tr("Starting…");
        colour = QStringLiteral("#e8a317");
        break;
    case State::Stopping:
        text = tr("Stopping…");
        colour = QStringLiteral("#e8a317");
        break;
    case State::Stopped:
        text = m_controller->lastError().isEmpty() ? tr("Stopped")
                                                   : tr("Stopped: %1").arg(m_controller->lastError());
        colour = QStringLiteral("#d64545");
        break;
    }
    m_status->setText(
        QStringLiteral("<span style=\"color:%1\">&#9679;</span> %2").arg(colour, text.toHtmlEscaped()));
    m_startStop->setText(state == State::Stopped ? tr("Start") : tr("Stop"));
    m_startStop->setEnabled(state == State::Stopped || state == State::Running);
    m_applyListen->setEnabled(state != State::Stopping);

    // Rebuild the endpoint rows: one copyable field per reachable URL.
    while (QLayoutItem *item = m_endpointList->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QList<QUrl> urls = m_controller->endpoints();
    if (urls.isEmpty())
        m_endpointList->addWidget(new QLabel(tr("not listening"), this));
    for (const QUrl &url : urls) {
        auto *field = new CopyableLineEdit(this);
        field->setReadOnly(true);
        field->setText(url.toString());
        field->setCursorPosition(0);
        m_endpointList->addWidget(field);
    }
    m_directory->setText(m_controller->servedDescription());
    refreshUptime();
    refreshSnippets();
}

void OverviewPage::refreshCredentials()
{
    const Credentials credentials = m_controller->credentials();
    m_accessKey->setText(credentials.accessKey);
    m_secretKey->setText(credentials.secretKey);
    m_regenerate->setEnabled(!m_controller->keysGiven());
    if (m_controller->keysGiven())
        m_keysSource->setText(
            tr("Given on the command line (--access/--secret or ROOT_ACCESS_KEY/ROOT_SECRET_KEY)."));
    else
        m_keysSource->setText(
            tr("Stored in %1 (readable by you only).").arg(DisplayPath::of(m_controller->credentialsPath())));
    refreshSnippets();
}

void OverviewPage::refreshSnippets()
{
    QUrl endpoint = m_controller->endpoint();
    if (endpoint.isEmpty()) {
        // Not running: show what the address will be, so the text is still useful.
        endpoint.setScheme(m_controller->options().certFile.isEmpty() ? QStringLiteral("http")
                                                                      : QStringLiteral("https"));
        endpoint.setHost(QStringLiteral("127.0.0.1"));
        endpoint.setPort(m_controller->options().port);
    }
    m_awsCommand->setText(ClientSnippets::awsListCommand(endpoint));
    m_awsCommand->setCursorPosition(0);
    m_profile->setPlainText(ClientSnippets::awsConfigProfile(
        endpoint, m_controller->credentials(), m_controller->options().s3.region, m_secretKey->isRevealed()));
}

void OverviewPage::refreshUptime()
{
    const QDateTime since = m_controller->startedAt();
    if (!since.isValid()) {
        m_uptime->setText(QStringLiteral("–"));
        return;
    }
    m_uptime->setText(formatDuration(since.secsTo(QDateTime::currentDateTimeUtc())));
}

void OverviewPage::selectBindAddress(const QString &address)
{
    int index = m_bind->findData(address);
    if (index < 0) {
        m_bind->addItem(address, address);
        index = m_bind->count() - 1;
    }
    m_bind->setCurrentIndex(index);
}

void OverviewPage::applyListenAddress()
{
    const QHostAddress address(m_bind->currentData().toString());
    m_controller->setListenAddress(address, quint16(m_port->value()));
    // Remembered for the next GUI start (GuiApp::gatewayOptions), unless --port says otherwise.
    GuiSettings().setListenAddress(address, quint16(m_port->value()));
    if (m_controller->state() == GatewayController::State::Stopped)
        m_controller->start();
}

void OverviewPage::confirmRegenerate()
{
    const auto answer = QMessageBox::warning(
        this, tr("Regenerate the keys?"),
        tr("New keys replace the current ones and the gateway restarts. Every client still using the old "
           "keys "
           "(aws profiles, scripts, presigned URLs already handed out) will fail with an access error until "
           "it gets the new ones."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    if (auto done = m_controller->regenerateCredentials(); !done)
        QMessageBox::critical(this, tr("Keys not changed"), done.failure().text());
}

} // namespace s3c
