// Manual benchmark server, not a test: serves GET /<name> from files in a directory with
// HttpServer, to compare the sendfile(2) path with the read/write path
// (S3C_HTTP_NO_SENDFILE=1) using curl or wrk. Usage: http_bench_server DIR PORT
#include "http/HttpExchange.h"
#include "http/HttpServer.h"

#include <QCoreApplication>
#include <QFile>

using namespace s3c;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3)
        return 2;
    const QString dir = QString::fromLocal8Bit(argv[1]);
    HttpLimits limits;
    HttpServer server(limits);
    QObject::connect(&server, &HttpServer::requestReady, &server, [dir](HttpExchange *ex) {
        auto *file = new QFile(dir + QString::fromUtf8(ex->request().rawPath()));
        if (!file->open(QIODevice::ReadOnly)) {
            delete file;
            ex->respond(HttpResponse(404));
            return;
        }
        ex->respond(HttpResponse(200), file);
    });
    if (!server.listen(QHostAddress::LocalHost, quint16(QByteArray(argv[2]).toUShort())))
        return 1;
    return app.exec();
}
