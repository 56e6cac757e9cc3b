#pragma once

#include "SecretRedactor.h"

#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QObject>

namespace s3c {

// Collects the process's Qt log messages (the gateway logs with qCInfo/qCWarning from its worker
// thread) for the Log page. Installed as the Qt message handler while it exists; every message is
// redacted first, then handed to the previous handler (stderr) and queued for the GUI thread.
class LogCollector : public QObject
{
    Q_OBJECT
public:
    struct Line
    {
        QDateTime time;
        QtMsgType level = QtInfoMsg;
        QString category;
        QString text; // already redacted
    };

    static constexpr int kMaxPending = 10000; // lines kept while the GUI thread is busy

    explicit LogCollector(QObject *parent = nullptr);
    ~LogCollector() override;

    SecretRedactor &redactor() { return m_redactor; }
    // Lines that arrived since the last call (GUI thread).
    QList<Line> takeLines();

signals:
    void linesAvailable();

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message);
    void append(Line line);

    SecretRedactor m_redactor;
    QMutex m_mutex;
    QList<Line> m_pending;
    bool m_notified = false;
    QtMessageHandler m_previous = nullptr;
};

} // namespace s3c
