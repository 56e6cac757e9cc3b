#include "PresignCommand.h"

#include "auth/SigV4.h"
#include "auth/SigV4Signer.h"
#include "config/CredentialStore.h"

#include <QUrl>

#include <cstdio>

namespace s3c {

int PresignCommand::run(const AppOptions &options)
{
    Credentials credentials = options.gateway.credentials;
    if (!options.accessGiven) {
        auto stored = CredentialStore().load();
        if (!stored || !stored->isValid()) {
            std::fputs(qPrintable(tr("No credentials: pass --access and --secret, or start the gateway once so it "
                                     "generates and stores them.\n")),
                       stderr);
            return 1;
        }
        credentials = stored.value();
    }
    QString endpoint = options.presign.endpoint;
    if (endpoint.isEmpty()) {
        const GatewayOptions &g = options.gateway;
        QHostAddress host = g.address;
        if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4 || host == QHostAddress::AnyIPv6)
            host = QHostAddress::LocalHost;
        QUrl url;
        url.setScheme(g.certFile.isEmpty() ? QStringLiteral("http") : QStringLiteral("https"));
        url.setHost(host.toString());
        url.setPort(g.port);
        endpoint = url.toString();
    }
    QUrl base(endpoint);
    if (!base.isValid() || base.host().isEmpty() || (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https"))) {
        std::fputs(qPrintable(tr("--endpoint: \"%1\" is not an http(s) URL.\n").arg(endpoint)), stderr);
        return 2;
    }
    // Path-style: /bucket/key, each byte encoded once as SigV4's UriEncode does ('/' kept in the key).
    QByteArray path = base.path(QUrl::FullyEncoded).toLatin1();
    if (path.endsWith('/'))
        path.chop(1);
    path += '/' + sigv4::uriEncode(options.presign.bucket.toUtf8(), true) + '/'
            + sigv4::uriEncode(options.presign.key.toUtf8(), false);
    QUrl target = base;
    target.setPath(QString::fromLatin1(path), QUrl::StrictMode);
    const SigV4Signer signer(credentials, options.gateway.s3.region.toLatin1());
    const QUrl url = signer.presignUrl(options.presign.method, target, QDateTime::currentDateTimeUtc(),
                                       options.presign.expiresSeconds);
    std::fputs(url.toEncoded().constData(), stdout);
    std::fputs("\n", stdout);
    return 0;
}

} // namespace s3c
