#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>
#include <QTranslator>

// The window's languages: English, its source text, and one translation per
// resources/translations/gateway-console_<language>.ts, compiled in as
// :/i18n/gateway-console_<language>.qm (docs/ARCHITECTURE.md, "Translations").
//
// An instance makes one language the application's: app/main.cpp creates it after the
// QApplication and before the window, and keeps it alive as long as the application, because
// QCoreApplication holds installed translators by pointer. The window does not retranslate itself
// while it runs: View → Language is remembered and applies at the next start.
class UiLanguage final {
    Q_DISABLE_COPY_MOVE(UiLanguage)

public:
    // "en" first, then the translations: the names --language and View → Language take.
    static QStringList available();
    // The translation for the locale's language and script (zh_CN for zh_CN and zh_SG, not for
    // the traditional script of zh_TW), else "en".
    static QString forLocale(const QLocale &locale);
    // The language to start in: requested (--language) when set, else remembered (View →
    // Language) when it is still available, else the system's.
    static QString choose(const QString &requested, const QString &remembered,
                          const QLocale &system);
    // The language's name in that language ("English", "简体中文"), which a reader of it finds
    // whatever the window's language is; the name itself for an unknown one.
    static QString nativeName(const QString &language);

    // View → Language's choice in QSettings; empty when the system's language is followed.
    static QString remembered();
    static void remember(const QString &language);

    // Installs language's translation (nothing for English), Qt's own texts for it where the
    // system has them (standard buttons; Debian's qt6-translations-l10n), and makes it QLocale's
    // default where it differs from the system's, so that ScenarioCatalog::bundled() picks the
    // same language. The destructor undoes all three.
    explicit UiLanguage(const QString &language);
    ~UiLanguage();

    QString name() const { return m_name; }
    // Whether a translation was loaded: false for English, and for a language not compiled in.
    bool isTranslated() const { return m_translated; }

private:
    QString m_name;
    QLocale m_previousDefault;
    QTranslator m_translator;
    QTranslator m_qtTranslator;
    bool m_translated = false;
    bool m_qtTranslated = false;
};
