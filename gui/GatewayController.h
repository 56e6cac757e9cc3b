#pragma once

#include "GatewayOptions.h"
#include "StatsSource.h"
#include "auth/Credentials.h"
#include "base/Result.h"

#include <QDateTime>
#include <QObject>
#include <QUrl>

namespace s3c {

class GatewayHost;

// The GUI's handle on the gateway: resolves keys and the served directory the way the headless
// runner does (GatewaySetup), starts and stops the GatewayHost (which runs the gateway in its
// worker thread) and tells the pages what state it is in. Everything here returns at once: the
// gateway answers through queued signals, the GUI thread never waits for it.
class GatewayController : public QObject, public StatsSource
{
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    // `keysGiven`: the keys in `options` came from --access/--secret (or the environment) and
    // are used as they are; otherwise the stored keys are used (generated on the first start).
    GatewayController(const GatewayOptions &options, bool keysGiven, QObject *parent = nullptr);
    ~GatewayController() override;

    // Where the stored keys live; default CredentialStore::defaultPath(). Tests use a temp file.
    void setCredentialsPath(const QString &path);

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    // The options the gateway runs (or will run) with: keys and directory resolved.
    const GatewayOptions &options() const { return m_options; }
    Credentials credentials() const { return m_options.credentials; }
    bool keysGiven() const { return m_keysGiven; }
    QString credentialsPath() const { return m_credentialsPath; }
    // The URL the running gateway reported (loopback when bound to every interface).
    QUrl endpoint() const { return m_endpoint; }
    // Every URL clients can use: the endpoint, plus the LAN addresses when bound to all interfaces.
    QList<QUrl> endpoints() const;
    QDateTime startedAt() const { return m_startedAt; }
    QString lastError() const { return m_lastError; }
    GatewayHost *host() const { return m_host; }
    // StatsSource: the running gateway's counters; empty while it is stopped.
    std::optional<StatsSnapshot> statsSnapshot() const override;

    // Resolves keys and what is served (as start() does) without starting; the pages need the
    // backends before the first start. Idempotent.
    Status prepare();
    // The backends the gateway runs (or will run at the next start).
    BackendsConfig backends() const { return m_options.backends; }
    // Where Save writes: the --config file in use, else the saved configuration that both the
    // GUI and --no-gui start from (GatewaySetup::savedConfigPath()).
    QString backendsConfigPath() const;
    // One line for the Overview: the directory served, or the backends in cascade order.
    QString servedDescription() const;
    // A running gateway reloads (requests in flight finish on the old backends); a stopped one
    // uses the list at its next start. Answers with backendsApplied().
    void applyBackends(const BackendsConfig &config);

public slots:
    void start();
    void stop();
    // Stop, then start again with the current options (new listen address, new keys).
    void restart();

public:
    // Takes effect at the next start; restarts a running gateway.
    void setListenAddress(const QHostAddress &address, quint16 port);
    // New keys from the CSPRNG, saved to the credential file, and a restart so the gateway signs
    // with them. Refused when the keys were given on the command line.
    Status regenerateCredentials();

signals:
    void stateChanged(s3c::GatewayController::State state);
    void credentialsChanged();
    void backendsApplied(bool ok, const QString &message);
    // Start failed (port taken, bad directory, ...): the reason, for the user.
    void errorOccurred(const QString &message);

private:
    void setState(State state);
    void onStarted(const QUrl &endpoint);
    void onStartFailed(const QString &reason);
    void onStopped();
    void onReloaded();
    void onReloadFailed(const QString &reason);

    GatewayOptions m_options;
    bool m_keysGiven;
    bool m_resolved = false;
    bool m_restartPending = false;
    QString m_credentialsPath;
    GatewayHost *m_host;
    State m_state = State::Stopped;
    QUrl m_endpoint;
    QDateTime m_startedAt;
    QString m_lastError;
    std::optional<BackendsConfig> m_reloading; // sent to the gateway, not confirmed yet
};

} // namespace s3c
