// The rules passive health follows besides max_fails/fail_timeout, through the running gateway
// (README, "Passive health"): 5xx responses count only with count_5xx while malformed ones
// always do, a route's only instance is never ejected, a route whose instances are all out by
// health is in panic and tries them anyway, probation admits one request at a time, and
// passing probes do not end a passive ejection.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;

class TestHealthRules final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fiveHundredsCountOnlyWhenAsked_data();
    void fiveHundredsCountOnlyWhenAsked();
    void malformedResponsesCount();
    void loneInstanceIsNeverEjected();
    void panicTriesEveryInstanceDownByHealth();
    void probationAdmitsOneRequest();
    void passingProbesDoNotEndAnEjection();
};

namespace {

const QByteArray garbage = "this is not HTTP\r\n\r\n";

const BackendSnapshot *backendOf(GatewayFixture &gateway, int index) {
    const RouteSnapshot *route = gateway.controller().lastSnapshot().findRoute("svc");
    if (!route || index >= route->backends.size())
        return nullptr;
    return &route->backends[index];
}

PassiveState passiveOf(GatewayFixture &gateway, int index) {
    const BackendSnapshot *backend = backendOf(gateway, index);
    return backend ? backend->passiveState : PassiveState::Clear;
}

bool routeInPanic(GatewayFixture &gateway) {
    const RouteSnapshot *route = gateway.controller().lastSnapshot().findRoute("svc");
    return route && route->panic;
}

int get(quint16 port) {
    RawClient client(port);
    if (!client.waitForConnected())
        return 0;
    client.send(RawClient::request("GET", "/svc/x"));
    return client.readResponse().status;
}

// Answers every request as *mode says: a status, or malformed bytes when it is 0.
void answerWith(ScriptedBackend &backend, const int *mode) {
    backend.setHandler([mode](const ReceivedRequest &, BackendReply &reply) {
        if (*mode == 0) {
            reply.kind = BackendReply::Kind::Raw;
            reply.rawBytes = garbage;
            reply.connection = BackendReply::Connection::Close;
            return;
        }
        reply.status = *mode;
        reply.body = "x";
    });
}

} // namespace

void TestHealthRules::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestHealthRules::fiveHundredsCountOnlyWhenAsked_data() {
    QTest::addColumn<bool>("count5xx");
    QTest::newRow("default") << false;
    QTest::newRow("count_5xx") << true;
}

void TestHealthRules::fiveHundredsCountOnlyWhenAsked() {
    QFETCH(bool, count5xx);
    ScriptedBackend good("good");
    ScriptedBackend failing("failing");
    const int status = 500;
    answerWith(failing, &status);
    GatewayConfig config = GatewayFixture::singleRouteConfig({good.url(), failing.url()});
    config.routes[0].passiveHealth = PassiveHealthConfig{1, 60s, count5xx};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    // Round robin alternates; without count_5xx the 500s are answers like any other (nginx
    // counts none by default), so the instance keeps its share.
    for (int i = 0; i < 6; ++i)
        get(gateway.port());
    if (count5xx) {
        QCOMPARE(failing.requests().size(), 1);
        QCOMPARE(good.requests().size(), 5);
        QTRY_COMPARE(passiveOf(gateway, 1), PassiveState::Ejected);
        QCOMPARE(backendOf(gateway, 1)->health, Health::Down);
    } else {
        QCOMPARE(failing.requests().size(), 3);
        QCOMPARE(good.requests().size(), 3);
        QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
            const BackendSnapshot &backend = snapshot.routes[0].backends[1];
            return backend.attemptErrors == 3 && backend.passiveState == PassiveState::Clear &&
                   backend.health == Health::Unknown;
        }));
    }
}

