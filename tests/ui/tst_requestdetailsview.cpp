#include "common/instancecolors.h"
#include "common/statuscolors.h"
#include "details/requestdetailsview.h"

#include <QTest>

class TestRequestDetailsView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsEveryField();
    void showsEveryAttemptOfARetriedRequest();
    void showsACutResponseAsFailed();
    void listsEveryCandidateOfEveryPick();
    void saysHaproxysLogHasNoForwardedHead_data();
    void saysHaproxysLogHasNoForwardedHead();
    void clearShowsNothing();
};

namespace {
// A round_robin pick over two instances after the instance at previous (-1: first pick).
PickExplanation roundRobinPick(int chosen, int previous) {
    PickExplanation pick;
    pick.strategy = StrategyKind::RoundRobin;
    pick.chosenIndex = chosen;
    pick.previousIndex = previous;
    for (const int index : {chosen, 1 - chosen}) {
        PickCandidate candidate;
        candidate.index = index;
        candidate.eligible = true;
        candidate.verdict =
            index == chosen ? CandidateVerdict::Chosen : CandidateVerdict::NotReached;
        pick.candidates.append(candidate);
    }
    return pick;
}

RequestRecord retried() {
    RequestRecord record;
    record.id = 42;
    record.startedAtMs = QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 123)).toMSecsSinceEpoch();
    record.clientAddress = "127.0.0.1";
    record.method = "PUT";
    record.target = "/svc/items/9?x=<b>";
    record.routeId = QStringLiteral("svc");
    record.backendId = 2;
    record.backendIndex = 1;
    record.backendName = QStringLiteral("beta");
    record.backendUrl = "http://127.0.0.1:8082";
    record.setUpstreamTarget("/items/9?x=<b>");
    record.status = 201;
    record.bytesIn = 10;
    record.bytesOut = 2048;
    record.timeToFirstByteUs = 800;
    record.totalUs = 1500;
    record.picks = {roundRobinPick(0, -1), roundRobinPick(1, 0)};
    record.attempts = {{1, 0, QStringLiteral("alpha"), 0, "connect refused"},
                       {2, 1, QStringLiteral("beta"), 201, {}}};
    return record;
}
} // namespace

void TestRequestDetailsView::showsEveryField() {
    InstanceColors colors;
    RequestDetailsView view(colors);
    view.showRecord(retried());
    QCOMPARE(view.shownRecordId(), 42u);
    const QString text = view.toPlainText();
    for (const QString &expected :
         {QStringLiteral("Request #42"), QStringLiteral("2024-05-06 07:08:09.123"),
          QStringLiteral("127.0.0.1"), QStringLiteral("PUT /svc/items/9?x=<b>"),
          QStringLiteral("svc"), QStringLiteral("beta (#2)"),
          QStringLiteral("http://127.0.0.1:8082"), QStringLiteral("/items/9?x=<b>"),
          QStringLiteral("round_robin: #1 (first pick); retry → round_robin: #2 (next after #1)"),
          QStringLiteral("201 (ok)"), QStringLiteral("succeeded"), QStringLiteral("10 B"),
          QStringLiteral("2.0 KiB"), QStringLiteral("800 µs"), QStringLiteral("1.50 ms")})
        QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" in:\n") + text));
}

void TestRequestDetailsView::showsEveryAttemptOfARetriedRequest() {
    InstanceColors colors;
    RequestDetailsView view(colors);
    view.showRecord(retried());
    const QString text = view.toPlainText();
    QVERIFY2(text.contains(QStringLiteral("alpha (#1): no response, connect refused")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("beta (#2): 201")), qPrintable(text));
    QVERIFY(text.indexOf(QStringLiteral("alpha (#1)")) <
            text.indexOf(QStringLiteral("beta (#2): 201")));
}

