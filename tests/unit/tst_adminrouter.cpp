#include "admin/adminrouter.h"

#include <QJsonDocument>
#include <QTest>

namespace {

// Each handler answers with its name and the parameters it was given.
AdminRouter::Handler namedHandler(const QString &name) {
    return [name](const AdminRequest &request) {
        QJsonObject object{{QLatin1String("handler"), name}};
        for (auto it = request.parameters.cbegin(); it != request.parameters.cend(); ++it)
            object.insert(QString::fromLatin1(it.key()), it.value());
        return AdminResponse::json(200, object);
    };
}

AdminRouter makeRouter() {
    AdminRouter router;
    router.add("GET", "/api/state", namedHandler(QStringLiteral("state")));
    router.add("POST", "/api/routes/{route}/backends/{index}/enable",
               namedHandler(QStringLiteral("enable")));
    router.add("PUT", "/api/routes/{route}/backends/{index}/weight",
               namedHandler(QStringLiteral("weight")));
    router.add("DELETE", "/api/routes/{route}/backends/{index}",
               namedHandler(QStringLiteral("remove")));
    router.add("GET", "/metrics", namedHandler(QStringLiteral("metrics")));
    return router;
}

} // namespace

class TestAdminRouter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dispatch_data();
    void dispatch();
    void errorsAreJson_data();
    void errorsAreJson();
    void deferredHandlerTakesTheRequest();
};

void TestAdminRouter::dispatch_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("fromBrowser");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("handler"); // empty: no handler ran
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("index");
    QTest::addColumn<QByteArray>("allow");

    const QString none;
    QTest::newRow("literal path") << QByteArray("GET") << QByteArray("/api/state") << false << 200
                                  << QStringLiteral("state") << none << none << QByteArray();
    QTest::newRow("HEAD runs the GET handler")
        << QByteArray("HEAD") << QByteArray("/metrics") << false << 200 << QStringLiteral("metrics")
        << none << none << QByteArray();
    QTest::newRow("placeholders") << QByteArray("POST")
                                  << QByteArray("/api/routes/service-a/backends/2/enable") << false
                                  << 200 << QStringLiteral("enable") << QStringLiteral("service-a")
                                  << QStringLiteral("2") << QByteArray();
    QTest::newRow("placeholder is percent-decoded after splitting")
        << QByteArray("POST") << QByteArray("/api/routes/api%2Fv1/backends/0/enable") << false
        << 200 << QStringLiteral("enable") << QStringLiteral("api/v1") << QStringLiteral("0")
        << QByteArray();
    QTest::newRow("placeholder keeps UTF-8")
        << QByteArray("POST") << QByteArray("/api/routes/caf%C3%A9/backends/x/enable") << false
        << 200 << QStringLiteral("enable") << QStringLiteral("café") << QStringLiteral("x")
        << QByteArray();
    QTest::newRow("same pattern prefix, other method")
        << QByteArray("DELETE") << QByteArray("/api/routes/a/backends/1") << false << 200
        << QStringLiteral("remove") << QStringLiteral("a") << QStringLiteral("1") << QByteArray();

    QTest::newRow("wrong method on GET endpoint")
        << QByteArray("POST") << QByteArray("/api/state") << false << 405 << none << none << none
        << QByteArray("GET, HEAD");
    QTest::newRow("wrong method on POST endpoint")
        << QByteArray("GET") << QByteArray("/api/routes/a/backends/0/enable") << false << 405
        << none << none << none << QByteArray("POST");
    QTest::newRow("HEAD on POST endpoint")
        << QByteArray("HEAD") << QByteArray("/api/routes/a/backends/0/enable") << false << 405
        << none << none << none << QByteArray("POST");

    QTest::newRow("unknown path") << QByteArray("GET") << QByteArray("/api/other") << false << 404
                                  << none << none << none << QByteArray();
    QTest::newRow("trailing slash") << QByteArray("GET") << QByteArray("/api/state/") << false
                                    << 404 << none << none << none << QByteArray();
    QTest::newRow("prefix of a pattern") << QByteArray("GET") << QByteArray("/api") << false << 404
                                         << none << none << none << QByteArray();
    QTest::newRow("root") << QByteArray("GET") << QByteArray("/") << false << 404 << none << none
                          << none << QByteArray();
    QTest::newRow("empty placeholder")
        << QByteArray("POST") << QByteArray("/api/routes//backends/0/enable") << false << 404
        << none << none << none << QByteArray();
    QTest::newRow("extra segment")
        << QByteArray("POST") << QByteArray("/api/routes/a/backends/0/enable/x") << false << 404
        << none << none << none << QByteArray();
    QTest::newRow("dot-segments are not resolved")
        << QByteArray("GET") << QByteArray("/api/x/../state") << false << 404 << none << none
        << none << QByteArray();

    QTest::newRow("browser may read")
        << QByteArray("GET") << QByteArray("/api/state") << true << 200 << QStringLiteral("state")
        << none << none << QByteArray();
    QTest::newRow("browser may not change state")
        << QByteArray("POST") << QByteArray("/api/routes/a/backends/0/enable") << true << 403
        << none << none << none << QByteArray();
    QTest::newRow("browser wrong method is still 405")
        << QByteArray("PATCH") << QByteArray("/api/state") << true << 405 << none << none << none
        << QByteArray("GET, HEAD");
}

