// The route tester: GatewayController::previewRoute and GET /api/route-test agree with what the
// router and the balancer then do with a real request, and change nothing themselves.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <memory>
#include <vector>

class TestRoutePreview final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void nextRequestGoesWherePreviewSaid_data();
    void nextRequestGoesWherePreviewSaid();
    void previewChangesNothing();
    void noRouteAndNoInstance();
    void ipHashFollowsTheClient();
    void adminRouteTest();
    void adminRejectsBadQueries_data();
    void adminRejectsBadQueries();
};

namespace {

// Three instances (weights 1, 2, 3) on /svc, the last with a base path, and /other.
struct Setup {
    std::vector<std::unique_ptr<ScriptedBackend>> backends;
    GatewayFixture gateway;

    bool start(StrategyKind strategy) {
        QList<QUrl> urls;
        for (int i = 0; i < 3; ++i) {
            backends.push_back(std::make_unique<ScriptedBackend>("b" + QByteArray::number(i)));
            urls.append(backends.back()->url());
        }
        urls[2].setPath(QStringLiteral("/base"));
        GatewayConfig config = GatewayFixture::baseConfig();
        config.admin = ListenAddress{QHostAddress::LocalHost, 0};
        RouteConfig svc = GatewayFixture::route("svc", "/svc", urls);
        svc.strategy = strategy;
        for (int i = 0; i < 3; ++i)
            svc.targets[i].weight = i + 1;
        RouteConfig other = GatewayFixture::route("other", "/other", {backends.front()->url()});
        config.routes = {svc, other};
        return gateway.start(config);
    }

    RoutePreview preview(const QByteArray &path, const QByteArray &client = QByteArray()) {
        QSignalSpy ready(&gateway.controller(), &GatewayController::routePreviewReady);
        gateway.controller().previewRoute(path, client);
        if (!ready.wait(defaultWaitMs))
            return {};
        return ready.first().first().value<RoutePreview>();
    }

    // Sends a real request and returns its record.
    RequestRecord send(const QByteArray &target) {
        const qsizetype before = gateway.records().size();
        const ParsedResponse response =
            RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", target));
        if (!response.complete || !gateway.waitForRecords(before + 1))
            return {};
        return gateway.records().last();
    }

    quint16 adminPort() {
        waitUntil([&] { return !gateway.controller().lastSnapshot().adminUrl.isEmpty(); },
                  defaultWaitMs);
        return quint16(QUrl(gateway.controller().lastSnapshot().adminUrl).port());
    }
};

ParsedResponse adminGet(quint16 port, const QByteArray &target) {
    return RawClient::exchangeOnce(port, RawClient::request("GET", target));
}

QJsonObject jsonOf(const ParsedResponse &response) {
    return QJsonDocument::fromJson(response.body.bytes()).object();
}

} // namespace

void TestRoutePreview::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestRoutePreview::nextRequestGoesWherePreviewSaid_data() {
    QTest::addColumn<int>("strategy"); // StrategyKind
    QTest::newRow("round_robin") << int(StrategyKind::RoundRobin);
    QTest::newRow("weighted_round_robin") << int(StrategyKind::WeightedRoundRobin);
    QTest::newRow("least_connections") << int(StrategyKind::LeastConnections);
}

void TestRoutePreview::nextRequestGoesWherePreviewSaid() {
    QFETCH(int, strategy);
    Setup setup;
    QVERIFY(setup.start(StrategyKind(strategy)));

    // Two full weighted cycles, so every instance is predicted more than once.
    QSet<int> predicted;
    for (int i = 0; i < 12; ++i) {
        const QByteArray target = "/svc/item/" + QByteArray::number(i) + "?q=1";
        const RoutePreview preview = setup.preview(target);
        QCOMPARE(preview.outcome, RoutePreview::Outcome::Forwarded);
        QCOMPARE(preview.path, target);
        QCOMPARE(preview.routeId, QStringLiteral("svc"));
        QCOMPARE(preview.routePrefix, QByteArray("/svc"));
        QCOMPARE(preview.strippedTarget, "/item/" + QByteArray::number(i) + "?q=1");
        QCOMPARE(preview.explanation.chosenIndex, preview.instanceIndex);

        const RequestRecord record = setup.send(target);
        QCOMPARE(record.outcome, Outcome::Ok);
        QCOMPARE(record.backendIndex, preview.instanceIndex);
        QCOMPARE(record.backendId, preview.instanceId);
        // The record keeps the target before the instance's base path; the instance gets it
        // joined.
        QCOMPARE(record.upstreamTarget(), preview.strippedTarget);
        QCOMPARE(QString::fromUtf8(record.backendUrl), preview.instanceUrl);
        const ScriptedBackend &backend = *setup.backends[size_t(preview.instanceIndex)];
        QCOMPARE(backend.requests().last().target, preview.upstreamTarget);
        predicted.insert(preview.instanceIndex);
    }
    QCOMPARE(predicted.size(), 3);
    // The base path is joined as the proxy joins it.
    QCOMPARE(setup.backends[2]->requests().last().target.left(6), QByteArray("/base/"));
}