// README, "What the counts mean": a 200 whose body was cut off reads as a failed request.
void TestRequestDetailsView::showsACutResponseAsFailed() {
    InstanceColors colors;
    RequestDetailsView view(colors);
    RequestRecord aborted = retried();
    aborted.status = 200;
    aborted.outcome = Outcome::Aborted;
    view.showRecord(aborted);
    const QString text = view.toPlainText();
    QVERIFY2(text.contains(QStringLiteral("200 \u2702 aborted")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("200 (")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("failed request")), qPrintable(text));
    QVERIFY2(view.toHtml().contains(statusColor(500, view.palette()).name()),
             qPrintable(view.toHtml()));
}

void TestRequestDetailsView::listsEveryCandidateOfEveryPick() {
    InstanceColors colors;
    RequestDetailsView view(colors);
    view.showRecord(retried());
    const QString text = view.toPlainText();
    const QStringList expected{
        QStringLiteral("Why this instance? Pick 1 of 2 (round_robin)"),
        QStringLiteral("#1 chosen: first pick"),
        QStringLiteral("#2 not reached"),
        QStringLiteral("Why this instance? Pick 2 of 2 (round_robin)"),
        QStringLiteral("#1 not reached"),
        QStringLiteral("#2 chosen: next after #1"),
    };
    qsizetype from = 0;
    for (const QString &line : expected) {
        const qsizetype at = text.indexOf(line, from);
        QVERIFY2(at >= 0, qPrintable(line + QStringLiteral(" in order in:\n") + text));
        from = at + line.size();
    }
}

void TestRequestDetailsView::saysHaproxysLogHasNoForwardedHead_data() {
    QTest::addColumn<RecordSource>("source");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("sentUpstream");
    // HAProxy's log names the server but not the head HAProxy sent it.
    QTest::newRow("HAProxy, served") << RecordSource::HaproxyLog << QStringLiteral("alpha")
                                     << QStringLiteral("(not in HAProxy's log)");
    // Its own 404 or 503 (<NOSRV>) went to no server.
    QTest::newRow("HAProxy, no server")
        << RecordSource::HaproxyLog << QString() << QStringLiteral("(not sent)");
    // The gateway knows: an instance picked but never reached got no head.
    QTest::newRow("gateway, connect failed")
        << RecordSource::Gateway << QStringLiteral("alpha") << QStringLiteral("(not sent)");
}

void TestRequestDetailsView::saysHaproxysLogHasNoForwardedHead() {
    QFETCH(RecordSource, source);
    QFETCH(QString, server);
    QFETCH(QString, sentUpstream);
    RequestRecord record;
    record.id = 3;
    record.source = source;
    record.method = "GET";
    record.target = "/rr/x";
    record.routeId = QStringLiteral("route_rr");
    record.backendName = server;
    record.status = 200;
    InstanceColors colors;
    RequestDetailsView view(colors);
    view.showRecord(record);
    const QString text = view.toPlainText();
    // A label and what follows it: its value.
    const auto lineOf = [&text](const QString &label) {
        const qsizetype at = text.indexOf(label);
        return at < 0 ? QString() : text.mid(at, label.size() + 30);
    };
    QVERIFY2(lineOf(QStringLiteral("Sent upstream")).contains(sentUpstream), qPrintable(text));
    // Nor does HAProxy's log count the request body.
    QVERIFY2(lineOf(QStringLiteral("Body in"))
                 .contains(source == RecordSource::HaproxyLog
                               ? QStringLiteral("(not in HAProxy's log)")
                               : QStringLiteral("0 B")),
             qPrintable(text));
}

void TestRequestDetailsView::clearShowsNothing() {
    InstanceColors colors;
    RequestDetailsView view(colors);
    view.showRecord(retried());
    view.clearRecord();
    QCOMPARE(view.shownRecordId(), 0u);
    QVERIFY(view.toPlainText().isEmpty());
}

QTEST_MAIN(TestRequestDetailsView)
#include "tst_requestdetailsview.moc"
