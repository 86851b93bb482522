// A weight set at runtime through the admin API (PUT /api/routes/{route}/backends/{index}/weight)
// applies to every strategy at once, and setting it back returns the shares (for ip_hash, the
// clients) to where they were; /api/state's expected shares agree with what the traffic does.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTest>
#include <memory>
#include <vector>

class TestRuntimeWeights final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sharesFollowTheWeight_data();
    void sharesFollowTheWeight();
    void ipHashClientsFollowTheWeight();
};

namespace {

// Instances a and b; b's weight goes from 1 to 3 and back.
struct Shares {
    int a = 0;
    int b = 0;
};

// One admin request on a fresh connection, with the admin API's own address as Host.
QJsonObject admin(quint16 port, const QByteArray &method, const QByteArray &target,
                  const QByteArray &body = QByteArray()) {
    RawClient client(port);
    if (!client.waitForConnected())
        return {};
    QByteArray request =
        method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
    if (!body.isEmpty())
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    client.send(request + "\r\n" + body);
    const ParsedResponse response = client.readResponse();
    if (response.status != 200)
        qWarning() << method << target << response.status << response.body.bytes();
    return QJsonDocument::fromJson(response.body.bytes()).object();
}

quint16 adminPort(GatewayFixture &gateway) {
    waitUntil([&] { return !gateway.controller().lastSnapshot().adminUrl.isEmpty(); },
              defaultWaitMs);
    return quint16(QUrl(gateway.controller().lastSnapshot().adminUrl).port());
}

bool setWeightOfB(quint16 adminPort, int weight) {
    const QJsonObject answer = admin(adminPort, "PUT", "/api/routes/svc/backends/1/weight",
                                     "{\"weight\": " + QByteArray::number(weight) + '}');
    return answer.value(QLatin1String("weight")).toInt() == weight;
}

// /api/state's expected share of a and b.
QList<double> expectedShares(quint16 adminPort) {
    const QJsonArray backends = admin(adminPort, "GET", "/api/state")
                                    .value(QLatin1String("routes"))
                                    .toArray()
                                    .at(0)
                                    .toObject()
                                    .value(QLatin1String("backends"))
                                    .toArray();
    QList<double> shares;
    for (const QJsonValue &backend : backends)
        shares.append(backend.toObject().value(QLatin1String("expected_share")).toDouble());
    return shares;
}

// count requests one after the other on one keep-alive connection.
Shares servedInTurn(quint16 port, int count) {
    Shares shares;
    RawClient client(port);
    if (!client.waitForConnected())
        return shares;
    for (int i = 0; i < count; ++i) {
        client.send(RawClient::request("GET", "/svc"));
        const QByteArray name = client.readResponse().body.bytes();
        (name == "a" ? shares.a : shares.b) += name == "a" || name == "b" ? 1 : 0;
    }
    return shares;
}

// count requests at once, each on its own connection, all held by the instances until every
// pick is made: the least-loaded strategies then see every earlier pick as active.
Shares servedAtOnce(quint16 port, int count) {
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<RawClient>(port));
        if (!clients.back()->waitForConnected())
            return {};
    }
    for (const std::unique_ptr<RawClient> &client : clients)
        client->send(RawClient::request("GET", "/svc"));
    Shares shares;
    for (const std::unique_ptr<RawClient> &client : clients) {
        const QByteArray name = client->readResponse().body.bytes();
        (name == "a" ? shares.a : shares.b) += name == "a" || name == "b" ? 1 : 0;
    }
    return shares;
}

bool sharesAre(const QList<double> &shares, double a, double b) {
    return shares.size() == 2 && qAbs(shares[0] - a) < 1e-9 && qAbs(shares[1] - b) < 1e-9;
}

} // namespace

void TestRuntimeWeights::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

// Counts are exact for the deterministic strategies: smooth weighted round robin over 1:3 gives
// b 6 of 8; least_connections and power_of_two with 8 requests held at once balance active / weight
// to 2:6 (power_of_two compares both of two instances on every pick); round_robin ignores weights.
// random draws by weight: over 200 requests, bounds more than 4 standard deviations wide.
void TestRuntimeWeights::sharesFollowTheWeight_data() {
    QTest::addColumn<StrategyKind>("strategy");
    QTest::addColumn<bool>("heldAtOnce");
    QTest::addColumn<int>("requests");
    QTest::addColumn<int>("minimumB");     // of requests, with b at weight 3
    QTest::addColumn<int>("maximumB");     // ...
    QTest::addColumn<int>("minimumBEven"); // with both at weight 1
    QTest::addColumn<int>("maximumBEven"); // ...
    QTest::addColumn<double>("expectedB"); // /api/state's share of b at weight 3

    QTest::newRow("round_robin") << StrategyKind::RoundRobin << false << 8 << 4 << 4 << 4 << 4
                                 << 0.5;
    QTest::newRow("weighted_round_robin")
        << StrategyKind::WeightedRoundRobin << false << 8 << 6 << 6 << 4 << 4 << 0.75;
    QTest::newRow("least_connections")
        << StrategyKind::LeastConnections << true << 8 << 6 << 6 << 4 << 4 << 0.75;
    QTest::newRow("power_of_two") << StrategyKind::PowerOfTwo << true << 8 << 6 << 6 << 4 << 4
                                  << 0.75;
    QTest::newRow("random") << StrategyKind::Random << false << 200 << 120 << 200 << 70 << 130
                            << 0.75;
}

