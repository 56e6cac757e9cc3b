#include "ConnectionTester.h"

#include "backends/Backend.h"
#include "config/BackendFactory.h"

#include <QPointer>

namespace s3c {

ConnectionTester::ConnectionTester(QObject *parent) : QObject(parent)
{
}

ConnectionTester::~ConnectionTester()
{
    release();
}

void ConnectionTester::release()
{
    if (!m_backend)
        return;
    // deleteLater: the backend may be inside its own callback right now.
    m_backend->deleteLater();
    m_backend = nullptr;
}

void ConnectionTester::report(bool ok, const QString &message)
{
    release();
    emit finished(ok, message, m_clock.elapsed());
}

void ConnectionTester::test(const BackendConfig &backend)
{
    release();
    const quint64 run = ++m_run;
    m_clock.start();
    BackendsConfig single;
    single.backends.append(backend);
    auto created = BackendFactory::create(single);
    if (!created) {
        // Report asynchronously like a real answer, so callers see one behaviour.
        QMetaObject::invokeMethod(
            this,
            [this, run, message = created.failure().text()] {
                if (run == m_run)
                    report(false, message);
            },
            Qt::QueuedConnection);
        return;
    }
    m_backend = created->first();
    QPointer<ConnectionTester> self(this);
    const QString pinned = single.clientBucketFor(0);
    if (!pinned.isEmpty()) {
        m_backend->headBucket(pinned, [self, run, pinned](Result<BucketInfo> result) {
            if (!self || run != self->m_run)
                return;
            const qint64 ms = self->m_clock.elapsed();
            if (result)
                self->report(true, tr("Bucket %1 answered in %2 ms.").arg(pinned).arg(ms));
            else
                self->report(false,
                             tr("Bucket %1: %2 (after %3 ms)").arg(pinned, result.failure().text()).arg(ms));
        });
        return;
    }
    m_backend->listBuckets([self, run](Result<QList<BucketInfo>> result) {
        if (!self || run != self->m_run)
            return;
        const qint64 ms = self->m_clock.elapsed();
        if (!result) {
            self->report(false, tr("%1 (after %2 ms)").arg(result.failure().text()).arg(ms));
            return;
        }
        QStringList names;
        for (const BucketInfo &bucket : result.value())
            names.append(bucket.name);
        const int count = int(names.size());
        if (names.size() > 5) {
            names.resize(5);
            names.append(QStringLiteral("…"));
        }
        self->report(true, count == 0 ? tr("Connected in %1 ms; no bucket yet.").arg(ms)
                                      : tr("%n bucket(s) listed in %1 ms: %2", nullptr, count)
                                            .arg(ms)
                                            .arg(names.join(QStringLiteral(", "))));
    });
}

} // namespace s3c
