// The pt_BR catalogue is complete, embedded and chosen by --lang or the system locale; every
// translation keeps its source's placeholders (a lost %1 would silently drop a path or an error).
#include "TranslationLoader.h"
#include "config/BackendsConfig.h"

#include <QFile>
#include <QRegularExpression>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace s3c;

class TestGuiTranslations : public QObject
{
    Q_OBJECT

private slots:
    void catalogueIsCompleteAndKeepsPlaceholders();
    void embeddedAndLoadedByLanguage();
    void englishNeedsNoCatalogue();
    void backendValidationIsTranslated();
    void cleanup();
};

namespace {

QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured(0));
    found.sort();
    return found;
}

} // namespace

void TestGuiTranslations::catalogueIsCompleteAndKeepsPlaceholders()
{
    QFile file(QStringLiteral(S3C_SOURCE_DIR "/translations/s3cascade_pt_BR.ts"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QString source;
    QStringList forms;
    bool numerus = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("message")) {
            numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            forms.clear();
        } else if (xml.isStartElement() && xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.isStartElement() && xml.name() == QLatin1String("translation")) {
            const QStringView type = xml.attributes().value(QLatin1String("type"));
            QVERIFY2(type.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(type.toString(), source)));
            if (!numerus)
                forms.append(xml.readElementText());
        } else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
            forms.append(xml.readElementText());
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            ++messages;
            QVERIFY2(numerus ? forms.size() == 2 : forms.size() == 1, qPrintable(source));
            for (const QString &form : std::as_const(forms)) {
                QVERIFY2(!form.isEmpty(), qPrintable(source));
                QCOMPARE(placeholders(form), placeholders(source));
            }
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 250);
}

void TestGuiTranslations::embeddedAndLoadedByLanguage()
{
    QVERIFY(TranslationLoader::available().contains(QStringLiteral("pt_BR")));
    QCOMPARE(TranslationLoader::localeFor(QStringLiteral("pt-BR")).name(), QStringLiteral("pt_BR"));
    QCOMPARE(TranslationLoader::install(qApp, QStringLiteral("pt_BR")), QStringLiteral("pt_BR"));
    QCOMPARE(QCoreApplication::translate("s3c::GuiApp", "Overview"), QStringLiteral("Visão geral"));
    QCOMPARE(QCoreApplication::translate("s3c::OverviewPage", "%n day(s) %1", nullptr, 2),
             QStringLiteral("2 dias %1"));
    QCOMPARE(QCoreApplication::translate("PresignBuilder", "Choose a bucket."),
             QStringLiteral("Escolha um bucket."));
}

void TestGuiTranslations::englishNeedsNoCatalogue()
{
    QVERIFY(TranslationLoader::install(qApp, QStringLiteral("en")).isEmpty());
    QCOMPARE(QCoreApplication::translate("s3c::GuiApp", "Overview"), QStringLiteral("Overview"));
}

// The Backends editor shows these messages live, as the user types: they come from the gateway
// layer (QtCore only) and must follow the language too. The JSON field path stays as written.
void TestGuiTranslations::backendValidationIsTranslated()
{
    BackendConfig s3;
    s3.name = QStringLiteral("r2-archive");
    s3.accessKey = QStringLiteral("AKIA");
    s3.secretKey = QStringLiteral("secret");
    s3.endpoint = QStringLiteral("ftp://example.com");
    QCOMPARE(s3.validate(1).failure().text(),
             QStringLiteral("backends[1].endpoint: must be an http:// or https:// URL"));
    BackendsConfig none;

    QCOMPARE(TranslationLoader::install(qApp, QStringLiteral("pt_BR")), QStringLiteral("pt_BR"));
    QCOMPARE(s3.validate(1).failure().text(),
             QStringLiteral("backends[1].endpoint: deve ser uma URL http:// ou https://"));
    BackendConfig local;
    local.type = BackendConfig::Type::Posix;
    local.name = QStringLiteral("nas");
    local.path = QStringLiteral("relative/dir");
    QCOMPARE(local.validate(0).failure().text(),
             QStringLiteral("backends[0].path: deve ser o caminho absoluto de um diretório"));
    QCOMPARE(none.validate().failure().text(),
             QStringLiteral("backends: é necessário pelo menos um backend"));
    QCOMPARE(QCoreApplication::translate("s3c::PresignPage",
                                         "The gateway did not list its buckets. Type the bucket name."),
             QStringLiteral("O gateway não listou seus buckets. Digite o nome do bucket."));
    QCOMPARE(QCoreApplication::translate("s3c::RecentRequestsModel", "Method"), QStringLiteral("Método"));
}

void TestGuiTranslations::cleanup()
{
    // Translators are children of the application: remove them between tests.
    for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

QTEST_MAIN(TestGuiTranslations)
#include "test_gui_translations.moc"
