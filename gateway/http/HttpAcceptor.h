#pragma once

#include <QTcpServer>

#include <functional>

namespace s3c {

// The listening socket of the data path. It only accepts: each new connection's descriptor goes
// to the handler, which gives it to an HttpServer (HttpServer::adoptDescriptor), possibly one in
// another thread, so several threads can serve one port on every platform. TLS is not done
// here: the adopting server wraps the descriptor in a QSslSocket in its own thread.
class HttpAcceptor : public QTcpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(qintptr descriptor)>;

    explicit HttpAcceptor(Handler handler, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Handler m_handler;
};

} // namespace s3c
