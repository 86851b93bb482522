// The config `make run` starts (resources/gateway.yaml) reproduces the blog's own test with
// nothing else running: /service-a answers from 8081, 8082, 8081 and /service-b from 8083, 8084.
// The file is read as the program reads it (the :/gateway.yaml resource) and run as it is; only
// its ports are swapped for free ones (tests never use fixed ports), so its routes, demo section
// and health checks are the ones users get.
#include "config/bundledconfig.h"
#include "config/configloader.h"
#include "gatewayfixture.h"
#include "rawclient.h"

#include <algorithm>

#include <QFile>
#include <QLoggingCategory>
#include <QTest>

class TestBundledConfig final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void answersLikeTheBlogsTest();
};

void TestBundledConfig::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestBundledConfig::answersLikeTheBlogsTest() {
    QFile file(QString::fromLatin1(bundledConfigPath));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    QByteArray yaml = file.readAll();
    // The listener and the admin API on any free port.
    for (const QByteArray &fixed : {QByteArray("127.0.0.1:8080"), QByteArray("127.0.0.1:8090")}) {
        QCOMPARE(yaml.count(fixed), 1);
        yaml.replace(fixed, "127.0.0.1:0");
    }
    // Each demo port on a free one, all different (a busy machine can hand out a port just
    // closed again) and none holding a number still to be replaced ("38082" for 8081).
    const QList<QByteArray> fixedDemoPorts = {"8081", "8082", "8083", "8084"};
    QList<QByteArray> demoPorts;
    while (demoPorts.size() < fixedDemoPorts.size()) {
        const QByteArray port = QByteArray::number(GatewayFixture::unusedPort());
        const bool holdsAFixedPort =
            std::any_of(fixedDemoPorts.cbegin(), fixedDemoPorts.cend(),
                        [&port](const QByteArray &fixed) { return port.contains(fixed); });
        if (!demoPorts.contains(port) && !holdsAFixedPort)
            demoPorts.append(port);
    }
    for (qsizetype i = 0; i < fixedDemoPorts.size(); ++i) {
        QCOMPARE(yaml.count(fixedDemoPorts[i]), 2); // the demo section and one target
        yaml.replace(fixedDemoPorts[i], demoPorts[i]);
    }
    const ConfigLoadResult loaded = loadConfigText(yaml, file.fileName());
    QVERIFY2(loaded.ok(),
             loaded.errors.isEmpty() ? "no config" : qPrintable(loaded.errors.first().toString()));

    GatewayFixture gateway;
    QVERIFY2(gateway.start(*loaded.config), qPrintable(gateway.startError()));
    const auto hello = [](const QByteArray &port) -> QByteArray {
        return "Hello from instance :" + port + '\n';
    };
    const QList<std::pair<QByteArray, QByteArray>> expected = {
        {"/service-a", hello(demoPorts[0])}, {"/service-a", hello(demoPorts[1])},
        {"/service-a", hello(demoPorts[0])}, {"/service-b", hello(demoPorts[2])},
        {"/service-b", hello(demoPorts[3])},
    };
    for (const auto &[path, body] : expected) {
        const ParsedResponse response =
            RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", path));
        QVERIFY2(response.complete, response.error.constData());
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body.bytes(), body);
    }
}

QTEST_GUILESS_MAIN(TestBundledConfig)
#include "tst_bundledconfig.moc"