void TestRuntimeWeights::sharesFollowTheWeight() {
    QFETCH(StrategyKind, strategy);
    QFETCH(bool, heldAtOnce);
    QFETCH(int, requests);
    QFETCH(int, minimumB);
    QFETCH(int, maximumB);
    QFETCH(int, minimumBEven);
    QFETCH(int, maximumBEven);
    QFETCH(double, expectedB);
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    if (heldAtOnce) {
        for (ScriptedBackend *backend : {&a, &b}) {
            backend->setHandler(
                [name = backend->name()](const ReceivedRequest &, BackendReply &reply) {
                    reply.delayMs = 1500; // longer than sending the others takes
                    reply.body = name;
                });
        }
    }
    GatewayConfig config = GatewayFixture::singleRouteConfig({a.url(), b.url()});
    config.routes[0].strategy = strategy;
    config.admin = ListenAddress{QHostAddress::LocalHost, 0};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    const quint16 port = adminPort(gateway);
    const auto served = [&] {
        return heldAtOnce ? servedAtOnce(gateway.port(), requests)
                          : servedInTurn(gateway.port(), requests);
    };

    Shares shares = served();
    QCOMPARE(shares.a + shares.b, requests);
    QVERIFY2(shares.b >= minimumBEven && shares.b <= maximumBEven,
             qPrintable(QString::number(shares.b)));
    QVERIFY(sharesAre(expectedShares(port), 0.5, 0.5));

    QVERIFY(setWeightOfB(port, 3));
    QVERIFY(sharesAre(expectedShares(port), 1 - expectedB, expectedB));
    shares = served();
    QCOMPARE(shares.a + shares.b, requests);
    QVERIFY2(shares.b >= minimumB && shares.b <= maximumB, qPrintable(QString::number(shares.b)));

    QVERIFY(setWeightOfB(port, 1));
    QVERIFY(sharesAre(expectedShares(port), 0.5, 0.5));
    shares = served();
    QCOMPARE(shares.a + shares.b, requests);
    QVERIFY2(shares.b >= minimumBEven && shares.b <= maximumBEven,
             qPrintable(QString::number(shares.b)));
}

// ip_hash: the clients of a (and only they) move to b when b's weight grows, as many as
// /api/state's expected share says, and all come back when the weight is set back. The route
// tester answers for 400 client addresses exactly as the proxy picks (Gateway::previewRoute);
// real requests from 20 loopback addresses go where it says.
void TestRuntimeWeights::ipHashClientsFollowTheWeight() {
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    GatewayConfig config = GatewayFixture::singleRouteConfig({a.url(), b.url()});
    config.routes[0].strategy = StrategyKind::IpHash;
    config.admin = ListenAddress{QHostAddress::LocalHost, 0};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    const quint16 port = adminPort(gateway);

    // Instance index per client, as the route tester says.
    const auto assignment = [&] {
        QList<int> indexes;
        for (int i = 0; i < 400; ++i) {
            const QByteArray client =
                "10.0." + QByteArray::number(i / 200) + '.' + QByteArray::number(i % 200 + 1);
            const QJsonObject answer =
                admin(port, "GET", "/api/route-test?path=/svc&client=" + client);
            indexes.append(answer.value(QLatin1String("instance"))
                               .toObject()
                               .value(QLatin1String("index"))
                               .toInt(-1));
        }
        return indexes;
    };
    // Real requests from 127.0.0.2..21: each must reach the instance the route tester names.
    const auto realRequestsGoWhereTheTesterSays = [&] {
        for (int i = 2; i < 22; ++i) {
            const QByteArray source = "127.0.0." + QByteArray::number(i);
            const int index = admin(port, "GET", "/api/route-test?path=/svc&client=" + source)
                                  .value(QLatin1String("instance"))
                                  .toObject()
                                  .value(QLatin1String("index"))
                                  .toInt(-1);
            RawClient client(gateway.port(), QHostAddress(QString::fromLatin1(source)));
            if (!client.waitForConnected())
                return false;
            client.send(RawClient::request("GET", "/svc"));
            if (client.readResponse().body.bytes() != (index == 0 ? "a" : "b"))
                return false;
        }
        return true;
    };
    const auto shareOfB = [](const QList<int> &indexes) {
        return double(indexes.count(1)) / indexes.size();
    };

    const QList<int> before = assignment();
    QVERIFY(!before.contains(-1));
    const QList<double> sharesBefore = expectedShares(port);
    QVERIFY(realRequestsGoWhereTheTesterSays());

    QVERIFY(setWeightOfB(port, 3));
    const QList<int> heavier = assignment();
    int moved = 0;
    for (int i = 0; i < before.size(); ++i) {
        QVERIFY2(before[i] == heavier[i] || (before[i] == 0 && heavier[i] == 1),
                 "a client of b moved to a");
        moved += before[i] != heavier[i] ? 1 : 0;
    }
    QVERIFY2(moved > 0, "no client moved: the ring ignores the new weight");
    const QList<double> sharesHeavier = expectedShares(port);
    QVERIFY(sharesHeavier[1] > sharesBefore[1]);
    // 400 uniformly spread clients: within 4 standard deviations of the ring's share.
    QVERIFY2(qAbs(shareOfB(heavier) - sharesHeavier[1]) < 0.1,
             qPrintable(QStringLiteral("%1 of the clients on b, expected %2")
                            .arg(shareOfB(heavier))
                            .arg(sharesHeavier[1])));
    QVERIFY(realRequestsGoWhereTheTesterSays());

    QVERIFY(setWeightOfB(port, 1));
    QCOMPARE(assignment(), before);
    QCOMPARE(expectedShares(port), sharesBefore);
    QVERIFY(realRequestsGoWhereTheTesterSays());
}

QTEST_GUILESS_MAIN(TestRuntimeWeights)
#include "tst_runtimeweights.moc"
