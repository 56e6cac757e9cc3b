#include "HealthProber.h"

#include "CascadeOutcome.h"
#include "MultiCore.h"
#include "OutlierDetector.h"
#include "backends/Backend.h"
#include "stats/Statistics.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

namespace s3c {

Q_LOGGING_CATEGORY(lcHealth, "s3c.multi.health")

struct HealthProber::Probe
{
    QTimer next;
    QTimer timeout;
    quint64 generation = 0; // of the probe in flight; a late answer of an older one is ignored
    bool inFlight = false;
    bool healthy = true;    // as last logged
};

HealthProber::HealthProber(std::shared_ptr<MultiCore> core, QObject *parent)
    : QObject(parent), m_core(std::move(core))
{
    const HealthOptions &o = m_core->options().health;
    m_probes.resize(size_t(m_core->count()));
    if (!o.enabled || o.intervalMs <= 0)
        return;
    for (int i = 0; i < m_core->count(); ++i) {
        if (!m_core->backend(i)->wantsHealthProbe())
            continue;
        auto p = std::make_unique<Probe>();
        p->next.setSingleShot(true);
        p->timeout.setSingleShot(true);
        connect(&p->next, &QTimer::timeout, this, [this, i] { probe(i); });
        connect(&p->timeout, &QTimer::timeout, this, [this, i] {
            settle(i, m_probes[size_t(i)]->generation, false,
                   QStringLiteral("no answer to the health probe within %1 ms")
                       .arg(m_core->options().health.timeoutMs));
        });
        m_probes[size_t(i)] = std::move(p);
        probe(i); // at once: a backend that is down at start is known before the first read
    }
}

HealthProber::~HealthProber() = default;

void HealthProber::schedule(int index)
{
    const HealthOptions &o = m_core->options().health;
    Probe &p = *m_probes[size_t(index)];
    p.next.start(m_core->detector().isEjected(index) ? qMax(1, o.ejectedIntervalMs) : qMax(1, o.intervalMs));
}

void HealthProber::probe(int index)
{
    Probe &p = *m_probes[size_t(index)];
    if (p.inFlight)
        return;
    p.inFlight = true;
    const quint64 generation = ++p.generation;
    p.timeout.start(qMax(1, m_core->options().health.timeoutMs));
    QPointer<HealthProber> self(this);
    Backend *backend = m_core->backend(index);
    backend->headBucket(backend->healthProbeBucket(), [self, index, generation](Result<BucketInfo> r) {
        if (!self)
            return;
        if (r.ok() || cascadeOutcome(&r.failure()) != CascadeOutcome::Failed)
            self->settle(index, generation, true, {});
        else
            self->settle(index, generation, false, r.failure().text());
    });
}

void HealthProber::settle(int index, quint64 generation, bool ok, const QString &reason)
{
    Probe &p = *m_probes[size_t(index)];
    if (generation != p.generation || !p.inFlight)
        return; // answered after its timeout: that probe was already counted as failed
    p.inFlight = false;
    p.timeout.stop();
    BackendCounters &counters = m_core->stats().backend(index);
    counters.noteProbe(ok, reason);
    if (ok) {
        if (m_core->readmitBackend(index) || !p.healthy)
            qCInfo(lcHealth, "backend %s passed its health probe: readmitted", qUtf8Printable(m_core->name(index)));
        counters.markReadmitted();
        p.healthy = true;
    } else {
        m_core->ejectBackend(index);
        counters.markEjected(reason); // until a probe passes
        if (p.healthy)
            qCWarning(lcHealth, "backend %s failed its health probe (%s): ejected until a probe succeeds",
                      qUtf8Printable(m_core->name(index)), qUtf8Printable(reason));
        p.healthy = false;
    }
    schedule(index);
}

} // namespace s3c
