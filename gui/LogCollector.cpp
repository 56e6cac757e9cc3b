#include "LogCollector.h"

#include "DisplayPath.h"

#include <QMetaObject>

namespace s3c {

namespace {

// The handler is a plain function: it finds the collector through this pointer. The mutex keeps
// a message from another thread from using a collector that is being destroyed.
QMutex g_instanceMutex;
LogCollector *g_instance = nullptr;

} // namespace

LogCollector::LogCollector(QObject *parent) : QObject(parent)
{
    QMutexLocker lock(&g_instanceMutex);
    g_instance = this;
    m_previous = qInstallMessageHandler(&LogCollector::handler);
}

LogCollector::~LogCollector()
{
    QMutexLocker lock(&g_instanceMutex);
    qInstallMessageHandler(m_previous);
    g_instance = nullptr;
}

void LogCollector::handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QMutexLocker lock(&g_instanceMutex);
    if (!g_instance)
        return;
    Line line{QDateTime::currentDateTime(), type,
              QString::fromUtf8(context.category ? context.category : "default"),
              g_instance->m_redactor.redact(message)};
    if (g_instance->m_previous)
        g_instance->m_previous(type, context, line.text);
    // The log page shows paths as the other pages do; stderr keeps them whole.
    line.text = DisplayPath::inText(line.text);
    g_instance->append(std::move(line));
}

void LogCollector::append(Line line)
{
    QMutexLocker lock(&m_mutex);
    if (m_pending.size() >= kMaxPending)
        m_pending.removeFirst();
    m_pending.append(std::move(line));
    if (m_notified)
        return;
    m_notified = true;
    // One queued notification per batch, delivered in the collector's (GUI) thread.
    QMetaObject::invokeMethod(this, &LogCollector::linesAvailable, Qt::QueuedConnection);
}

QList<LogCollector::Line> LogCollector::takeLines()
{
    QMutexLocker lock(&m_mutex);
    m_notified = false;
    return std::exchange(m_pending, {});
}

} // namespace s3c
