#include "common/cachedtextdelegate.h"

#include <QApplication>
#include <QHeaderView>
#include <QPixmap>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

namespace {
QIcon swatch(const QColor &color) {
    QPixmap pixmap(16, 16);
    pixmap.fill(color);
    return QIcon(pixmap);
}
} // namespace

// The delegate must paint exactly the pixels the standard delegate paints, on a table set up as
// the request log's is: each test paints the same view with both and compares the images.
class TestCachedTextDelegate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void paintsWhatTheStandardDelegatePaints();
    void elidesAsTheStyleInNarrowColumns();
    void changedValuesNeverShowStaleText();
    void shiftedRowsNeverShowStaleText();
    void repaintingTheSameValuesLaysOutNothing();
    void textOfSeveralLinesLooksTheSame();

private:
    void fillRow(int row, int number);
    QImage paintedBy(QAbstractItemDelegate *delegate);
    void comparePaintings();

    QStandardItemModel m_model;
    QTableView *m_view = nullptr;
    CachedTextDelegate *m_cached = nullptr;
    QStyledItemDelegate *m_standard = nullptr;
};

void TestCachedTextDelegate::init() {
    m_model.clear();
    m_model.setColumnCount(7);
    for (int row = 0; row < 12; ++row)
        fillRow(row, row);
    m_view = new QTableView;
    m_cached = new CachedTextDelegate(64, m_view);
    m_standard = new QStyledItemDelegate(m_view);
    m_view->setModel(&m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setIconSize(QSize(16, 16));
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    for (const auto &[column, width] : {std::pair{0, 90}, {1, 120}, {2, 50}, {3, 130}, {4, 150}})
        m_view->setColumnWidth(column, width);
    m_view->resize(800, 320);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
    m_view->selectRow(3);
}

void TestCachedTextDelegate::cleanup() {
    delete m_view;
}

// A row of what the log shows: a time, a path longer than its column, a right-aligned status
// (red for some), an instance with its colour swatch, a bold marker text on a tinted band, a
// reason in zh_CN, and an empty cell.
void TestCachedTextDelegate::fillRow(int row, int number) {
    auto set = [&](int column, const QString &text) {
        auto *item = new QStandardItem(text);
        m_model.setItem(row, column, item);
        return item;
    };
    set(0, QStringLiteral("14:03:27.%1").arg(100 + number));
    set(1, QStringLiteral("/service-a/items/%1?expand=owner,tags").arg(number));
    QStandardItem *status = set(2, number % 3 ? QStringLiteral("200") : QStringLiteral("503"));
    status->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (number % 3 == 0)
        status->setForeground(QColor(Qt::red));
    set(3, QStringLiteral("127.0.0.1:%1").arg(8081 + number % 3))
        ->setIcon(swatch(QColor::fromHsv(number * 40 % 360, 200, 220)));
    QStandardItem *marker = set(4, QStringLiteral("— switched to Weighted 3:1 —"));
    if (number % 4 == 2) {
        QFont bold = QApplication::font();
        bold.setBold(true);
        marker->setFont(bold);
        marker->setBackground(QColor(48, 96, 200, 48));
    }
    set(5, QStringLiteral("已从日志中删除，为较新的请求腾出空间 %1").arg(number));
    set(6, number % 2 ? QString() : QStringLiteral("1: 502"));
}

QImage TestCachedTextDelegate::paintedBy(QAbstractItemDelegate *delegate) {
    m_view->setItemDelegate(delegate);
    return m_view->viewport()->grab().toImage();
}

void TestCachedTextDelegate::comparePaintings() {
    const QImage standard = paintedBy(m_standard);
    const QImage cached = paintedBy(m_cached);
    QCOMPARE(cached, standard);
}

void TestCachedTextDelegate::paintsWhatTheStandardDelegatePaints() {
    comparePaintings();
    QVERIFY(m_cached->cache().size() > 30); // it drew the texts, not the base class
}

void TestCachedTextDelegate::elidesAsTheStyleInNarrowColumns() {
    // Down to columns narrower than "…" and than the margins.
    for (int width : {60, 40, 24, 12, 6, 2}) {
        for (int column = 0; column < 5; ++column)
            m_view->setColumnWidth(column, width);
        comparePaintings();
    }
}

void TestCachedTextDelegate::changedValuesNeverShowStaleText() {
    comparePaintings();
    m_model.item(1, 1)->setText(QStringLiteral("/changed"));
    m_model.item(1, 2)->setText(QStringLiteral("404"));
    m_model.item(2, 4)->setFont(QApplication::font()); // a marker's row reused
    comparePaintings();
}

void TestCachedTextDelegate::shiftedRowsNeverShowStaleText() {
    // As the log drops its oldest rows when full: every row moves up, new ones come at the end.
    comparePaintings();
    m_model.removeRows(0, 5);
    for (int number = 12; number < 17; ++number) {
        m_model.insertRow(m_model.rowCount());
        fillRow(m_model.rowCount() - 1, number);
    }
    comparePaintings();
}

void TestCachedTextDelegate::repaintingTheSameValuesLaysOutNothing() {
    paintedBy(m_cached);
    const quint64 laidOut = m_cached->cache().linesLaidOut();
    QVERIFY(laidOut > 0);
    paintedBy(m_cached);
    QCOMPARE(m_cached->cache().linesLaidOut(), laidOut);
}

void TestCachedTextDelegate::textOfSeveralLinesLooksTheSame() {
    m_model.item(0, 4)->setText(QStringLiteral("first line\nsecond line"));
    m_model.item(1, 4)->setText(QStringLiteral("first line") + QChar::LineSeparator +
                                QStringLiteral("second line"));
    comparePaintings();
}

QTEST_MAIN(TestCachedTextDelegate)
#include "tst_cachedtextdelegate.moc"
