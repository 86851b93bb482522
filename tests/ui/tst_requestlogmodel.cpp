#include "common/instancecolors.h"
#include "common/statuscolors.h"
#include "model/recordfootprint.h"
#include "requestlog/requestlogmodel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>

namespace {
RequestRecord record(quint64 id) {
    RequestRecord record;
    record.id = id;
    record.startedAtMs = 1700000000000 + qint64(id);
    record.method = "GET";
    // Of one length, so that every test record takes the same memory (rowsOfMemory()).
    record.target = "/svc/" + QByteArray::number(id).rightJustified(4, '0');
    record.routeId = QStringLiteral("svc");
    record.backendId = 7;
    record.backendName = QStringLiteral("alpha");
    record.status = 200;
    return record;
}

// Records with ids first..last.
QList<RequestRecord> batch(quint64 first, quint64 last) {
    QList<RequestRecord> records;
    for (quint64 id = first; id <= last; ++id)
        records.append(record(id));
    return records;
}

// A byte limit that holds exactly rows test records.
qint64 rowsOfMemory(int rows) {
    return rows * recordFootprint(record(1));
}

QList<quint64> ids(const RequestLogModel &model) {
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(RequestLogModel::RecordIdRole).toULongLong());
    return ids;
}

QList<quint64> range(quint64 first, quint64 last) {
    QList<quint64> values;
    for (quint64 value = first; value <= last; ++value)
        values.append(value);
    return values;
}

} // namespace

class TestRequestLogModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void batchIsInsertedOnce();
    void batchIsKeptNotCopied();
    void positionsSurviveDrops();
    void ringDropsOldestBlockFirst();
    void batchLargerThanTheRingKeepsItsNewest();
    void ringWrapsManyTimes();
    void smallerLimitKeepsNewest();
    void orderHoldsAcrossGrowthAndLimitChanges();
    void limitIsInBytesNotRows();
    void memoryStaysWithinTheLimitUnderAnyLoad();
    void clearRemovesEverything();
    void markerIsARowButNoRequest();
    void markerLeavesTheRingWithItsRow();
    void displayText_data();
    void displayText();
    void instanceHasItsColour();
    void statusIsColouredByResult_data();
    void statusIsColouredByResult();

private:
    // "inserted 0-3": the row signals in the order the model emitted them.
    void note(const char *signal, int first, int last) {
        m_events.append(QStringLiteral("%1 %2-%3").arg(QLatin1String(signal)).arg(first).arg(last));
    }

    InstanceColors m_colors;
    RequestLogModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
    QStringList m_events;
};

void TestRequestLogModel::init() {
    m_model = new RequestLogModel(m_colors);
    m_tester = new QAbstractItemModelTester(m_model,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_events.clear();
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { note("inserted", first, last); });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) { note("removed", first, last); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { note("reset", 0, 0); });
}

void TestRequestLogModel::cleanup() {
    delete m_tester;
    delete m_model;
}

void TestRequestLogModel::batchIsInsertedOnce() {
    m_model->appendRecords(batch(1, 4));
    m_model->appendRecords(batch(5, 5));
    m_model->appendRecords({});
    const QStringList expected = {QStringLiteral("inserted 0-3"), QStringLiteral("inserted 4-4")};
    QCOMPARE(m_events, expected);
    QCOMPARE(ids(*m_model), range(1, 5));
    QCOMPARE(m_model->appendedCount(), 5u);
}

void TestRequestLogModel::batchIsKeptNotCopied() {
    const QList<RequestRecord> records = batch(1, 3);
    m_model->appendRecords(records);
    // The rows are the worker's records themselves: appending costs a pointer per record.
    for (int row = 0; row < 3; ++row)
        QCOMPARE(&m_model->recordAt(row), &records[row]);
    // A batch cut to the limit keeps only what its rows show (copied, so that the records no
    // row shows do not outlive the cap).
    m_model->setByteLimit(rowsOfMemory(2));
    const QList<RequestRecord> large = batch(4, 7);
    m_model->appendRecords(large);
    QCOMPARE(ids(*m_model), range(6, 7));
    QVERIFY(&m_model->recordAt(0) != &large[2]);
}

