#include "demo/democluster.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;

namespace {

struct Fetched {
    QAbstractSocket::SocketError connectError = QAbstractSocket::UnknownSocketError;
    int status = 0;
    qint64 contentLength = -1;
    QByteArray body;
};

// One request over a fresh connection, read until the server closes it. It blocks the test
// thread on purpose: an answer arriving meanwhile proves the instances have a thread of their own.
Fetched fetch(quint16 port, const QByteArray &target) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    Fetched fetched;
    if (!socket.waitForConnected()) {
        fetched.connectError = socket.error();
        return fetched;
    }
    socket.write("GET " + target + " HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n");
    QByteArray raw;
    while (socket.waitForReadyRead())
        raw += socket.readAll();
    raw += socket.readAll();

    const qsizetype headEnd = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.1 ") || headEnd < 0)
        return fetched;
    fetched.status = raw.mid(9, 3).toInt();
    const QByteArray head = raw.left(headEnd).toLower();
    const qsizetype lengthAt = head.indexOf("\r\ncontent-length: ");
    if (lengthAt >= 0)
        fetched.contentLength = head.mid(lengthAt + 18).split('\r').first().toLongLong();
    fetched.body = raw.mid(headEnd + 4);
    return fetched;
}

QByteArray helloFrom(quint16 port) {
    return "Hello from instance :" + QByteArray::number(port) + '\n';
}

} // namespace

class TestDemoCluster : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startReportsActualPorts();
    void startFailureNamesTheTakenPort();
    void startReplacesRunningInstances();
    void stopClosesEveryInstance();
    void killAndRevive();
    void reviveReportsATakenPort();
    void faultsApplyToOneInstance();
    void controlOfAnUnknownPortFails();
    void countersComeBackAsValues();
    void destructorStopsAndJoins();

private:
    // Posts a call and returns the states of the stateChanged() that ends it.
    QList<DemoInstanceState> settle(const std::function<void()> &call);
    QList<quint16> startInstances(const QList<quint16> &ports);

    std::unique_ptr<DemoCluster> m_cluster;
};

void TestDemoCluster::init() {
    m_cluster = std::make_unique<DemoCluster>();
}

void TestDemoCluster::cleanup() {
    m_cluster.reset();
}

QList<DemoInstanceState> TestDemoCluster::settle(const std::function<void()> &call) {
    QSignalSpy spy(m_cluster.get(), &DemoCluster::stateChanged);
    call();
    if (!spy.wait())
        return {};
    return spy.takeFirst().at(0).value<QList<DemoInstanceState>>();
}

QList<quint16> TestDemoCluster::startInstances(const QList<quint16> &ports) {
    QSignalSpy started(m_cluster.get(), &DemoCluster::started);
    settle([&] { m_cluster->start(ports); });
    if (started.size() != 1)
        return {};
    return started.takeFirst().at(0).value<QList<quint16>>();
}

void TestDemoCluster::startReportsActualPorts() {
    QSignalSpy started(m_cluster.get(), &DemoCluster::started);
    const QList<DemoInstanceState> states = settle([this] { m_cluster->start({0, 0}); });
    QCOMPARE(started.size(), 1);
    const auto ports = started.takeFirst().at(0).value<QList<quint16>>();
    QCOMPARE(ports.size(), 2);
    QVERIFY(ports[0] != 0 && ports[1] != 0 && ports[0] != ports[1]);

    QCOMPARE(states.size(), 2);
    for (qsizetype i = 0; i < states.size(); ++i) {
        QCOMPARE(states[i].port, ports[i]);
        QVERIFY(states[i].listening);
        const Fetched fetched = fetch(ports[i], "/");
        QCOMPARE(fetched.status, 200);
        QCOMPARE(fetched.body, helloFrom(ports[i]));
    }
}

void TestDemoCluster::startFailureNamesTheTakenPort() {
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    QSignalSpy started(m_cluster.get(), &DemoCluster::started);
    QSignalSpy failed(m_cluster.get(), &DemoCluster::startFailed);

    const QList<DemoInstanceState> states = settle([&] {
        m_cluster->start({0, squatter.serverPort()});
    });
    QCOMPARE(started.size(), 0);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.takeFirst().at(0).toString(),
             QStringLiteral("cannot start demo instance: port %1 is already in use")
                 .arg(squatter.serverPort()));
    QVERIFY(states.isEmpty()); // all or nothing: the instance on the free port is gone too
}

void TestDemoCluster::startReplacesRunningInstances() {
    const QList<quint16> first = startInstances({0});
    QCOMPARE(first.size(), 1);
    // The same port again: the old instance must have let go of it first.
    const QList<quint16> second = startInstances({first[0], 0});
    QCOMPARE(second.size(), 2);
    QCOMPARE(second[0], first[0]);
    QCOMPARE(fetch(second[1], "/").body, helloFrom(second[1]));
}

void TestDemoCluster::stopClosesEveryInstance() {
    const QList<quint16> ports = startInstances({0, 0});
    QCOMPARE(ports.size(), 2);
    QSignalSpy stopped(m_cluster.get(), &DemoCluster::stopped);
    QVERIFY(settle([this] { m_cluster->stop(); }).isEmpty());
    QCOMPARE(stopped.size(), 1);
    for (const quint16 port : ports)
        QCOMPARE(fetch(port, "/").connectError, QAbstractSocket::ConnectionRefusedError);
}