void TestRoutePreview::previewChangesNothing() {
    Setup setup;
    QVERIFY(setup.start(StrategyKind::WeightedRoundRobin));
    const RoutePreview first = setup.preview("/svc/x");
    for (int i = 0; i < 5; ++i) {
        const RoutePreview again = setup.preview("/svc/x");
        QCOMPARE(again.instanceIndex, first.instanceIndex);
        QCOMPARE(again.explanation, first.explanation);
    }
    for (const auto &backend : setup.backends)
        QVERIFY(backend->requests().isEmpty());
    QVERIFY(setup.gateway.records().isEmpty());
}

void TestRoutePreview::noRouteAndNoInstance() {
    Setup setup;
    QVERIFY(setup.start(StrategyKind::RoundRobin));

    // Segment boundaries, as the router matches them.
    const RoutePreview noRoute = setup.preview("/svcx/a");
    QCOMPARE(noRoute.outcome, RoutePreview::Outcome::NoRoute);
    QCOMPARE(noRoute.localStatus(), 404);
    QVERIFY(noRoute.routeId.isEmpty());
    QCOMPARE(setup.send("/svcx/a").outcome, Outcome::NoRoute);

    // Dot-segments are removed before matching.
    const RoutePreview dotted = setup.preview("/other/../svc/a");
    QCOMPARE(dotted.routeId, QStringLiteral("svc"));
    QCOMPARE(dotted.strippedTarget, QByteArray("/a"));

    for (int i = 0; i < 3; ++i)
        QVERIFY(setup.gateway.setBackendAdminState("svc", i, AdminState::Disabled).ok());
    const RoutePreview none = setup.preview("/svc/a");
    QCOMPARE(none.outcome, RoutePreview::Outcome::NoInstance);
    QCOMPARE(none.localStatus(), 503);
    QCOMPARE(none.routeId, QStringLiteral("svc"));
    QCOMPARE(none.instanceIndex, -1);
    QVERIFY(none.upstreamTarget.isEmpty());
    QCOMPARE(none.explanation.chosenIndex, -1);
    QVERIFY2(none.explanation.summary().contains("disabled"), none.explanation.summary());
    QCOMPARE(setup.send("/svc/a").outcome, Outcome::NoBackend);

    const RoutePreview invalid = setup.preview("svc/a");
    QCOMPARE(invalid.outcome, RoutePreview::Outcome::InvalidInput);
    QVERIFY2(invalid.message.startsWith(QStringLiteral("path:")), qPrintable(invalid.message));
    const RoutePreview badClient = setup.preview("/svc/a", "not-an-ip");
    QCOMPARE(badClient.outcome, RoutePreview::Outcome::InvalidInput);
    QVERIFY2(badClient.message.startsWith(QStringLiteral("client:")),
             qPrintable(badClient.message));
}

void TestRoutePreview::ipHashFollowsTheClient() {
    Setup setup;
    QVERIFY(setup.start(StrategyKind::IpHash));
    // Requests come from 127.0.0.1, the preview's default client.
    for (const QByteArray &client : {QByteArray(), QByteArray("127.0.0.1")}) {
        const RoutePreview preview = setup.preview("/svc/x", client);
        QCOMPARE(preview.outcome, RoutePreview::Outcome::Forwarded);
        QCOMPARE(setup.send("/svc/x").backendIndex, preview.instanceIndex);
    }
    // Some other client lands somewhere else, always on the same instance.
    QSet<int> seen;
    for (int i = 1; i <= 40; ++i) {
        const QByteArray client = "10.0.0." + QByteArray::number(i);
        const RoutePreview preview = setup.preview("/svc/x", client);
        QCOMPARE(setup.preview("/svc/x", client).instanceIndex, preview.instanceIndex);
        seen.insert(preview.instanceIndex);
    }
    QCOMPARE(seen.size(), 3);
}