void TestRequestLogModel::positionsSurviveDrops() {
    m_model->setByteLimit(rowsOfMemory(3));
    m_model->appendRecords(batch(1, 3));
    QCOMPARE(m_model->positionOf(2), 2u);
    m_model->appendRecords(batch(4, 5));  // drops 1 and 2
    QCOMPARE(m_model->positionOf(0), 2u); // record 3 kept its position
    QCOMPARE(m_model->rowAtPosition(2), 0);
    QCOMPARE(m_model->rowAtPosition(4), 2);
    QCOMPARE(m_model->rowAtPosition(1), -1); // dropped
    QCOMPARE(m_model->rowAtPosition(5), -1); // not appended yet
    m_model->clear();
    QCOMPARE(m_model->rowAtPosition(4), -1);
    m_model->appendRecords(batch(6, 6));
    QCOMPARE(m_model->positionOf(0), 5u);
}

void TestRequestLogModel::ringDropsOldestBlockFirst() {
    m_model->setByteLimit(rowsOfMemory(5));
    m_model->appendRecords(batch(1, 3));
    m_model->appendRecords(batch(4, 7));
    // 3 + 4 rows in a ring of 5: the two oldest go in one removal, then one insertion.
    const QStringList expected = {QStringLiteral("inserted 0-2"), QStringLiteral("removed 0-1"),
                                  QStringLiteral("inserted 1-4")};
    QCOMPARE(m_events, expected);
    QCOMPARE(ids(*m_model), range(3, 7));
    QCOMPARE(m_model->recordAt(0).target, QByteArray("/svc/0003"));
    QCOMPARE(m_model->appendedCount(), 7u);
}

void TestRequestLogModel::batchLargerThanTheRingKeepsItsNewest() {
    m_model->setByteLimit(rowsOfMemory(3));
    m_model->appendRecords(batch(1, 2));
    m_model->appendRecords(batch(3, 10));
    const QStringList expected = {QStringLiteral("inserted 0-1"), QStringLiteral("removed 0-1"),
                                  QStringLiteral("inserted 0-2")};
    QCOMPARE(m_events, expected);
    QCOMPARE(ids(*m_model), range(8, 10));
}

void TestRequestLogModel::ringWrapsManyTimes() {
    m_model->setByteLimit(rowsOfMemory(4));
    for (quint64 first = 1; first <= 13; first += 3)
        m_model->appendRecords(batch(first, first + 2));
    QCOMPARE(ids(*m_model), range(12, 15));
    QCOMPARE(m_model->index(3, RequestLogModel::PathColumn).data().toString(),
             QStringLiteral("/svc/0015"));
}

void TestRequestLogModel::smallerLimitKeepsNewest() {
    m_model->setByteLimit(rowsOfMemory(6));
    m_model->appendRecords(batch(1, 6));
    m_model->appendRecords(batch(7, 8)); // wrapped: the oldest row is no longer at slot 0
    m_model->setByteLimit(rowsOfMemory(3));
    QCOMPARE(ids(*m_model), range(6, 8));
    m_model->appendRecords(batch(9, 9));
    QCOMPARE(ids(*m_model), range(7, 9));
    m_model->setByteLimit(rowsOfMemory(10));
    m_model->appendRecords(batch(10, 12));
    QCOMPARE(ids(*m_model), range(7, 12));
}

