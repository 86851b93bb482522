#include "common/instancecolors.h"
#include "model/recordfootprint.h"
#include "requestlog/requestlogfilter.h"
#include "requestlog/requestlogmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {
RequestRecord record(quint64 id, const QString &route, const QString &instance, int status,
                     const QByteArray &target, Outcome outcome = Outcome::Ok) {
    RequestRecord record;
    record.id = id;
    record.routeId = route;
    record.backendName = instance;
    record.backendId = instance.isEmpty() ? 0 : qHash(instance);
    record.status = status;
    record.outcome = outcome;
    record.method = "GET";
    record.target = target;
    return record;
}

const QList<RequestRecord> records = {
    record(1, QStringLiteral("service-a"), QStringLiteral("a1"), 200, "/service-a/users?id=1"),
    record(2, QStringLiteral("service-a"), QStringLiteral("a2"), 404, "/service-a/Orders"),
    record(3, QStringLiteral("service-b"), QStringLiteral("b1"), 502, "/service-b/users"),
    record(4, QStringLiteral("service-b"), QStringLiteral("my box"), 0, "/service-b/upload",
           Outcome::Aborted),
    record(5, QString(), QString(), 404, "/nowhere", Outcome::NoRoute),
    record(6, QStringLiteral("service-a"), QStringLiteral("a1"), 301, "/service-a/old"),
    // 200 sent, then the instance reset the connection: a failed request whatever its status.
    record(7, QStringLiteral("service-a"), QStringLiteral("a1"), 200, "/service-a/big",
           Outcome::Aborted),
    record(8, QStringLiteral("service-a"), QStringLiteral("a2"), 0, "/service-a/slow",
           Outcome::ClientClosed),
    record(9, QStringLiteral("service-a"), QStringLiteral("a1"), 101, "/service-a/ws",
           Outcome::Upgraded),
};

QList<quint64> visibleIds(const QAbstractItemModel &filter) {
    QList<quint64> ids;
    for (int row = 0; row < filter.rowCount(); ++row)
        ids.append(filter.index(row, 0).data(RequestLogModel::RecordIdRole).toULongLong());
    return ids;
}
} // namespace

class TestRequestLogFilter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void narrowsRows_data();
    void narrowsRows();
    void newRowsAreFilteredToo();
    void badStatusTermIsReported();
    void instanceTermsQuoteSpaces();
    void markersShowOnlyWithoutAFilter();
    void dropsAtTheFrontRemoveOnlyTheMatchesTheyTook();
    void clearEmptiesTheFilter();
    void mapsBothWays();
    void newRowsWaitUntilAskedFor_data();
    void newRowsWaitUntilAskedFor();
    void dropsReachRowsNotShownYetLast();

private:
    InstanceColors m_colors;
    RequestLogModel *m_log = nullptr;
    RequestLogFilter *m_filter = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestRequestLogFilter::init() {
    m_log = new RequestLogModel(m_colors);
    m_filter = new RequestLogFilter(*m_log);
    m_tester = new QAbstractItemModelTester(m_filter,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_log->appendRecords(records);
}

void TestRequestLogFilter::cleanup() {
    delete m_tester;
    delete m_filter;
    delete m_log;
}

void TestRequestLogFilter::narrowsRows_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<quint64>>("expected");

    const QList<quint64> all{1, 2, 3, 4, 5, 6, 7, 8, 9};
    QTest::newRow("empty shows all") << "" << all;
    QTest::newRow("blanks show all") << "   " << all;
    QTest::newRow("route") << "route:service-b" << QList<quint64>{3, 4};
    QTest::newRow("route, any case") << "route:SERVICE-B" << QList<quint64>{3, 4};
    QTest::newRow("route is exact") << "route:service" << QList<quint64>{};
    QTest::newRow("instance") << "instance:a1" << QList<quint64>{1, 6, 7, 9};
    QTest::newRow("exact status") << "status:404" << QList<quint64>{2, 5};
    QTest::newRow("status class") << "status:3xx" << QList<quint64>{6};
    // The status sent, also when the response was cut after it (7).
    QTest::newRow("status alternatives") << "status:2xx status:3xx" << QList<quint64>{1, 6, 7};
    // The status bar's Failed and Client errors: resultOf(), never the status alone.
    QTest::newRow("failed") << "status:failed" << QList<quint64>{3, 4, 7};
    QTest::newRow("failed, any case") << "status:FAILED" << QList<quint64>{3, 4, 7};
    QTest::newRow("client errors") << "status:client_error" << QList<quint64>{2, 5, 8};
    QTest::newRow("failed or client errors")
        << "status:failed status:client_error" << QList<quint64>{2, 3, 4, 5, 7, 8};
    QTest::newRow("path text, any case") << "orders" << QList<quint64>{2};
    QTest::newRow("path text in the query") << "id=1" << QList<quint64>{1};
    QTest::newRow("path words all match") << "users service-b" << QList<quint64>{3};
    QTest::newRow("keys combine") << "route:service-a status:4xx" << QList<quint64>{2};
    QTest::newRow("route and path") << "route:service-a users" << QList<quint64>{1};
    QTest::newRow("unknown key is path text") << "http:x" << QList<quint64>{};
    QTest::newRow("nothing matches") << "route:service-c" << QList<quint64>{};
}

