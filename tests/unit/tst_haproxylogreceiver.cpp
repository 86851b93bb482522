// HaproxyLogReceiver: syslog datagrams on 127.0.0.1 over real UDP sockets become batches of
// request records, numbered from 1; HAProxy's notices are counted apart; garbled datagrams are
// counted and reported with their reason, and the receiver goes on.
#include "haproxy/haproxylogreceiver.h"

#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>

namespace {

QByteArray requestLine(const QByteArray &server, int status) {
    return "<134>Dec  6 17:56:29 haproxy[1]: 127.0.0.1:42476 [06/Dec/2026:17:56:29.162] gateway "
           "rr/" +
           server + " 0/0/0/2/2 " + QByteArray::number(status) +
           " 50 - - ---- 1/1/0/0/0 0/0 \"GET /x HTTP/1.1\"\n";
}

} // namespace

class TestHaproxyLogReceiver final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void requestsNoticesAndGarbled();
    void portInUse();
};

void TestHaproxyLogReceiver::requestsNoticesAndGarbled() {
    HaproxyLogReceiver receiver;
    QVERIFY2(receiver.listen(0), qPrintable(receiver.errorString()));
    QList<RequestRecord> batch;
    connect(&receiver, &HaproxyLogReceiver::recordsReady, this,
            [&batch](const QList<RequestRecord> &records) { batch += records; });
    QSignalSpy garbled(&receiver, &HaproxyLogReceiver::garbled);
    QUdpSocket sender;
    const auto send = [&](const QByteArray &datagram) {
        QCOMPARE(sender.writeDatagram(datagram, QHostAddress::LocalHost, receiver.port()),
                 datagram.size());
    };
    send(requestLine("alpha", 200));
    send("<129>Dec  6 17:56:29 haproxy[1]: Server rr/beta is going DOWN for maintenance.\n");
    send(QByteArray("\x01\x02garbage", 9));
    send(requestLine("beta", 503));
    QTRY_COMPARE(batch.size(), 2);
    QCOMPARE(receiver.requestLines(), 2u);
    QCOMPARE(batch[0].id, 1u);
    QCOMPARE(batch[0].backendName, QStringLiteral("alpha"));
    QCOMPARE(batch[1].id, 2u);
    QCOMPARE(batch[1].status, 503);
    QCOMPARE(receiver.notices(), 1u);
    QCOMPARE(receiver.garbledLines(), 1u);
    QVERIFY(!garbled.isEmpty());
    QCOMPARE(garbled.last()[0].value<quint64>(), 1u);
    QCOMPARE(garbled.last()[1].toString(), QStringLiteral("no client address:port at the start"));
}

void TestHaproxyLogReceiver::portInUse() {
    HaproxyLogReceiver first;
    QVERIFY(first.listen(0));
    HaproxyLogReceiver second;
    QVERIFY(!second.listen(first.port()));
    QVERIFY(!second.errorString().isEmpty());
}

QTEST_GUILESS_MAIN(TestHaproxyLogReceiver)
#include "tst_haproxylogreceiver.moc"
