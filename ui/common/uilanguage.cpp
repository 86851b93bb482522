#include "common/uilanguage.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>

namespace {
const QString languageKey = QStringLiteral("view/language");
const QString english = QStringLiteral("en");
} // namespace

QStringList UiLanguage::available() {
    // The build names them once (root CMakeLists.txt); --language checks against the same list.
    return QString::fromUtf8(GATEWAY_UI_LANGUAGES).split(QLatin1Char(','));
}

QString UiLanguage::forLocale(const QLocale &locale) {
    for (const QString &language : available()) {
        const QLocale candidate(language);
        if (language != english && candidate.language() == locale.language() &&
            candidate.script() == locale.script())
            return language;
    }
    return english;
}

QString UiLanguage::choose(const QString &requested, const QString &remembered,
                           const QLocale &system) {
    if (!requested.isEmpty())
        return requested;
    // A choice remembered by a build with more languages than this one falls back quietly.
    if (!remembered.isEmpty() && available().contains(remembered))
        return remembered;
    return forLocale(system);
}

QString UiLanguage::nativeName(const QString &language) {
    if (language == english)
        return QStringLiteral("English");
    const QLocale locale(language);
    if (locale.language() == QLocale::Chinese &&
        locale.script() == QLocale::SimplifiedChineseScript)
        return QStringLiteral("简体中文"); // QLocale says 中文（中国）, which names a country
    return locale.language() == QLocale::C ? language : locale.nativeLanguageName();
}

QString UiLanguage::remembered() {
    return QSettings().value(languageKey).toString();
}

void UiLanguage::remember(const QString &language) {
    QSettings settings;
    if (language.isEmpty())
        settings.remove(languageKey);
    else
        settings.setValue(languageKey, language);
}

UiLanguage::UiLanguage(const QString &language)
    : m_name(language) {
    if (language != english) {
        m_translated = m_translator.load(QStringLiteral(":/i18n/gateway-console_") + language);
        if (m_translated)
            QCoreApplication::installTranslator(&m_translator);
        m_qtTranslated = m_qtTranslator.load(QStringLiteral("qtbase_") + language,
                                             QLibraryInfo::path(QLibraryInfo::TranslationsPath));
        if (m_qtTranslated)
            QCoreApplication::installTranslator(&m_qtTranslator);
    }
    // Leaves number formats alone when the language is the system's own.
    if ((language == english || m_translated) && forLocale(QLocale::system()) != language)
        QLocale::setDefault(QLocale(language));
}

UiLanguage::~UiLanguage() {
    if (m_translated)
        QCoreApplication::removeTranslator(&m_translator);
    if (m_qtTranslated)
        QCoreApplication::removeTranslator(&m_qtTranslator);
    QLocale::setDefault(m_previousDefault);
}
