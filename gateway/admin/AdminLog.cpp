#include "AdminLog.h"

#include <QMutex>
#include <QMutexLocker>

#include <deque>

namespace s3c {

namespace {

struct Ring
{
    QMutex mutex;
    std::deque<AdminLog::Line> lines;
    quint64 lastId = 0;
    int installs = 0;
    QtMessageHandler previous = nullptr;
};

Ring &ring()
{
    static Ring r; // outlives every user: messages may come until exit
    return r;
}

QString levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return QStringLiteral("debug");
    case QtInfoMsg:
        return QStringLiteral("info");
    case QtWarningMsg:
        return QStringLiteral("warning");
    case QtCriticalMsg:
        return QStringLiteral("critical");
    case QtFatalMsg:
        return QStringLiteral("fatal");
    }
    return QStringLiteral("info");
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    Ring &r = ring();
    QtMessageHandler previous = nullptr;
    {
        QMutexLocker lock(&r.mutex);
        AdminLog::Line line;
        line.id = ++r.lastId;
        line.time = QDateTime::currentDateTimeUtc();
        line.level = levelName(type);
        line.category = QString::fromUtf8(context.category ? context.category : "default");
        line.text = message;
        r.lines.push_back(std::move(line));
        while (r.lines.size() > size_t(AdminLog::kCapacity))
            r.lines.pop_front();
        previous = r.previous;
    }
    // Outside the lock: the previous handler may log or take locks of its own.
    if (previous)
        previous(type, context, message);
}

} // namespace

void AdminLog::install()
{
    Ring &r = ring();
    QMutexLocker lock(&r.mutex);
    if (r.installs++ == 0)
        r.previous = qInstallMessageHandler(&handler);
}

void AdminLog::uninstall()
{
    Ring &r = ring();
    QMutexLocker lock(&r.mutex);
    if (r.installs > 0 && --r.installs == 0) {
        qInstallMessageHandler(r.previous);
        r.previous = nullptr;
    }
}

QList<AdminLog::Line> AdminLog::since(quint64 after, int limit)
{
    Ring &r = ring();
    QMutexLocker lock(&r.mutex);
    QList<Line> out;
    for (auto it = r.lines.rbegin(); it != r.lines.rend() && it->id > after && out.size() < limit; ++it)
        out.prepend(*it);
    return out;
}

} // namespace s3c