void TestDemoCluster::killAndRevive() {
    const QList<quint16> ports = startInstances({0, 0});
    QCOMPARE(ports.size(), 2);

    QList<DemoInstanceState> states = settle([&] { m_cluster->kill(ports[0]); });
    QCOMPARE(states.size(), 2);
    QVERIFY(!states[0].listening);
    QVERIFY(states[1].listening);
    QCOMPARE(fetch(ports[0], "/").connectError, QAbstractSocket::ConnectionRefusedError);
    QCOMPARE(fetch(ports[1], "/").status, 200);

    states = settle([&] { m_cluster->revive(ports[0]); });
    QVERIFY(states[0].listening);
    QCOMPARE(fetch(ports[0], "/").body, helloFrom(ports[0]));
}

void TestDemoCluster::reviveReportsATakenPort() {
    const QList<quint16> ports = startInstances({0});
    QCOMPARE(ports.size(), 1);
    settle([&] { m_cluster->kill(ports[0]); });
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, ports[0]));

    QSignalSpy failed(m_cluster.get(), &DemoCluster::controlFailed);
    const QList<DemoInstanceState> states = settle([&] { m_cluster->revive(ports[0]); });
    QCOMPARE(failed.size(), 1);
    QCOMPARE(
        failed.takeFirst().at(0).toString(),
        QStringLiteral("cannot revive demo instance: port %1 is already in use").arg(ports[0]));
    QVERIFY(!states[0].listening);
}

void TestDemoCluster::faultsApplyToOneInstance() {
    const QList<quint16> ports = startInstances({0, 0});
    QCOMPARE(ports.size(), 2);

    QList<DemoInstanceState> states = settle([&] { m_cluster->setErrorRate(ports[0], 100); });
    QCOMPARE(states[0].errorRatePercent, 100);
    QCOMPARE(states[1].errorRatePercent, 0);
    QCOMPARE(fetch(ports[0], "/").status, 500);
    QCOMPARE(fetch(ports[1], "/").status, 200);
    settle([&] { m_cluster->setErrorRate(ports[0], 0); });
    QCOMPARE(fetch(ports[0], "/").status, 200);

    states = settle([&] { m_cluster->setResetMidResponse(ports[0], true); });
    QVERIFY(states[0].resetMidResponse);
    const Fetched cut = fetch(ports[0], "/");
    QCOMPARE(cut.status, 200);
    QCOMPARE(cut.contentLength, helloFrom(ports[0]).size());
    QVERIFY(cut.body.size() < cut.contentLength);
    settle([&] { m_cluster->setResetMidResponse(ports[0], false); });
    QCOMPARE(fetch(ports[0], "/").body, helloFrom(ports[0]));

    states = settle([&] { m_cluster->setLatency(ports[0], 50ms); });
    QCOMPARE(states[0].latency, 50ms);
    QCOMPARE(states[1].latency, 0ms);
    QCOMPARE(fetch(ports[0], "/").body, helloFrom(ports[0]));
}

void TestDemoCluster::controlOfAnUnknownPortFails() {
    const QList<quint16> ports = startInstances({0});
    QCOMPARE(ports.size(), 1);
    const quint16 unknown = ports[0] == 1 ? 2 : 1;
    QSignalSpy failed(m_cluster.get(), &DemoCluster::controlFailed);
    const QList<DemoInstanceState> states = settle([&] { m_cluster->kill(unknown); });
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.takeFirst().at(0).toString(),
             QStringLiteral("no demo instance on port %1").arg(unknown));
    QCOMPARE(states.size(), 1);
    QVERIFY(states[0].listening);
}

void TestDemoCluster::countersComeBackAsValues() {
    const QList<quint16> ports = startInstances({0});
    QCOMPARE(ports.size(), 1);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(fetch(ports[0], "/").status, 200);
    settle([&] { m_cluster->setErrorRate(ports[0], 100); });
    QCOMPARE(fetch(ports[0], "/healthz").status, 500);

    const QList<DemoInstanceState> states = settle([this] { m_cluster->requestState(); });
    QCOMPARE(states.size(), 1);
    QCOMPARE(states[0].requestsServed, 4);
    QCOMPARE(states[0].responsesByStatus, (QMap<int, qint64>{{200, 3}, {500, 1}}));
}

void TestDemoCluster::destructorStopsAndJoins() {
    const QList<quint16> ports = startInstances({0});
    QCOMPARE(ports.size(), 1);
    settle([&] { m_cluster->setLatency(ports[0], 1h); });
    // A client waiting for a held response when the cluster goes away.
    QTcpSocket client;
    QSignalSpy disconnected(&client, &QTcpSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, ports[0]);
    QVERIFY(client.waitForConnected());
    client.write("GET / HTTP/1.1\r\nHost: demo\r\n\r\n");
    QTRY_COMPARE(settle([this] { m_cluster->requestState(); }).value(0).responsesPending, 1);

    m_cluster.reset();
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(client.bytesAvailable(), 0);
    QTcpServer reuse;
    QVERIFY(reuse.listen(QHostAddress::LocalHost, ports[0]));
}

QTEST_GUILESS_MAIN(TestDemoCluster)
#include "tst_democluster.moc"
