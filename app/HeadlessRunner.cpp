#include "HeadlessRunner.h"

#include "GatewayHost.h"
#include "GatewaySetup.h"
#include "ShutdownSignals.h"
#include "config/CredentialStore.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace s3c {

namespace {

void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

} // namespace

HeadlessRunner::HeadlessRunner(const AppOptions &options, QObject *parent) : QObject(parent), m_options(options) {}

bool HeadlessRunner::start()
{
    const CredentialStore store;
    if (!m_options.accessGiven) {
        // Keys in a file others can change are not ours to trust (ssh refuses such a key file).
        QString why;
        if (store.trust(&why) == PrivateFiles::Trust::Unsafe) {
            printLine(stderr, tr("s3cascade: %1").arg(why));
            m_exitCode = 2;
            return false;
        }
    }
    auto resolved = GatewaySetup::resolve(m_options.gateway, m_options.accessGiven, store);
    if (!resolved) {
        printLine(stderr, tr("s3cascade: %1").arg(resolved.failure().text()));
        return false;
    }
    const GatewayOptions &g = resolved->options;
    // Generated keys are always printed, even with --quiet: they are also kept in the file.
    if (!m_options.accessGiven && (resolved->credentialsGenerated || !m_options.quiet)) {
        printLine(stdout, tr("access key: %1").arg(g.credentials.accessKey));
        printLine(stdout, tr("secret key: %1").arg(g.credentials.secretKey));
        if (resolved->credentialsGenerated)
            printLine(stdout, tr("(generated and saved in %1; `s3cascade credentials` shows them again)")
                                  .arg(QDir::toNativeSeparators(resolved->credentialsPath)));
    }

    m_host = new GatewayHost(this);
    auto *signals_ = new ShutdownSignals(this);
    connect(signals_, &ShutdownSignals::shutdownRequested, m_host, &GatewayHost::stop);
    // Only with a log to reopen does SIGHUP stop meaning "end the process".
    if (!g.accessLogPath.isEmpty()) {
        signals_->watchHangup();
        connect(signals_, &ShutdownSignals::reopenRequested, m_host, &GatewayHost::reopenLogs);
    }
    // Printed before the endpoint line, which scripts and tests wait for: both are there then.
    connect(m_host, &GatewayHost::adminStarted, this,
            [](const QUrl &url) { printLine(stdout, QStringLiteral("admin: ") + url.toString()); });
    connect(m_host, &GatewayHost::started, this, [this, served = resolved->servedDescription](const QUrl &endpoint) {
        if (!m_options.quiet)
            printLine(stdout, tr("serving %1").arg(served));
        printLine(stdout, QStringLiteral("endpoint: ") + endpoint.toString());
    });
    connect(m_host, &GatewayHost::startFailed, this, [](const QString &reason) {
        printLine(stderr, tr("s3cascade: %1").arg(reason));
        QCoreApplication::exit(1);
    });
    connect(m_host, &GatewayHost::stopped, this, [] { QCoreApplication::exit(0); });
    m_host->start(g);
    return true;
}

} // namespace s3c
