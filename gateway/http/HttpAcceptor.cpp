#include "HttpAcceptor.h"

namespace s3c {

HttpAcceptor::HttpAcceptor(Handler handler, QObject *parent)
    : QTcpServer(parent), m_handler(std::move(handler))
{
}

void HttpAcceptor::incomingConnection(qintptr descriptor)
{
    m_handler(descriptor);
}

} // namespace s3c
