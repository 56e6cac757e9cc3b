#pragma once

#include <QObject>

#include <memory>
#include <vector>

class QTimer;

namespace s3c {

class MultiCore;

// Active health checks for the backends of one set (HealthOptions): each backend that wants it
// (Backend::wantsHealthProbe) gets a probe of its own, so a hung or dead backend is ejected
// without a client request having to wait on it, and comes back as soon as it answers again.
// Ejection is shared (CascadeState), so one prober serves every worker thread. Lives in the
// thread of the backends it probes; states change in the statistics and, once per change, in
// the log.
class HealthProber : public QObject
{
    Q_OBJECT
public:
    HealthProber(std::shared_ptr<MultiCore> core, QObject *parent = nullptr);
    ~HealthProber() override;

private:
    struct Probe;
    void schedule(int index);
    void probe(int index);
    void settle(int index, quint64 generation, bool ok, const QString &reason);

    std::shared_ptr<MultiCore> m_core;
    std::vector<std::unique_ptr<Probe>> m_probes; // per backend; null when not probed
};

} // namespace s3c
