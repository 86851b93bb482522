// UiLanguage: which language the window starts in, that the compiled-in translation installs
// and uninstalls, and that the catalog in the tree is complete (docs/CONVENTIONS.md, "Every
// visible string ships translated").
#include "common/uilanguage.h"

#include "scenarios/scenariocatalog.h"
#include "sourcetree.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QXmlStreamReader>

class TestUiLanguage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void availableListsEnglishFirst();
    void forLocaleMatchesLanguageAndScript_data();
    void forLocaleMatchesLanguageAndScript();
    void flagThenRememberedThenSystem();
    void remembersTheMenuChoice();
    void nativeNames();
    void installsAndRemovesTheTranslation();
    void englishInstallsNothing();
    void catalogHasNoUnfinishedOrObsoleteEntries();
};

void TestUiLanguage::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
    QCoreApplication::setOrganizationName(QStringLiteral("GatewayConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_uilanguage"));
    QSettings().clear();
}

void TestUiLanguage::availableListsEnglishFirst() {
    QCOMPARE(UiLanguage::available(), QStringList({"en", "zh_CN"}));
}

void TestUiLanguage::forLocaleMatchesLanguageAndScript_data() {
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("language");
    QTest::newRow("zh_CN") << "zh_CN"
                           << "zh_CN";
    QTest::newRow("Singapore writes simplified Chinese") << "zh_SG"
                                                         << "zh_CN";
    QTest::newRow("Taiwan writes traditional Chinese") << "zh_TW"
                                                       << "en";
    QTest::newRow("en_GB") << "en_GB"
                           << "en";
    QTest::newRow("no translation") << "fr_FR"
                                    << "en";
    QTest::newRow("C") << "C"
                       << "en";
}

void TestUiLanguage::forLocaleMatchesLanguageAndScript() {
    QFETCH(QString, locale);
    QFETCH(QString, language);
    QCOMPARE(UiLanguage::forLocale(QLocale(locale)), language);
}

void TestUiLanguage::flagThenRememberedThenSystem() {
    const QLocale chinese(QStringLiteral("zh_CN"));
    const QLocale french(QStringLiteral("fr_FR"));
    QCOMPARE(UiLanguage::choose({}, {}, chinese), QStringLiteral("zh_CN"));
    QCOMPARE(UiLanguage::choose({}, {}, french), QStringLiteral("en"));
    QCOMPARE(UiLanguage::choose({}, QStringLiteral("zh_CN"), french), QStringLiteral("zh_CN"));
    QCOMPARE(UiLanguage::choose(QStringLiteral("en"), QStringLiteral("zh_CN"), chinese),
             QStringLiteral("en"));
    // Remembered by a build with another translation: the system's language instead.
    QCOMPARE(UiLanguage::choose({}, QStringLiteral("de"), chinese), QStringLiteral("zh_CN"));
}

void TestUiLanguage::remembersTheMenuChoice() {
    QVERIFY(UiLanguage::remembered().isEmpty());
    UiLanguage::remember(QStringLiteral("zh_CN"));
    QCOMPARE(UiLanguage::remembered(), QStringLiteral("zh_CN"));
    UiLanguage::remember({});
    QVERIFY(UiLanguage::remembered().isEmpty());
}

void TestUiLanguage::nativeNames() {
    QCOMPARE(UiLanguage::nativeName(QStringLiteral("en")), QStringLiteral("English"));
    QCOMPARE(UiLanguage::nativeName(QStringLiteral("zh_CN")), QStringLiteral("简体中文"));
}

void TestUiLanguage::installsAndRemovesTheTranslation() {
    const QLocale before;
    {
        const UiLanguage language(QStringLiteral("zh_CN"));
        QVERIFY(language.isTranslated());
        QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("文件(&F)"));
        // Numerus forms from the same catalog.
        QCOMPARE(QCoreApplication::translate("DistributionPanel", "last %n s", nullptr, 30),
                 QStringLiteral("最近 30 秒"));
        // The scenario texts follow: titles by the translator, explanations by QLocale().
        const ScenarioCatalog catalog = ScenarioCatalog::bundled();
        QCOMPARE(catalog.scenarios().first().title, QStringLiteral("轮询"));
        QVERIFY(catalog.scenarios().first().explanation.startsWith(QStringLiteral("## 轮询")));
    }
    QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("&File"));
    QCOMPARE(QLocale(), before);
}

void TestUiLanguage::englishInstallsNothing() {
    const UiLanguage language(QStringLiteral("en"));
    QVERIFY(!language.isTranslated());
    QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("&File"));
    QCOMPARE(ScenarioCatalog::bundled().scenarios().first().title, QStringLiteral("Round robin"));
}

// lupdate marks a new string "unfinished" and a removed one "vanished" or "obsolete": the
// committed catalog has neither (the translations_up_to_date test checks it against the
// sources).
void TestUiLanguage::catalogHasNoUnfinishedOrObsoleteEntries() {
    for (const QString &language : UiLanguage::available()) {
        if (language == QLatin1String("en"))
            continue;
        QFile file(projectSourceDir() +
                   QStringLiteral("/resources/translations/gateway-console_%1.ts").arg(language));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QString source;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("message")) {
                ++messages;
            } else if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                QVERIFY2(type.isEmpty(), qPrintable(type + QStringLiteral(": ") + source));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 250);
    }
}

QTEST_GUILESS_MAIN(TestUiLanguage)
#include "tst_uilanguage.moc"
