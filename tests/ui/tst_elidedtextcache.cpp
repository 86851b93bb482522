#include "common/elidedtextcache.h"

#include <QApplication>
#include <QFontMetrics>
#include <QTest>

namespace {
constexpr Qt::Alignment leftAligned = Qt::AlignLeft | Qt::AlignVCenter;
} // namespace

class TestElidedTextCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void elidesAsFontMetricsDoes_data();
    void elidesAsFontMetricsDoes();
    void aTextThatFitsIsKeptWhole();
    void theSameCellTextIsLaidOutOnce();
    void whatDecidesTheLayoutIsPartOfTheKey();
    void staysWithinItsCapacity();
    void keepsTheTextsInUse();
};

void TestElidedTextCache::elidesAsFontMetricsDoes_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("bold");
    QTest::addColumn<Qt::TextElideMode>("mode");
    QTest::newRow("path") << QStringLiteral("/service-a/items/12?expand=owner,tags") << false
                          << Qt::ElideRight;
    QTest::newRow("reason") << QStringLiteral("round robin: next after 127.0.0.1:8081 (2 of 3)")
                            << false << Qt::ElideRight;
    QTest::newRow("marker, bold") << QStringLiteral("— switched to Weighted 3:1 —") << true
                                  << Qt::ElideRight;
    QTest::newRow("zh_CN") << QStringLiteral("已从日志中删除，为较新的请求腾出空间") << false
                           << Qt::ElideRight;
    QTest::newRow("elided in the middle")
        << QStringLiteral("http://127.0.0.1:8082/health") << false << Qt::ElideMiddle;
}

void TestElidedTextCache::elidesAsFontMetricsDoes() {
    // Every width from none to more than the text needs: the line drawn is what
    // QFontMetrics::elidedText gives, "…" included.
    QFETCH(QString, text);
    QFETCH(bool, bold);
    QFETCH(Qt::TextElideMode, mode);
    QFont font = QApplication::font();
    font.setBold(bold);
    const QFontMetrics metrics(font);
    ElidedTextCache cache(16);
    int elided = 0;
    for (int width = 0; width <= metrics.horizontalAdvance(text) + 8; ++width) {
        const QString expected = metrics.elidedText(text, mode, width);
        elided += expected != text;
        QCOMPARE(cache.lineFor(text, font, width, leftAligned, Qt::LeftToRight, mode).layout.text(),
                 expected);
    }
    QVERIFY(elided > 10); // the widths did cut the text
}

void TestElidedTextCache::aTextThatFitsIsKeptWhole() {
    ElidedTextCache cache(4);
    const QFont font = QApplication::font();
    const ElidedTextCache::Line &line =
        cache.lineFor(QStringLiteral("200"), font, 200, Qt::AlignRight | Qt::AlignVCenter,
                      Qt::LeftToRight, Qt::ElideRight);
    QCOMPARE(line.layout.text(), QStringLiteral("200"));
    QCOMPARE(line.layout.lineCount(), 1);
    QCOMPARE(line.size.height(), qRound(line.layout.lineAt(0).height()));
    // Laid out in the whole width, so that the alignment places it.
    QCOMPARE(line.layout.lineAt(0).width(), 200.0);
    QVERIFY(line.layout.lineAt(0).naturalTextWidth() < 200);
}

void TestElidedTextCache::theSameCellTextIsLaidOutOnce() {
    ElidedTextCache cache(4);
    const QFont font = QApplication::font();
    const ElidedTextCache::Line *first = &cache.lineFor(
        QStringLiteral("GET"), font, 60, leftAligned, Qt::LeftToRight, Qt::ElideRight);
    // Another string of the same text, as data() builds one on every paint.
    const QString again = QStringLiteral("GE") + QLatin1Char('T');
    QCOMPARE(&cache.lineFor(again, font, 60, leftAligned, Qt::LeftToRight, Qt::ElideRight), first);
    QCOMPARE(cache.size(), 1);
    QCOMPARE(cache.linesLaidOut(), 1u);
}

void TestElidedTextCache::whatDecidesTheLayoutIsPartOfTheKey() {
    ElidedTextCache cache(16);
    const QString text = QStringLiteral("/service-a/items/12");
    QFont bold = QApplication::font();
    bold.setBold(true);
    const QFontMetrics metrics(QApplication::font());
    const int narrow = metrics.horizontalAdvance(text) / 2;
    cache.lineFor(text, QApplication::font(), 300, leftAligned, Qt::LeftToRight, Qt::ElideRight);
    QCOMPARE(
        cache.lineFor(text, bold, 300, leftAligned, Qt::LeftToRight, Qt::ElideRight).layout.font(),
        bold);
    QCOMPARE(cache
                 .lineFor(text, QApplication::font(), narrow, leftAligned, Qt::LeftToRight,
                          Qt::ElideRight)
                 .layout.text(),
             metrics.elidedText(text, Qt::ElideRight, narrow));
    QCOMPARE(cache
                 .lineFor(text, QApplication::font(), 300, Qt::AlignRight | Qt::AlignVCenter,
                          Qt::LeftToRight, Qt::ElideRight)
                 .layout.textOption()
                 .alignment(),
             Qt::AlignRight | Qt::AlignVCenter);
    QCOMPARE(cache
                 .lineFor(text, QApplication::font(), narrow, leftAligned, Qt::LeftToRight,
                          Qt::ElideLeft)
                 .layout.text(),
             metrics.elidedText(text, Qt::ElideLeft, narrow));
    QCOMPARE(
        cache.lineFor(text, QApplication::font(), 300, leftAligned, Qt::RightToLeft, Qt::ElideRight)
            .layout.textOption()
            .textDirection(),
        Qt::RightToLeft);
    QCOMPARE(cache.size(), 6);
}

void TestElidedTextCache::staysWithinItsCapacity() {
    ElidedTextCache cache(8);
    QCOMPARE(cache.capacity(), 8);
    const QFont font = QApplication::font();
    for (int i = 0; i < 100; ++i) {
        const QString text = QString::number(i);
        QCOMPARE(cache.lineFor(text, font, 80, leftAligned, Qt::LeftToRight, Qt::ElideRight)
                     .layout.text(),
                 text);
        QVERIFY(cache.size() <= 8);
    }
    QCOMPARE(cache.size(), 8);
}

void TestElidedTextCache::keepsTheTextsInUse() {
    // A text asked for on every paint stays while new ones come and go around it.
    ElidedTextCache cache(3);
    const QFont font = QApplication::font();
    auto lineOf = [&](const QString &text) {
        cache.lineFor(text, font, 80, leftAligned, Qt::LeftToRight, Qt::ElideRight);
    };
    lineOf(QStringLiteral("GET"));
    for (int i = 0; i < 20; ++i) {
        lineOf(QString::number(i));
        lineOf(QStringLiteral("GET"));
    }
    QCOMPARE(cache.linesLaidOut(), 21u); // "GET" once, each number once
}

QTEST_MAIN(TestElidedTextCache)
#include "tst_elidedtextcache.moc"
