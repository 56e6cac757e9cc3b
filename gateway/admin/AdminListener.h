#pragma once

#include "AdminOptions.h"

#include <QTcpServer>

namespace s3c {

// The admin API's listening socket, handed to QHttpServer with bind(): it accepts the
// connections itself so that each gets an AdminConnectionGuard (size bound, timeouts) before
// QHttpServer reads a byte, and refuses connections over the cap.
class AdminListener : public QTcpServer
{
    Q_OBJECT
public:
    explicit AdminListener(const AdminOptions &options, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    AdminOptions m_options;
    int m_open = 0;
};

} // namespace s3c
