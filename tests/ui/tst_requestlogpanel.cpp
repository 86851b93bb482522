#include "common/cachedtextdelegate.h"
#include "common/instancecolors.h"
#include "model/recordfootprint.h"
#include "requestlog/requestlogfilter.h"
#include "requestlog/requestlogmodel.h"
#include "requestlog/requestlogpanel.h"

#include "common/displayformat.h"
#include "config/bundledconfig.h"
#include "config/configloader.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTest>
#include <QTimer>

namespace {
QList<RequestRecord> batch(quint64 first, quint64 last) {
    QList<RequestRecord> records;
    for (quint64 id = first; id <= last; ++id) {
        RequestRecord record;
        record.id = id;
        record.routeId = id % 2 ? QStringLiteral("odd") : QStringLiteral("even");
        // Of one length, so that every row takes the same memory (rowsOfMemory()).
        record.target = "/" + QByteArray::number(id).rightJustified(4, '0');
        record.status = 200;
        records.append(record);
    }
    return records;
}
// A log limit that holds exactly rows of batch()'s records.
qint64 rowsOfMemory(int rows) {
    return rows * recordFootprint(batch(1, 1).first());
}
} // namespace

class TestRequestLogPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void followsNewRows();
    void batchesBetweenTicksReachTheTableAsOneInsertion();
    void followsWhileBatchesKeepComing();
    void scrollingUpPausesAndBottomResumes();
    void pausedViewStaysOnItsRowsWhenTheRingDrops();
    void followActionScrollsToTheNewest();
    void rowHeightsAreFixed();
    void selectingARowReportsItsRecord();
    void filterBoxNarrowsTheTable();
    void countSaysHowManyAreShown();
    void countSaysWhenTheOldestWereDropped();
    void toolTipExtraLeavesTheCountToTheTick();
    void filterHidingTheSelectedRowHighlightsNoOther();
    void droppedSelectedRowIsExplained();
    void filterExampleNamesAnInstanceOfTheBundledConfig();
    void tableLooksAsTheStandardDelegateDrawsIt();

private:
    QScrollBar *scrollBar() const { return m_panel->view()->verticalScrollBar(); }
    quint64 topRecordId() const;
    void waitUntilAtTheBottom();
    QString countText() const;
    void compareWithTheStandardDelegate() const;

    InstanceColors m_colors;
    RequestLogModel *m_log = nullptr;
    RequestLogPanel *m_panel = nullptr;
};

void TestRequestLogPanel::init() {
    m_log = new RequestLogModel(m_colors);
    m_panel = new RequestLogPanel(*m_log);
    m_panel->resize(700, 300);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
}

void TestRequestLogPanel::cleanup() {
    delete m_panel;
    delete m_log;
}

quint64 TestRequestLogPanel::topRecordId() const {
    return m_panel->view()->indexAt(QPoint(2, 2)).data(RequestLogModel::RecordIdRole).toULongLong();
}

void TestRequestLogPanel::waitUntilAtTheBottom() {
    // The view lays out new rows later; until then the range is still empty.
    QTRY_VERIFY(scrollBar()->maximum() > 0);
    QTRY_COMPARE(scrollBar()->value(), scrollBar()->maximum());
}

QString TestRequestLogPanel::countText() const {
    return m_panel->findChild<QLabel *>()->text();
}

// The table painted with its own delegate and with QStyledItemDelegate: the same pixels.
void TestRequestLogPanel::compareWithTheStandardDelegate() const {
    QTableView *view = m_panel->view();
    QAbstractItemDelegate *own = view->itemDelegate();
    const QImage drawn = view->viewport()->grab().toImage();
    QStyledItemDelegate standard;
    view->setItemDelegate(&standard);
    const QImage expected = view->viewport()->grab().toImage();
    view->setItemDelegate(own);
    QCOMPARE(drawn, expected);
}