void TestRequestLogModel::orderHoldsAcrossGrowthAndLimitChanges() {
    // Far enough to cross storage growth steps (512 rows for a vector that doubles, many
    // blocks for a deque) while the ring fills, then past a smaller and a larger limit.
    // Small batches and sizes keep the model tester's per-change checks quick (and under ASan).
    quint64 next = 1;
    const auto append = [&](int batches) {
        for (int i = 0; i < batches; ++i) {
            m_model->appendRecords(batch(next, next + 9));
            next += 10;
        }
    };
    append(70);
    QCOMPARE(ids(*m_model), range(1, 700));
    QCOMPARE(m_events.size(), 70);

    m_model->setByteLimit(rowsOfMemory(500));
    QCOMPARE(m_events.last(), QStringLiteral("removed 0-199"));
    QCOMPARE(ids(*m_model), range(201, 700));
    m_events.clear();
    append(3);
    // Full: a batch that needs room drops at least 1/32 of the limit (here 16 rows) in one
    // removal before its one insertion, and the batches after it fit in the room left, without
    // a removal (the views relayout for a drop once per step, not per batch).
    const QStringList expected = {
        QStringLiteral("removed 0-15"), QStringLiteral("inserted 484-493"),
        QStringLiteral("removed 0-15"), QStringLiteral("inserted 478-487"),
        QStringLiteral("inserted 488-497")};
    QCOMPARE(m_events, expected);
    QCOMPARE(ids(*m_model), range(233, 730));

    m_model->setByteLimit(rowsOfMemory(1200)); // steps of 38 rows
    append(80);
    QCOMPARE(ids(*m_model), range(347, 1530));
    QCOMPARE(m_model->recordAt(0).target, QByteArray("/svc/0347"));
    QCOMPARE(m_model->appendedCount(), 1530u);
}

void TestRequestLogModel::limitIsInBytesNotRows() {
    m_model->setByteLimit(rowsOfMemory(4));
    m_model->appendRecords(batch(1, 4));
    QCOMPARE(m_model->usedBytes(), rowsOfMemory(4));
    QCOMPARE(m_model->droppedCount(), 0u);
    // One long row takes the room of several short ones: the three oldest make way for it.
    RequestRecord longRow = record(5);
    longRow.target = "/svc/" + QByteArray(recordFootprint(record(1)) * 2, 'x');
    m_model->appendRecords({longRow});
    QCOMPARE(ids(*m_model), (QList<quint64>{4, 5}));
    QCOMPARE(m_model->droppedCount(), 3u);
    QCOMPARE(m_model->usedBytes(), recordFootprint(record(4)) + recordFootprint(longRow));
    QVERIFY(m_model->usedBytes() <= m_model->byteLimit());
}

void TestRequestLogModel::memoryStaysWithinTheLimitUnderAnyLoad() {
    // Batches of every size, rows of every length: what the log holds never passes its limit,
    // and it is always the newest rows.
    m_model->setByteLimit(rowsOfMemory(50));
    quint64 next = 1;
    for (int size : {1, 7, 49, 50, 51, 3, 200, 2}) {
        QList<RequestRecord> records = batch(next, next + quint64(size) - 1);
        for (RequestRecord &record : records)
            record.failure = QByteArray(int(record.id % 300), 'f');
        next += quint64(size);
        m_model->appendRecords(records);
        QVERIFY(m_model->usedBytes() <= m_model->byteLimit());
        qint64 sum = 0;
        for (int row = 0; row < m_model->rowCount(); ++row)
            sum += recordFootprint(m_model->recordAt(row));
        QCOMPARE(m_model->usedBytes(), sum);
        QCOMPARE(m_model->recordAt(m_model->rowCount() - 1).id, next - 1);
    }
    QCOMPARE(m_model->droppedCount() + quint64(m_model->rowCount()), next - 1);
}

void TestRequestLogModel::clearRemovesEverything() {
    m_model->setByteLimit(rowsOfMemory(2));
    m_model->appendRecords(batch(1, 3));
    QCOMPARE(m_model->droppedCount(), 1u);
    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->usedBytes(), 0);
    QCOMPARE(m_model->droppedCount(), 0u);
    QCOMPARE(m_events.last(), QStringLiteral("removed 0-1"));
    m_model->appendRecords(batch(4, 4));
    QCOMPARE(ids(*m_model), QList<quint64>{4});
}