void TestRoutePreview::adminRouteTest() {
    Setup setup;
    QVERIFY(setup.start(StrategyKind::RoundRobin));
    const quint16 port = setup.adminPort();

    QUrlQuery query;
    query.addQueryItem(QStringLiteral("path"), QStringLiteral("/svc/a%3Fq%3D1"));
    const ParsedResponse forwarded =
        adminGet(port, "/api/route-test?" + query.toString(QUrl::FullyEncoded).toUtf8());
    QCOMPARE(forwarded.status, 200);
    const QJsonObject answer = jsonOf(forwarded);
    QCOMPARE(answer.value("path").toString(), QStringLiteral("/svc/a?q=1"));
    QCOMPARE(answer.value("outcome").toString(), QStringLiteral("forwarded"));
    QVERIFY(answer.value("status").isNull());
    QCOMPARE(answer.value("route").toObject().value("id").toString(), QStringLiteral("svc"));
    QCOMPARE(answer.value("stripped_target").toString(), QStringLiteral("/a?q=1"));
    const int index = answer.value("instance").toObject().value("index").toInt(-1);
    QCOMPARE(answer.value("candidates").toArray().size(), 3);
    QVERIFY(answer.value("reason").toString().startsWith(QStringLiteral("round_robin")));
    const RequestRecord record = setup.send("/svc/a?q=1");
    QCOMPARE(record.backendIndex, index);
    QCOMPARE(QString::fromUtf8(setup.backends[size_t(index)]->requests().last().target),
             answer.value("upstream_target").toString());

    const QJsonObject noRoute = jsonOf(adminGet(port, "/api/route-test?path=/nowhere"));
    QCOMPARE(noRoute.value("outcome").toString(), QStringLiteral("no_route"));
    QCOMPARE(noRoute.value("status").toInt(), 404);
    QVERIFY(noRoute.value("route").isNull());
    QVERIFY(noRoute.value("instance").isNull());

    QVERIFY(setup.gateway.setBackendAdminState("other", 0, AdminState::Disabled).ok());
    const QJsonObject noInstance =
        jsonOf(adminGet(port, "/api/route-test?path=/other&client=10.1.2.3"));
    QCOMPARE(noInstance.value("outcome").toString(), QStringLiteral("no_instance"));
    QCOMPARE(noInstance.value("status").toInt(), 503);
    QCOMPARE(noInstance.value("client").toString(), QStringLiteral("10.1.2.3"));
    QCOMPARE(noInstance.value("route").toObject().value("id").toString(), QStringLiteral("other"));
    QVERIFY(noInstance.value("instance").isNull());
}

void TestRoutePreview::adminRejectsBadQueries_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no query") << QByteArray("/api/route-test") << QStringLiteral("path: missing");
    QTest::newRow("no path") << QByteArray("/api/route-test?client=1.2.3.4")
                             << QStringLiteral("path: missing");
    QTest::newRow("relative path")
        << QByteArray("/api/route-test?path=svc/a") << QStringLiteral("path: expected");
    QTest::newRow("empty path") << QByteArray("/api/route-test?path=")
                                << QStringLiteral("path: expected");
    QTest::newRow("space in path")
        << QByteArray("/api/route-test?path=/svc/a%20b") << QStringLiteral("path: expected");
    QTest::newRow("bad client") << QByteArray("/api/route-test?path=/svc&client=1.2.3.999")
                                << QStringLiteral("client: expected an IP address");
    QTest::newRow("unknown parameter") << QByteArray("/api/route-test?path=/svc&clinet=1.2.3.4")
                                       << QStringLiteral("unknown query parameter 'clinet'");
}

void TestRoutePreview::adminRejectsBadQueries() {
    QFETCH(QByteArray, target);
    QFETCH(QString, mentions);
    Setup setup;
    QVERIFY(setup.start(StrategyKind::RoundRobin));
    const ParsedResponse response = adminGet(setup.adminPort(), target);
    QCOMPARE(response.status, 400);
    const QString error = jsonOf(response).value("error").toString();
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRoutePreview)
#include "tst_routepreview.moc"