void TestRequestLogPanel::followsNewRows() {
    QVERIFY(m_panel->isFollowing());
    m_log->appendRecords(batch(1, 200));
    waitUntilAtTheBottom();
    m_log->appendRecords(batch(201, 300));
    QTRY_COMPARE(m_panel->view()->rowAt(m_panel->view()->viewport()->height() - 2), 299);
    QVERIFY(m_panel->isFollowing());
}

void TestRequestLogPanel::batchesBetweenTicksReachTheTableAsOneInsertion() {
    // The table lays out and repaints per insertion: batches that come between two ticks of the
    // panel reach it together, however many there are.
    QSignalSpy inserted(m_panel->view()->model(), &QAbstractItemModel::rowsInserted);
    m_log->appendRecords(batch(1, 10));
    m_log->appendRecords(batch(11, 20));
    m_log->appendRecords(batch(21, 30));
    QCOMPARE(m_panel->view()->model()->rowCount(), 0); // not before the tick
    QTRY_COMPARE(m_panel->view()->model()->rowCount(), 30);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted[0][1].toInt(), 0);
    QCOMPARE(inserted[0][2].toInt(), 29);
    waitUntilAtTheBottom(); // and followed on the same tick
}

void TestRequestLogPanel::followsWhileBatchesKeepComing() {
    // Batches closer together than the follow interval, as under load.
    quint64 next = 1;
    QTimer feeder;
    feeder.setInterval(20);
    connect(&feeder, &QTimer::timeout, this, [&] {
        m_log->appendRecords(batch(next, next + 9));
        next += 10;
    });
    feeder.start();
    QTRY_VERIFY(m_panel->view()->rowAt(m_panel->view()->viewport()->height() - 2) >= 150);
    QVERIFY(m_panel->isFollowing());
}

void TestRequestLogPanel::scrollingUpPausesAndBottomResumes() {
    m_log->appendRecords(batch(1, 200));
    waitUntilAtTheBottom();
    scrollBar()->setValue(10);
    QVERIFY(!m_panel->isFollowing());
    QVERIFY(!m_panel->followAction()->isChecked());

    m_log->appendRecords(batch(201, 300));
    // The count moves (the follow timer ran), the view does not.
    QTRY_COMPARE(countText(), QStringLiteral("300 requests"));
    QCOMPARE(scrollBar()->value(), 10);
    QCOMPARE(topRecordId(), 11u);

    scrollBar()->setValue(scrollBar()->maximum());
    QVERIFY(m_panel->isFollowing());
}

void TestRequestLogPanel::pausedViewStaysOnItsRowsWhenTheRingDrops() {
    m_log->setByteLimit(rowsOfMemory(150));
    m_log->appendRecords(batch(1, 150));
    waitUntilAtTheBottom();
    scrollBar()->setValue(60);
    QCOMPARE(topRecordId(), 61u);
    m_log->appendRecords(batch(151, 170)); // drops 1..20
    QTRY_COMPARE(countText(), QStringLiteral("150 requests"));
    QCOMPARE(topRecordId(), 61u);
    QVERIFY(!m_panel->isFollowing());
}

void TestRequestLogPanel::followActionScrollsToTheNewest() {
    m_log->appendRecords(batch(1, 200));
    waitUntilAtTheBottom();
    scrollBar()->setValue(0);
    QVERIFY(!m_panel->isFollowing());
    m_panel->followAction()->trigger();
    QVERIFY(m_panel->isFollowing());
    QCOMPARE(scrollBar()->value(), scrollBar()->maximum());
    m_panel->followAction()->trigger();
    QVERIFY(!m_panel->isFollowing());
}

void TestRequestLogPanel::rowHeightsAreFixed() {
    const QHeaderView *rows = m_panel->view()->verticalHeader();
    QCOMPARE(rows->sectionResizeMode(0), QHeaderView::Fixed);
    QVERIFY(rows->isHidden());
    QVERIFY(!m_panel->view()->isSortingEnabled());
}

