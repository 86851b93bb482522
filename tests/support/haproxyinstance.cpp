#include "haproxyinstance.h"

#include "export/configexport.h"
#include "gatewayfixture.h"

#include <QFile>
#include <QStandardPaths>
#include <QTest>

HaproxyInstance::HaproxyInstance() = default;

HaproxyInstance::~HaproxyInstance() = default;

bool HaproxyInstance::requireHaproxy() {
    if (QStandardPaths::findExecutable(QStringLiteral("haproxy")).isEmpty() &&
        QStandardPaths::findExecutable(QStringLiteral("haproxy"), {QStringLiteral("/usr/sbin")})
            .isEmpty()) {
        QTest::qFail("haproxy is not installed: scripts/install-deps.sh build", __FILE__, __LINE__);
        return false;
    }
    qputenv("PATH", qgetenv("PATH") + ":/usr/sbin");
    return true;
}

GatewayConfig HaproxyInstance::alphaBetaConfig(const QString &sourceFile, const QUrl &alpha,
                                               const QUrl &beta) {
    GatewayConfig config = GatewayFixture::baseConfig();
    config.sourceFile = sourceFile;
    RouteConfig roundRobin = GatewayFixture::route(QStringLiteral("rr"), "/rr", {alpha, beta});
    roundRobin.targets[0].name = QStringLiteral("alpha");
    roundRobin.targets[1].name = QStringLiteral("beta");
    RouteConfig weighted = roundRobin;
    weighted.id = QStringLiteral("weighted");
    weighted.path = "/weighted";
    weighted.strategy = StrategyKind::WeightedRoundRobin;
    config.routes = {roundRobin, weighted};
    return config;
}

bool HaproxyInstance::start(GatewayConfig config, quint16 logPort) {
    stop();
    m_port = GatewayFixture::unusedPort();
    m_adminPort = GatewayFixture::unusedPort();
    config.listen.port = m_port;
    ExportSource source;
    source.config = config;
    QByteArray text = exportConfig(ExportFormat::Haproxy, source);
    const QByteArray exportedSocket = "stats socket unix@haproxy-admin.sock mode 600 level admin";
    const QByteArray exportedLog = "log 127.0.0.1:5140 local0 info";
    if (!text.contains(exportedSocket) || !text.contains(exportedLog)) {
        qWarning("the export's stats socket or log line changed:\n%s", text.constData());
        return false;
    }
    QFile::remove(adminSocket());
    QFile::remove(userSocket());
    text.replace(exportedSocket, QByteArray("stats socket unix@" + adminSocket().toUtf8() +
                                            " mode 600 level admin\n    stats socket 127.0.0.1:" +
                                            QByteArray::number(m_adminPort) +
                                            " level admin\n    stats socket unix@" +
                                            userSocket().toUtf8() + " mode 600 level user"));
    text.replace(exportedLog,
                 logPort == 0
                     ? QByteArray()
                     : QByteArray("log 127.0.0.1:" + QByteArray::number(logPort) + " local0 info"));
    m_process = std::make_unique<EngineProcess>(ExportFormat::Haproxy);
    // HAProxy may bind its TCP listeners before its unix sockets appear under their names.
    if (!m_process->start(text) || !waitUntil(
                                       [&] {
                                           return m_process->isListening(m_port) &&
                                                  QFile::exists(adminSocket()) &&
                                                  QFile::exists(userSocket());
                                       },
                                       defaultWaitMs)) {
        qWarning("haproxy did not start: %s", qPrintable(m_process->output()));
        return false;
    }
    return true;
}

void HaproxyInstance::stop() {
    m_process.reset();
}
