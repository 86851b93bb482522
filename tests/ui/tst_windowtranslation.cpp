// The window in zh_CN: built with the compiled-in translation installed, every text it shows
// before any config is loaded (menus, actions, tooltips, labels, buttons, placeholders, dock
// titles, the models' column titles) is Chinese, or one of the few that read the same in both
// languages (docs/CONVENTIONS.md, "Every visible string ships translated").
#include "common/uilanguage.h"
#include "requestlog/requestlogmodel.h"
#include "routes/routetreemodel.h"
#include "teaching/scenariomenu.h"
#include "window/languagemenu.h"
#include "window/mainwindow.h"

#include "control/gatewaycontroller.h"
#include "model/strategykind.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

class TestWindowTranslation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void menusAreChinese();
    void everyVisibleTextIsTranslated();
    void englishIsTheSourceText();
    void languageMenuOffersEachLanguageByItsOwnName();
};

namespace {
// Where a text is and what it says, for the failure message.
struct VisibleText {
    QString where;
    QString text;
};

// Texts that read the same in Chinese: technical terms, samples of what to type, the
// languages' own names, and the strategies (Route → Strategy), named as the config and the
// admin API name them (README, "Languages").
QStringList sameInBothTexts() {
    QStringList texts = {
        QStringLiteral("URL"),
        QStringLiteral("p50"),
        QStringLiteral("%v / %m"),
        QStringLiteral("English"),
        QStringLiteral("/service-a/users/7?q=1"),
        QStringLiteral("/service-a/anything?q=1"),
        QStringLiteral("127.0.0.1"),
    };
    for (const QByteArray &strategy : allStrategyNames())
        texts.append(QString::fromLatin1(strategy));
    return texts;
}

bool isChineseOrNeutral(const QString &text) {
    bool latinLetters = false;
    for (const QChar c : text) {
        if (c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff)
            return true;
        latinLetters = latinLetters || (c.unicode() < 0x80 && c.isLetter());
    }
    static const QStringList sameInBoth = sameInBothTexts();
    return !latinLetters || sameInBoth.contains(text);
}

void addText(QList<VisibleText> &texts, const QString &where, const QString &text) {
    if (!text.trimmed().isEmpty())
        texts.append({where, text});
}

void collectActions(QList<VisibleText> &texts, const QList<QAction *> &actions,
                    const QString &where) {
    for (QAction *action : actions) {
        if (action->isSeparator())
            continue;
        const QString path = where + QStringLiteral(" > ") + action->text();
        addText(texts, path, action->text());
        addText(texts, path + QStringLiteral(" (tooltip)"), action->toolTip());
        if (action->menu())
            collectActions(texts, action->menu()->actions(), path);
    }
}

void collectHeaders(QList<VisibleText> &texts, const QAbstractItemModel &model,
                    const QString &name) {
    for (int column = 0; column < model.columnCount(); ++column) {
        for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)})
            addText(texts, name + QStringLiteral(" column %1").arg(column),
                    model.headerData(column, Qt::Horizontal, role).toString());
    }
}

// What the window shows before a config is loaded. Widgets that show data (the listen URL,
// the chart's painted labels) are not among them.
QList<VisibleText> visibleTexts(MainWindow &window) {
    QList<VisibleText> texts;
    addText(texts, QStringLiteral("window title"), window.windowTitle());
    collectActions(texts, window.menuBar()->actions(), QStringLiteral("menu"));
    for (QAction *action : window.findChildren<QAction *>())
        collectActions(texts, {action}, QStringLiteral("action"));
    for (QWidget *widget : window.findChildren<QWidget *>()) {
        // Standard buttons (Close, OK, Cancel) are Qt's texts, in Qt's own catalog where the
        // system has it (README, "Languages").
        if (qobject_cast<QDialogButtonBox *>(widget->parentWidget()))
            continue;
        const QString name = QString::fromLatin1(widget->metaObject()->className());
        addText(texts, name + QStringLiteral(" tooltip"), widget->toolTip());
        if (auto *label = qobject_cast<QLabel *>(widget))
            addText(texts, name, label->text());
        else if (auto *button = qobject_cast<QAbstractButton *>(widget))
            addText(texts, name, button->text());
        else if (auto *edit = qobject_cast<QLineEdit *>(widget))
            addText(texts, name + QStringLiteral(" placeholder"), edit->placeholderText());
        else if (auto *dock = qobject_cast<QDockWidget *>(widget))
            addText(texts, name, dock->windowTitle());
        if (auto *spin = qobject_cast<QSpinBox *>(widget)) {
            addText(texts, name + QStringLiteral(" suffix"), spin->suffix());
            addText(texts, name + QStringLiteral(" special value"), spin->specialValueText());
        }
    }
    collectHeaders(texts, *window.routeModel(), QStringLiteral("routes"));
    collectHeaders(texts, *window.logModel(), QStringLiteral("log"));
    return texts;
}
} // namespace