void TestRequestLogModel::markerIsARowButNoRequest() {
    m_model->appendRecords(batch(1, 2));
    m_model->appendMarker(QStringLiteral("— switched to Weighted 3:1 —"),
                          QStringLiteral("counters start from zero"));
    m_model->appendRecords(batch(3, 3));
    const QStringList expected = {QStringLiteral("inserted 0-1"), QStringLiteral("inserted 2-2"),
                                  QStringLiteral("inserted 3-3")};
    QCOMPARE(m_events, expected);
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(m_model->requestRowCount(), 3);
    QCOMPARE(m_model->appendedCount(), 3u);
    QVERIFY(!m_model->isMarkerAt(1) && m_model->isMarkerAt(2) && !m_model->isMarkerAt(3));
    const auto cell = [this](int column, int role = Qt::DisplayRole) {
        return m_model->index(2, column).data(role);
    };
    QCOMPARE(cell(RequestLogModel::PathColumn).toString(),
             QStringLiteral("— switched to Weighted 3:1 —"));
    QCOMPARE(cell(RequestLogModel::ReasonColumn).toString(),
             QStringLiteral("counters start from zero"));
    QVERIFY(!cell(RequestLogModel::TimeColumn).toString().isEmpty());
    QVERIFY(cell(RequestLogModel::StatusColumn).toString().isEmpty());
    QVERIFY(cell(RequestLogModel::PathColumn, RequestLogModel::MarkerRole).toBool());
    QVERIFY(cell(RequestLogModel::PathColumn, Qt::FontRole).value<QFont>().bold());
    QVERIFY(!cell(RequestLogModel::TimeColumn, Qt::FontRole).isValid());
    QVERIFY(cell(RequestLogModel::PathColumn, Qt::BackgroundRole).isValid());
    QVERIFY(!m_model->index(3, RequestLogModel::PathColumn).data(Qt::BackgroundRole).isValid());
    QVERIFY(!m_model->index(3, 0).data(RequestLogModel::MarkerRole).toBool());
    QCOMPARE(m_model->index(3, 0).data(RequestLogModel::RecordIdRole).toULongLong(), 3u);
}

void TestRequestLogModel::markerLeavesTheRingWithItsRow() {
    m_model->setByteLimit(rowsOfMemory(3)); // a marker row takes less than a request row
    m_model->appendRecords(batch(1, 1));
    m_model->appendMarker(QStringLiteral("marker"), QString());
    m_model->appendRecords(batch(2, 2));
    QVERIFY(m_model->isMarkerAt(1));
    // Two more rows push out the first record, then the marker: no row is a marker then.
    m_model->appendRecords(batch(3, 3));
    QVERIFY(m_model->isMarkerAt(0));
    m_model->appendRecords(batch(4, 4));
    QCOMPARE(ids(*m_model), range(2, 4));
    for (int row = 0; row < m_model->rowCount(); ++row)
        QVERIFY(!m_model->isMarkerAt(row));
    QCOMPARE(m_model->requestRowCount(), 3);

    m_model->appendMarker(QStringLiteral("marker"), QString());
    m_model->clear();
    m_model->appendRecords(batch(5, 5));
    QVERIFY(!m_model->isMarkerAt(0));
    QCOMPARE(m_model->requestRowCount(), 1);
}