void TestRequestLogFilter::narrowsRows() {
    QFETCH(QString, text);
    QFETCH(QList<quint64>, expected);
    m_filter->setFilterText(text);
    QCOMPARE(visibleIds(*m_filter), expected);
    QCOMPARE(m_filter->isFiltering(), expected.size() != records.size());
    QVERIFY(m_filter->filterProblem().isEmpty());
    // And back.
    m_filter->setFilterText(QString());
    QCOMPARE(m_filter->rowCount(), records.size());
}

void TestRequestLogFilter::newRowsAreFilteredToo() {
    m_filter->setFilterText(QStringLiteral("route:service-b"));
    m_log->appendRecords(
        {record(10, QStringLiteral("service-a"), QStringLiteral("a1"), 200, "/a"),
         record(11, QStringLiteral("service-b"), QStringLiteral("b1"), 200, "/b")});
    QCOMPARE(visibleIds(*m_filter), (QList<quint64>{3, 4, 11}));
}

void TestRequestLogFilter::badStatusTermIsReported() {
    m_filter->setFilterText(QStringLiteral("status:6xx route:service-a"));
    QVERIFY(m_filter->filterProblem().contains(QStringLiteral("status:6xx")));
    // The other terms still apply.
    QCOMPARE(visibleIds(*m_filter), (QList<quint64>{1, 2, 6, 7, 8, 9}));
    // "error" named no set of its own: failed and client_error do (README, "What the counts
    // mean").
    m_filter->setFilterText(QStringLiteral("status:error"));
    QVERIFY(m_filter->filterProblem().contains(QStringLiteral("client_error")));
    m_filter->setFilterText(QStringLiteral("route:service-a"));
    QVERIFY(m_filter->filterProblem().isEmpty());
}

void TestRequestLogFilter::instanceTermsQuoteSpaces() {
    const QString terms =
        RequestLogFilter::termsForInstance(QStringLiteral("service-b"), QStringLiteral("my box"));
    QCOMPARE(terms, QStringLiteral("route:service-b instance:\"my box\""));
    m_filter->setFilterText(terms);
    QCOMPARE(visibleIds(*m_filter), QList<quint64>{4});
}

void TestRequestLogFilter::markersShowOnlyWithoutAFilter() {
    m_log->appendMarker(QStringLiteral("— switched to service-a —"), QString());
    QCOMPARE(m_filter->rowCount(), records.size() + 1);
    // Not even a term that its text contains matches it: a marker is no request.
    for (const QString &text : {QStringLiteral("route:service-a"), QStringLiteral("switched"),
                                QStringLiteral("status:failed")}) {
        m_filter->setFilterText(text);
        for (int row = 0; row < m_filter->rowCount(); ++row)
            QVERIFY(!m_filter->index(row, 0).data(RequestLogModel::MarkerRole).toBool());
    }
    m_filter->setFilterText(QString());
    QVERIFY(m_filter->index(records.size(), 0).data(RequestLogModel::MarkerRole).toBool());
}

void TestRequestLogFilter::dropsAtTheFrontRemoveOnlyTheMatchesTheyTook() {
    m_filter->setFilterText(QStringLiteral("route:service-b"));
    QCOMPARE(visibleIds(*m_filter), (QList<quint64>{3, 4}));
    QStringList events;
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this,
            [&](const QModelIndex &, int first, int last) {
                events.append(QStringLiteral("removed %1-%2").arg(first).arg(last));
            });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this,
            [&](const QModelIndex &, int first, int last) {
                events.append(QStringLiteral("inserted %1-%2").arg(first).arg(last));
            });
    connect(m_filter, &QAbstractItemModel::modelReset, this,
            [&] { events.append(QStringLiteral("reset")); });
    connect(m_filter, &QAbstractItemModel::layoutChanged, this,
            [&] { events.append(QStringLiteral("layout")); });
    // What the log would hold without its oldest rows.
    const auto bytesFrom = [this](int row) {
        qint64 bytes = 0;
        for (; row < m_log->rowCount(); ++row)
            bytes += recordFootprint(m_log->recordAt(row));
        return bytes;
    };
    m_log->setByteLimit(bytesFrom(2)); // 1 and 2 go: no match among them
    QCOMPARE(m_log->rowCount(), 7);
    QCOMPARE(visibleIds(*m_filter), (QList<quint64>{3, 4}));
    m_log->setByteLimit(bytesFrom(1)); // 3 goes: the first match
    QCOMPARE(visibleIds(*m_filter), QList<quint64>{4});
    const QList<RequestRecord> more = {
        record(10, QStringLiteral("service-b"), QStringLiteral("b1"), 200, "/b"),
        record(11, QStringLiteral("service-a"), QStringLiteral("a1"), 200, "/a")};
    m_log->setByteLimit(bytesFrom(1) + recordFootprint(more[0]) + recordFootprint(more[1]));
    m_log->appendRecords(more); // 4 goes for them
    QCOMPARE(visibleIds(*m_filter), (QList<quint64>{10}));
    // Only the rows concerned, never a remapping of the rest.
    const QStringList expected = {QStringLiteral("removed 0-0"), QStringLiteral("removed 0-0"),
                                  QStringLiteral("inserted 0-0")};
    QCOMPARE(events, expected);
}