void TestWindowTranslation::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GatewayConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_windowtranslation"));
    QSettings().clear();
}

void TestWindowTranslation::menusAreChinese() {
    const UiLanguage language(QStringLiteral("zh_CN"));
    QVERIFY(language.isTranslated());
    GatewayController controller;
    MainWindow window(controller, WindowSettings::Defaults);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList titles;
    for (QAction *action : window.menuBar()->actions())
        titles.append(action->text());
    QCOMPARE(titles, QStringList({"文件(&F)", "网关(&G)", "场景(&S)", "实例(&I)", "路由(&R)",
                                  "日志(&L)", "视图(&V)", "工具(&T)", "帮助(&H)"}));
    QCOMPARE(window.startAction()->text(), QStringLiteral("启动(&S)"));
    QCOMPARE(window.scenarioMenu()->actions().first()->text(), QStringLiteral("轮询"));
    QCOMPARE(window.routeModel()->headerData(RouteTreeModel::HealthColumn, Qt::Horizontal),
             QVariant(QStringLiteral("健康")));
    QVERIFY(!window.grab().isNull());
}

void TestWindowTranslation::everyVisibleTextIsTranslated() {
    const UiLanguage language(QStringLiteral("zh_CN"));
    GatewayController controller;
    MainWindow window(controller, WindowSettings::Defaults);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.routeTesterAction()->trigger(); // its widgets too
    const QList<VisibleText> texts = visibleTexts(window);
    QVERIFY(texts.size() > 100);
    QStringList english;
    for (const VisibleText &text : texts) {
        if (!isChineseOrNeutral(text.text))
            english.append(text.where + QStringLiteral(": ") + text.text);
    }
    english.removeDuplicates();
    for (const QString &text : std::as_const(english))
        qWarning("untranslated: %s", qPrintable(text));
    QVERIFY2(english.isEmpty(), "texts in English (the warnings above)");
}

// The check above sees the texts at all: without the translation they are English.
void TestWindowTranslation::englishIsTheSourceText() {
    const UiLanguage language(QStringLiteral("en"));
    GatewayController controller;
    MainWindow window(controller, WindowSettings::Defaults);
    int english = 0;
    for (const VisibleText &text : visibleTexts(window))
        english += isChineseOrNeutral(text.text) ? 0 : 1;
    QVERIFY(english > 100);
}

void TestWindowTranslation::languageMenuOffersEachLanguageByItsOwnName() {
    const UiLanguage language(QStringLiteral("zh_CN"));
    LanguageMenu menu(QStringLiteral("zh_CN"));
    QCOMPARE(menu.title(), QStringLiteral("语言(&L)"));
    QCOMPARE(menu.actionFor(QStringLiteral("en"))->text(), QStringLiteral("English"));
    QCOMPARE(menu.actionFor(QStringLiteral("zh_CN"))->text(), QStringLiteral("简体中文"));
    QCOMPARE(menu.chosen(), QStringLiteral("zh_CN"));
    menu.actionFor({})->trigger();
    QCOMPARE(menu.chosen(), QString());
}

QTEST_MAIN(TestWindowTranslation)
#include "tst_windowtranslation.moc"