void TestRequestLogModel::displayText_data() {
    QTest::addColumn<int>("column");
    QTest::addColumn<RequestRecord>("input");
    QTest::addColumn<QString>("expected");

    RequestRecord r = record(1);
    r.clientAddress = "127.0.0.1";
    r.method = "POST";
    r.target = "/svc/users?id=1";
    r.totalUs = 1500;
    r.bytesOut = 2048;
    PickExplanation pick;
    pick.strategy = StrategyKind::RoundRobin;
    pick.chosenIndex = 1;
    pick.previousIndex = 0;
    PickCandidate chosen;
    chosen.index = 1;
    chosen.eligible = true;
    chosen.verdict = CandidateVerdict::Chosen;
    pick.candidates.append(chosen);
    r.picks.append(pick);
    QTest::newRow("client") << int(RequestLogModel::ClientColumn) << r << "127.0.0.1";
    QTest::newRow("method") << int(RequestLogModel::MethodColumn) << r << "POST";
    QTest::newRow("path with query") << int(RequestLogModel::PathColumn) << r << "/svc/users?id=1";
    QTest::newRow("route") << int(RequestLogModel::RouteColumn) << r << "svc";
    QTest::newRow("instance") << int(RequestLogModel::InstanceColumn) << r << "alpha";
    QTest::newRow("status") << int(RequestLogModel::StatusColumn) << r << "200";
    QTest::newRow("duration") << int(RequestLogModel::DurationColumn) << r << "1.50 ms";
    QTest::newRow("bytes") << int(RequestLogModel::BytesColumn) << r << "2.0 KiB";
    QTest::newRow("reason") << int(RequestLogModel::ReasonColumn) << r
                            << "round_robin: #2 (next after #1)";

    RequestRecord cut = record(2);
    cut.status = 0;
    cut.outcome = Outcome::Aborted;
    QTest::newRow("no status: how it ended")
        << int(RequestLogModel::StatusColumn) << cut << "aborted";

    RequestRecord aborted = record(4);
    aborted.outcome = Outcome::Aborted;
    QTest::newRow("cut after its status: both")
        << int(RequestLogModel::StatusColumn) << aborted << QStringLiteral("200 \u2702 aborted");

    RequestRecord unrouted = record(3);
    unrouted.routeId.clear();
    unrouted.backendId = 0;
    unrouted.backendName.clear();
    QTest::newRow("no instance") << int(RequestLogModel::InstanceColumn) << unrouted << "";
}

void TestRequestLogModel::displayText() {
    QFETCH(int, column);
    QFETCH(RequestRecord, input);
    QFETCH(QString, expected);
    m_model->appendRecords({input});
    QCOMPARE(m_model->index(0, column).data().toString(), expected);
}

void TestRequestLogModel::instanceHasItsColour() {
    RequestRecord served = record(1);
    RequestRecord unserved = record(2);
    unserved.backendId = 0;
    m_model->appendRecords({served, unserved});
    const QIcon icon =
        m_model->index(0, RequestLogModel::InstanceColumn).data(Qt::DecorationRole).value<QIcon>();
    QVERIFY(!icon.isNull());
    QCOMPARE(icon.cacheKey(), m_colors.swatchFor(7).cacheKey());
    QVERIFY(!m_model->index(1, RequestLogModel::InstanceColumn).data(Qt::DecorationRole).isValid());
}

// README, "What the counts mean": the colour says what the request counts as, not the status
// alone, so a 200 cut off is never green.
void TestRequestLogModel::statusIsColouredByResult_data() {
    QTest::addColumn<RequestRecord>("input");
    QTest::addColumn<int>("colouredAs"); // the status whose class colour it gets

    QTest::newRow("200") << record(1) << 200;
    RequestRecord aborted = record(2);
    aborted.outcome = Outcome::Aborted;
    QTest::newRow("200 aborted: failed") << aborted << 500;
    RequestRecord left = record(3);
    left.outcome = Outcome::ClientClosed;
    QTest::newRow("200, client left: client error") << left << 400;
    RequestRecord unmatched = record(4);
    unmatched.status = 404;
    unmatched.outcome = Outcome::NoRoute;
    QTest::newRow("404 no route: client error") << unmatched << 400;
    RequestRecord upgraded = record(5);
    upgraded.status = 101;
    upgraded.outcome = Outcome::Upgraded;
    QTest::newRow("101 upgraded: no error") << upgraded << 101;
}

void TestRequestLogModel::statusIsColouredByResult() {
    QFETCH(RequestRecord, input);
    QFETCH(int, colouredAs);
    m_model->appendRecords({input});
    const QColor colour =
        m_model->index(0, RequestLogModel::StatusColumn).data(Qt::ForegroundRole).value<QColor>();
    QCOMPARE(colour, statusColor(colouredAs, QGuiApplication::palette()));
}

QTEST_MAIN(TestRequestLogModel)
#include "tst_requestlogmodel.moc"