void TestRequestLogPanel::selectingARowReportsItsRecord() {
    QSignalSpy selected(m_panel, &RequestLogPanel::recordSelected);
    m_log->setByteLimit(rowsOfMemory(50));
    m_log->appendRecords(batch(1, 50));
    m_panel->showNewRows();
    m_panel->view()->selectRow(2);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected[0][0].value<RequestRecord>().id, 3u);
    // The ring dropping the selected row does not pick another record.
    m_log->appendRecords(batch(51, 60));
    QCOMPARE(selected.count(), 1);
}

void TestRequestLogPanel::filterBoxNarrowsTheTable() {
    m_log->appendRecords(batch(1, 10));
    m_panel->setFilterText(QStringLiteral("route:odd"));
    QCOMPARE(m_panel->view()->model()->rowCount(), 5);
    QCOMPARE(
        m_panel->view()->model()->index(1, 0).data(RequestLogModel::RecordIdRole).toULongLong(),
        3u);
    QCOMPARE(m_panel->filter()->filterText(), QStringLiteral("route:odd"));
}

void TestRequestLogPanel::countSaysHowManyAreShown() {
    m_log->appendRecords(batch(1, 1));
    QTRY_COMPARE(countText(), QStringLiteral("1 request"));
    m_log->appendRecords(batch(2, 10));
    m_panel->setFilterText(QStringLiteral("route:even"));
    QCOMPARE(countText(), QStringLiteral("5 of 10"));
    m_panel->setFilterText(QStringLiteral("status:7xx"));
    QVERIFY(countText().contains(QStringLiteral("status:7xx")));
}

void TestRequestLogPanel::tableLooksAsTheStandardDelegateDrawsIt() {
    // The table draws each text from a cache of layouts (CachedTextDelegate), and must look as
    // the style draws it: statuses in colour, a marker row's bold text on its band, the
    // selection; also after the ring dropped rows and every row moved up.
    QVERIFY(qobject_cast<CachedTextDelegate *>(m_panel->view()->itemDelegate()));
    m_log->setByteLimit(rowsOfMemory(40));
    QList<RequestRecord> first = batch(1, 20);
    first[17].status = 503;
    m_log->appendRecords(first);
    m_log->appendMarker(QStringLiteral("— switched to Weighted 3:1 —"),
                        QStringLiteral("weighted.yaml, the gateway restarted"));
    m_log->appendRecords(batch(21, 30));
    m_panel->showNewRows();
    m_panel->view()->selectRow(m_panel->view()->model()->rowCount() - 3);
    compareWithTheStandardDelegate();

    m_log->appendRecords(batch(31, 45)); // the oldest rows go
    m_panel->showNewRows();
    QVERIFY(m_log->droppedCount() > 0);
    compareWithTheStandardDelegate();
}

QTEST_MAIN(TestRequestLogPanel)
void TestRequestLogPanel::countSaysWhenTheOldestWereDropped() {
    m_log->setByteLimit(rowsOfMemory(5));
    m_log->appendRecords(batch(1, 5));
    QTRY_COMPARE(countText(), QStringLiteral("5 requests"));
    m_log->appendRecords(batch(6, 6));
    QTRY_COMPARE(countText(), QStringLiteral("5 requests, oldest dropped"));
    const QString toolTip = m_panel->findChild<QLabel *>()->toolTip();
    QVERIFY2(toolTip.contains(formatBytes(m_log->usedBytes())) &&
                 toolTip.contains(formatBytes(m_log->byteLimit())),
             qPrintable(toolTip));
}

