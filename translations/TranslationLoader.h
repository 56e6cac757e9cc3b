#pragma once

#include <QLocale>
#include <QString>

class QCoreApplication;

namespace s3c {

// Installs the embedded s3cascade catalogue (:/i18n/s3cascade_<lang>.qm) and, when Qt ships one,
// Qt's own catalogue for standard dialog buttons. Chosen by the system locale unless `--lang`
// names one ("pt_BR", "pt-BR", "en"...). English is the source language: nothing to load.
class TranslationLoader
{
public:
    // The locale `--lang` asks for, or the system's when `language` is empty.
    static QLocale localeFor(const QString &language);
    // Installs translators on `app` (which owns them). Returns the locale name loaded, or an
    // empty string when the strings stay English.
    static QString install(QCoreApplication *app, const QString &language);
    // The languages with an embedded catalogue, e.g. {"pt_BR"}.
    static QStringList available();
};

} // namespace s3c