void TestHealthRules::malformedResponsesCount() {
    ScriptedBackend good("good");
    ScriptedBackend broken("broken");
    const int mode = 0;
    answerWith(broken, &mode);
    GatewayConfig config = GatewayFixture::singleRouteConfig({broken.url(), good.url()});
    GatewayFixture gateway; // default passive_health: max_fails 1, no count_5xx
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    // The malformed answer becomes the gateway's 502, and counts against the instance.
    QCOMPARE(get(gateway.port()), 502);
    QCOMPARE(broken.requests().size(), 1);
    QTRY_COMPARE(passiveOf(gateway, 0), PassiveState::Ejected);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(get(gateway.port()), 200);
    QCOMPARE(broken.requests().size(), 1);
}

void TestHealthRules::loneInstanceIsNeverEjected() {
    ScriptedBackend only("only");
    int mode = 0;
    answerWith(only, &mode);
    GatewayConfig config = GatewayFixture::singleRouteConfig({only.url()});
    config.routes[0].passiveHealth = PassiveHealthConfig{1, 60s, true};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    // nginx's rule for a single server: every request still reaches it, none gets a 503.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(gateway.port()), 502);
    mode = 500;
    QCOMPARE(get(gateway.port()), 500);
    QCOMPARE(only.requests().size(), 4);
    mode = 200;
    QCOMPARE(get(gateway.port()), 200);
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        const BackendSnapshot &backend = snapshot.routes[0].backends[0];
        return backend.requests == 5 && backend.passiveState == PassiveState::Clear &&
               !snapshot.routes[0].panic;
    }));
}

void TestHealthRules::panicTriesEveryInstanceDownByHealth() {
    ScriptedBackend first("first");
    ScriptedBackend second("second");
    int mode = 0;
    answerWith(first, &mode);
    answerWith(second, &mode);
    GatewayConfig config = GatewayFixture::singleRouteConfig({first.url(), second.url()});
    config.routes[0].passiveHealth = PassiveHealthConfig{1, 60s};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    // Round robin sends one request to each; both get a malformed answer (502): both ejected.
    QCOMPARE(get(gateway.port()), 502);
    QCOMPARE(get(gateway.port()), 502);
    QTRY_VERIFY(passiveOf(gateway, 0) == PassiveState::Ejected &&
                passiveOf(gateway, 1) == PassiveState::Ejected);
    QTRY_VERIFY(routeInPanic(gateway));

    // Every instance is out by health: tried anyway, and the reason line says so.
    mode = 200;
    const qsizetype before = first.requests().size() + second.requests().size();
    for (int i = 0; i < 4; ++i)
        QCOMPARE(get(gateway.port()), 200);
    QCOMPARE(first.requests().size() + second.requests().size(), before + 4);
    QVERIFY(first.requests().size() >= 2 && second.requests().size() >= 2);
    QVERIFY(gateway.waitForRecords(5));
    const RequestRecord &last = gateway.records().last();
    const QByteArray reason = formatReason(last);
    QVERIFY2(reason.startsWith("panic: every instance is down by health, trying anyway; "),
             reason.constData());
    QVERIFY(last.picks.first().isPanic());
    // Successes in panic do not end an ejection: fail_timeout does.
    QCOMPARE(passiveOf(gateway, 0), PassiveState::Ejected);

    // Panic never overrides the operator: with one instance disabled only the other is tried,
    // and with none enabled the answer is 503.
    QVERIFY(gateway.setBackendAdminState("svc", 0, AdminState::Disabled).ok());
    const qsizetype firstBefore = first.requests().size();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(gateway.port()), 200);
    QCOMPARE(first.requests().size(), firstBefore);
    QVERIFY(gateway.setBackendAdminState("svc", 1, AdminState::Draining).ok());
    QCOMPARE(get(gateway.port()), 503);
    QTRY_VERIFY(!routeInPanic(gateway));
}