void TestRequestLogPanel::toolTipExtraLeavesTheCountToTheTick() {
    m_log->appendRecords(batch(1, 5));
    QTRY_COMPARE(countText(), QStringLiteral("5 requests"));
    // The window sets the extra with every batch of captures; the count moves on the tick only,
    // so that the label is not repainted per batch.
    m_log->appendRecords(batch(6, 7));
    m_panel->setCountToolTipExtra(QStringLiteral("Captured traffic: 2"));
    QCOMPARE(countText(), QStringLiteral("5 requests"));
    QVERIFY(m_panel->findChild<QLabel *>()->toolTip().endsWith(
        QStringLiteral("\n\nCaptured traffic: 2")));
    QTRY_COMPARE(countText(), QStringLiteral("7 requests"));
}

void TestRequestLogPanel::filterHidingTheSelectedRowHighlightsNoOther() {
    QSignalSpy selected(m_panel, &RequestLogPanel::recordSelected);
    QSignalSpy cleared(m_panel, &RequestLogPanel::selectionCleared);
    QSignalSpy hidden(m_panel, &RequestLogPanel::selectedRecordHidden);
    m_log->appendRecords(batch(1, 10));
    m_panel->showNewRows();
    m_panel->view()->selectRow(2); // record 3, odd
    QCOMPARE(selected.count(), 1);

    m_panel->setFilterText(QStringLiteral("route:even"));
    // No neighbour is highlighted in its place, and the details are told why it went.
    QVERIFY(!m_panel->view()->selectionModel()->hasSelection());
    QVERIFY(!m_panel->view()->currentIndex().isValid());
    QCOMPARE(selected.count(), 1);
    QCOMPARE(cleared.count(), 0);
    QCOMPARE(hidden.count(), 1);
    QCOMPARE(hidden[0][0].toULongLong(), 3u);
    QVERIFY(hidden[0][1].toString().contains(QStringLiteral("filter")));

    // Shown again: selected again.
    m_panel->setFilterText(QString());
    QCOMPARE(m_panel->view()->currentIndex().data(RequestLogModel::RecordIdRole).toULongLong(), 3u);
    QVERIFY(m_panel->view()->selectionModel()->isRowSelected(2));
    QCOMPARE(selected.count(), 2);
    QCOMPARE(selected[1][0].value<RequestRecord>().id, 3u);
}

void TestRequestLogPanel::droppedSelectedRowIsExplained() {
    QSignalSpy hidden(m_panel, &RequestLogPanel::selectedRecordHidden);
    m_log->setByteLimit(rowsOfMemory(20));
    m_log->appendRecords(batch(1, 20));
    m_panel->showNewRows();
    m_panel->view()->selectRow(0);
    m_log->appendRecords(batch(21, 22));
    QTRY_COMPARE(hidden.count(), 1);
    QCOMPARE(hidden[0][0].toULongLong(), 1u);
    QVERIFY(hidden[0][1].toString().contains(QStringLiteral("Dropped")));
    QVERIFY(!m_panel->view()->selectionModel()->hasSelection());
    m_log->appendRecords(batch(23, 24)); // said once
    QCoreApplication::processEvents();   // the queued check after the drop
    QCOMPARE(hidden.count(), 1);
}

void TestRequestLogPanel::filterExampleNamesAnInstanceOfTheBundledConfig() {
    // The placeholder's instance:NAME must match something in the demo a new user runs.
    const QString placeholder = m_panel->findChild<QLineEdit *>()->placeholderText();
    const QRegularExpressionMatch example =
        QRegularExpression(QStringLiteral("instance:(\\S+)")).match(placeholder);
    QVERIFY2(example.hasMatch(), qPrintable(placeholder));
    const ConfigLoadResult bundled = loadConfigFile(QString::fromLatin1(bundledConfigPath));
    QVERIFY(bundled.ok());
    QStringList names;
    for (const RouteConfig &route : bundled.config->routes) {
        for (const TargetConfig &target : route.targets)
            names << (target.name.isEmpty()
                          ? QStringLiteral("%1:%2").arg(target.url.host()).arg(target.url.port())
                          : target.name);
    }
    QVERIFY2(names.contains(example.captured(1)), qPrintable(names.join(QLatin1Char(' '))));
}

#include "tst_requestlogpanel.moc"
