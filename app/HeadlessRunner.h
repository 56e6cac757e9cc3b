#pragma once

#include "AppOptions.h"

#include <QObject>

namespace s3c {

class GatewayHost;

// `s3cascade --no-gui`: resolves keys and the served directory, runs the gateway in its worker
// thread, prints where it listens, stops gracefully on SIGINT/SIGTERM.
class HeadlessRunner : public QObject
{
    Q_OBJECT
public:
    explicit HeadlessRunner(const AppOptions &options, QObject *parent = nullptr);

    // Returns false (after printing why) when the gateway cannot start at all.
    bool start();
    // The process exit code after start() failed: 2 for an unsafe credentials file, else 1.
    int exitCode() const { return m_exitCode; }

private:
    AppOptions m_options;
    GatewayHost *m_host = nullptr;
    int m_exitCode = 1;
};

} // namespace s3c