void TestAdminRouter::dispatch() {
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(bool, fromBrowser);
    QFETCH(int, status);
    QFETCH(QString, handler);
    QFETCH(QString, route);
    QFETCH(QString, index);
    QFETCH(QByteArray, allow);

    const AdminRouter router = makeRouter();
    AdminRequest request;
    request.method = method;
    request.path = path;
    request.fromBrowser = fromBrowser;
    const std::optional<AdminResponse> dispatched = router.dispatch(request);
    QVERIFY(dispatched);
    const AdminResponse &response = *dispatched;

    QCOMPARE(response.status, status);
    QCOMPARE(response.allow, allow);
    const QJsonObject body = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(body.value(QLatin1String("handler")).toString(), handler);
    QCOMPARE(body.value(QLatin1String("route")).toString(), route);
    QCOMPARE(body.value(QLatin1String("index")).toString(), index);
}

void TestAdminRouter::errorsAreJson_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("404 names the path")
        << QByteArray("GET") << QByteArray("/nope") << QStringLiteral("/nope");
    QTest::newRow("405 names method and path")
        << QByteArray("DELETE") << QByteArray("/metrics")
        << QStringLiteral("DELETE is not allowed on /metrics");
}

void TestAdminRouter::errorsAreJson() {
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QString, mentions);

    AdminRequest request;
    request.method = method;
    request.path = path;
    const std::optional<AdminResponse> dispatched = makeRouter().dispatch(request);
    QVERIFY(dispatched);
    const AdminResponse &response = *dispatched;

    QCOMPARE(response.contentType, QByteArray("application/json"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(document.object().keys(), QStringList{QStringLiteral("error")});
    QVERIFY2(document.object().value(QLatin1String("error")).toString().contains(mentions),
             response.body.constData());
}

void TestAdminRouter::deferredHandlerTakesTheRequest() {
    AdminRouter router = makeRouter();
    QString port;
    router.addDeferred("POST", "/api/demo/{port}/kill",
                       [&port](const AdminRequest &request, const AdminResponder &) {
                           port = request.parameters.value("port");
                       });
    AdminRequest request;
    request.method = "POST";
    request.path = "/api/demo/8081/kill";

    QVERIFY(!router.dispatch(request));
    QCOMPARE(port, QStringLiteral("8081"));

    request.method = "GET"; // a deferred endpoint answers 405 like any other
    const std::optional<AdminResponse> wrongMethod = router.dispatch(request);
    QVERIFY(wrongMethod);
    QCOMPARE(wrongMethod->status, 405);
    QCOMPARE(wrongMethod->allow, QByteArray("POST"));
}

QTEST_GUILESS_MAIN(TestAdminRouter)
#include "tst_adminrouter.moc"