void TestRequestLogFilter::clearEmptiesTheFilter() {
    m_filter->setFilterText(QStringLiteral("status:failed"));
    QCOMPARE(m_filter->rowCount(), 3);
    m_log->clear();
    QCOMPARE(m_filter->rowCount(), 0);
    m_log->appendRecords(
        {record(12, QStringLiteral("service-b"), QStringLiteral("b1"), 502, "/b")});
    QCOMPARE(visibleIds(*m_filter), QList<quint64>{12});
    m_filter->setFilterText(QString());
    QCOMPARE(visibleIds(*m_filter), QList<quint64>{12});
}

void TestRequestLogFilter::mapsBothWays() {
    m_filter->setFilterText(QStringLiteral("route:service-b"));
    const QModelIndex shown = m_filter->index(1, RequestLogModel::PathColumn);
    const QModelIndex inLog = m_filter->mapToSource(shown);
    QCOMPARE(inLog.row(), 3); // record 4
    QCOMPARE(inLog.column(), int(RequestLogModel::PathColumn));
    QCOMPARE(m_filter->mapFromSource(inLog), shown);
    // A row the filter hides has no row in it.
    QVERIFY(!m_filter->mapFromSource(m_log->index(0, 0)).isValid());
    m_filter->setFilterText(QString());
    QCOMPARE(m_filter->mapFromSource(m_log->index(0, 0)), m_filter->index(0, 0));
}

void TestRequestLogFilter::newRowsWaitUntilAskedFor_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<quint64>>("before");
    QTest::addColumn<QList<quint64>>("after");
    QTest::newRow("no filter") << "" << QList<quint64>{1, 2, 3, 4, 5, 6, 7, 8, 9}
                               << QList<quint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    QTest::newRow("a filter") << "route:service-b" << QList<quint64>{3, 4}
                              << QList<quint64>{3, 4, 10, 12};
}

void TestRequestLogFilter::newRowsWaitUntilAskedFor() {
    QFETCH(QString, text);
    QFETCH(QList<quint64>, before);
    QFETCH(QList<quint64>, after);
    RequestLogFilter filter(*m_log, RequestLogFilter::NewRows::ShownOnRequest);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setFilterText(text); // what the log holds shows at once
    QCOMPARE(visibleIds(filter), before);
    QSignalSpy inserted(&filter, &QAbstractItemModel::rowsInserted);
    m_log->appendRecords(
        {record(10, QStringLiteral("service-b"), QStringLiteral("b1"), 200, "/b")});
    m_log->appendRecords(
        {record(11, QStringLiteral("service-a"), QStringLiteral("a1"), 200, "/a"),
         record(12, QStringLiteral("service-b"), QStringLiteral("b1"), 200, "/b")});
    QCOMPARE(visibleIds(filter), before);
    QCOMPARE(filter.newRowCount(), after.size() - before.size());
    QVERIFY(!filter.mapFromSource(m_log->index(m_log->rowCount() - 1, 0)).isValid());

    filter.showNewRows();
    QCOMPARE(visibleIds(filter), after);
    QCOMPARE(filter.newRowCount(), 0);
    QCOMPARE(inserted.count(), 1); // both batches in one
    QCOMPARE(filter.mapFromSource(m_log->index(m_log->rowCount() - 1, 0)),
             filter.index(int(after.size()) - 1, 0));
    filter.showNewRows(); // nothing new: nothing signalled
    QCOMPARE(inserted.count(), 1);
}

void TestRequestLogFilter::dropsReachRowsNotShownYetLast() {
    RequestLogFilter filter(*m_log, RequestLogFilter::NewRows::ShownOnRequest);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<RequestRecord> more;
    qint64 bytes = 0;
    for (quint64 id = 10; id < 14; ++id) {
        more.append(record(id, QStringLiteral("service-a"), QStringLiteral("a1"), 200, "/a"));
        bytes += recordFootprint(more.last());
    }
    // Room for the four new rows only: all nine shown rows go, the new ones stay unshown.
    m_log->setByteLimit(bytes);
    m_log->appendRecords(more);
    QCOMPARE(filter.rowCount(), 0);
    QCOMPARE(filter.newRowCount(), 4);
    // Room for two: the two oldest of the rows not shown yet go too.
    m_log->setByteLimit(bytes / 2);
    QCOMPARE(filter.newRowCount(), 2);
    filter.showNewRows();
    QCOMPARE(visibleIds(filter), (QList<quint64>{12, 13}));
}

QTEST_MAIN(TestRequestLogFilter)
#include "tst_requestlogfilter.moc"
