#include "HeadlessRunner.h"

#include "CommandLine.h"
#include "GatewayHost.h"
#include "ShutdownSignals.h"
#include "config/CredentialStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

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
    GatewayOptions g = m_options.gateway;
    if (!m_options.accessGiven) {
        bool generated = false;
        CredentialStore store;
        auto credentials = store.loadOrCreate(&generated);
        if (!credentials) {
            printLine(stderr, tr("s3cascade: %1").arg(credentials.failure().text()));
            return false;
        }
        g.credentials = credentials.value();
        // Generated keys are always printed, even with --quiet: they are also kept in the file.
        if (generated || !m_options.quiet) {
            printLine(stdout, tr("access key: %1").arg(g.credentials.accessKey));
            printLine(stdout, tr("secret key: %1").arg(g.credentials.secretKey));
            if (generated)
                printLine(stdout, tr("(generated and saved in %1; `s3cascade credentials` shows them again)").arg(store.path()));
        }
    }
    if (g.posixRoot.isEmpty())
        g.posixRoot = CommandLine::defaultDataDirectory();
    if (!QDir().mkpath(g.posixRoot) || !QFileInfo(g.posixRoot).isDir()) {
        printLine(stderr, tr("s3cascade: cannot use %1 as the data directory.").arg(g.posixRoot));
        return false;
    }
    g.posixRoot = QFileInfo(g.posixRoot).absoluteFilePath();

    m_host = new GatewayHost(this);
    auto *signals_ = new ShutdownSignals(this);
    connect(signals_, &ShutdownSignals::shutdownRequested, m_host, &GatewayHost::stop);
    connect(m_host, &GatewayHost::started, this, [this, root = g.posixRoot](const QUrl &endpoint) {
        if (!m_options.quiet)
            printLine(stdout, tr("serving %1").arg(QDir::toNativeSeparators(root)));
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
