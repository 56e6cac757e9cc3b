#include "TranslationLoader.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

namespace s3c {

QLocale TranslationLoader::localeFor(const QString &language)
{
    if (language.isEmpty())
        return QLocale::system();
    QString name = language;
    name.replace(QLatin1Char('-'), QLatin1Char('_'));
    return QLocale(name);
}

QString TranslationLoader::install(QCoreApplication *app, const QString &language)
{
    const QLocale locale = localeFor(language);
    auto *own = new QTranslator(app);
    // QTranslator::load(QLocale, ...) walks the locale's UI languages ("pt_BR", then "pt"), so a
    // plain "pt" system locale also gets the Brazilian catalogue.
    if (!own->load(locale, QStringLiteral("s3cascade"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete own;
        return {};
    }
    QCoreApplication::installTranslator(own);
    QLocale::setDefault(locale);
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return own->language();
}

QStringList TranslationLoader::available()
{
    QStringList languages;
    const QStringList files = QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("s3cascade_*.qm")});
    for (const QString &file : files)
        languages.append(file.mid(10, file.size() - 13)); // "s3cascade_" ... ".qm"
    return languages;
}

} // namespace s3c
