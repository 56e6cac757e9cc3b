#include "CommandLine.h"
#include "HeadlessRunner.h"
#include "PresignCommand.h"
#include "config/CredentialStore.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

#include <cstdio>

using namespace s3c;

int main(int argc, char *argv[])
{
    // The application name decides the config and data folders (QStandardPaths).
    QCoreApplication::setApplicationName(QStringLiteral("s3cascade"));
    QCoreApplication::setApplicationVersion(QStringLiteral(S3C_VERSION));

    // Arguments first: they decide between the GUI and headless application objects.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    AppOptions options;
    QString message;
    const auto outcome = CommandLine::parse(arguments, QProcessEnvironment::systemEnvironment(), &options, &message);
    if (outcome != CommandLine::Outcome::Run) {
        std::fputs(qPrintable(message + QLatin1Char('\n')), outcome == CommandLine::Outcome::ExitOk ? stdout : stderr);
        return outcome == CommandLine::Outcome::ExitOk ? 0 : 2;
    }

    QCoreApplication app(argc, argv);
    switch (options.command) {
    case AppCommand::Credentials: {
        auto credentials = CredentialStore().load();
        if (!credentials || !credentials->isValid()) {
            std::fputs(qPrintable(QCoreApplication::translate("main", "No stored credentials yet: start the gateway once without --access/--secret.\n")), stderr);
            return 1;
        }
        std::fputs(qPrintable(QStringLiteral("access key: %1\nsecret key: %2\n").arg(credentials->accessKey, credentials->secretKey)), stdout);
        return 0;
    }
    case AppCommand::Presign:
        return PresignCommand::run(options);
    case AppCommand::Serve:
        break;
    }
    HeadlessRunner runner(options);
    if (!runner.start())
        return 1;
    return app.exec();
}