void TestHealthRules::probationAdmitsOneRequest() {
    ScriptedBackend good("good");
    ScriptedBackend tested("tested");
    bool broken = true;
    tested.setHandler([&broken](const ReceivedRequest &, BackendReply &reply) {
        if (broken) {
            reply.kind = BackendReply::Kind::Raw;
            reply.rawBytes = garbage;
            reply.connection = BackendReply::Connection::Close;
            return;
        }
        // Holds the probation request long enough for the others to be picked meanwhile.
        reply.delayMs = 1500;
        reply.body = "tested";
    });
    GatewayConfig config = GatewayFixture::singleRouteConfig({good.url(), tested.url()});
    config.routes[0].passiveHealth = PassiveHealthConfig{1, 100ms};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    while (tested.requests().isEmpty())
        get(gateway.port()); // 200 from good, then the 502 for the malformed answer
    QTRY_COMPARE(passiveOf(gateway, 1), PassiveState::Probation);
    broken = false;

    // Two requests at once: round robin would give one to each; one of them reaches the
    // instance on probation and is held there.
    const qsizetype testedBefore = tested.requests().size();
    std::unique_ptr<RawClient> clients[2];
    for (auto &client : clients) {
        client = std::make_unique<RawClient>(gateway.port());
        QVERIFY(client->waitForConnected());
        client->send(RawClient::request("GET", "/svc/x"));
        client->startResponse();
    }
    QTRY_COMPARE(tested.requests().size(), testedBefore + 1);

    // While it is in flight the instance takes nothing else, and the reason says why.
    const qsizetype recordsBefore = gateway.records().size();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(gateway.port()), 200);
    QCOMPARE(tested.requests().size(), testedBefore + 1);
    QVERIFY(gateway.waitForRecords(recordsBefore + 3));
    bool skippedOnProbation = false;
    for (qsizetype i = recordsBefore; i < gateway.records().size(); ++i) {
        skippedOnProbation =
            skippedOnProbation || formatReason(gateway.records()[i])
                                      .contains("(on probation, one request already testing it)");
    }
    QVERIFY(skippedOnProbation);

    // That one request decides: it succeeds, the instance is back in rotation.
    for (auto &client : clients)
        QCOMPARE(client->readResponse().status, 200);
    QTRY_COMPARE(passiveOf(gateway, 1), PassiveState::Clear);
    get(gateway.port());
    get(gateway.port());
    QCOMPARE(tested.requests().size(), testedBefore + 2);
}

void TestHealthRules::passingProbesDoNotEndAnEjection() {
    // The probes see a healthy /health while requests get malformed answers: the active
    // verdict says up, passive health holds the instance out for its whole fail_timeout.
    ScriptedBackend good("good");
    ScriptedBackend split("split");
    split.setHandler([](const ReceivedRequest &request, BackendReply &reply) {
        if (request.target == "/health")
            return;
        reply.kind = BackendReply::Kind::Raw;
        reply.rawBytes = garbage;
        reply.connection = BackendReply::Connection::Close;
    });
    GatewayConfig config = GatewayFixture::singleRouteConfig({good.url(), split.url()});
    config.routes[0].healthCheck = GatewayFixture::healthChecks(50ms, 1, 1);
    config.routes[0].passiveHealth = PassiveHealthConfig{1, 60s};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        return snapshot.routes[0].backends[1].activeHealth == Health::Up;
    }));

    const auto requestsTo = [&split] {
        return std::count_if(split.requests().cbegin(), split.requests().cend(),
                             [](const ReceivedRequest &r) { return r.target != "/health"; });
    };
    while (requestsTo() == 0)
        get(gateway.port()); // 200 from good, then the 502 for the malformed answer
    QTRY_COMPARE(passiveOf(gateway, 1), PassiveState::Ejected);

    // Several passing probes later (more than rise) it is still out, and only passively.
    const qsizetype probesBefore = split.requests().size();
    QTRY_VERIFY(split.requests().size() >= probesBefore + 4);
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        const BackendSnapshot &backend = snapshot.routes[0].backends[1];
        return backend.lastCheck.ok && backend.activeHealth == Health::Up &&
               backend.passiveState == PassiveState::Ejected && backend.health == Health::Down;
    }));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(get(gateway.port()), 200);
    QCOMPARE(requestsTo(), 1);
}

QTEST_MAIN(TestHealthRules)
#include "tst_healthrules.moc"
