#include "haproxy/haproxysession.h"

#include "haproxy/haproxylogreceiver.h"
#include "haproxy/runtimeapiclient.h"
#include "haproxy/runtimecommand.h"
#include "haproxy/runtimestate.h"

#include <QHostAddress>

namespace {

const QByteArray showStat = "show stat";
const QByteArray showServersState = "show servers state";

ControlResult unreachable(const RuntimeApiAnswer &answer) {
    return ControlResult::failure(ControlResult::Error::NotRunning, answer.message);
}

} // namespace

QList<HaproxySession::UnavailableFeature> HaproxySession::unavailableFeatures() {
    return {
        {Feature::RouteTester,
         QStringLiteral("the route tester runs the gateway's own routing; HAProxy's runtime API "
                        "cannot tell which backend and server a request would get")},
        {Feature::DemoFaults,
         QStringLiteral("demo faults act on the gateway's in-process demo instances; HAProxy's "
                        "servers are processes of their own")},
        {Feature::StrategyChange,
         QStringLiteral("HAProxy 2.6 cannot change a backend's balance algorithm at run time; "
                        "edit haproxy.cfg and reload HAProxy")},
        {Feature::Reload,
         QStringLiteral("the console cannot reload HAProxy's config; HAProxy reloads on SIGUSR2 "
                        "(master-worker mode) or a restart")},
        {Feature::TrafficInspector,
         QStringLiteral("HAProxy's access log has no headers or bodies, and the console sees "
                        "only what that log says")},
    };
}

HaproxySession::HaproxySession(const RuntimeApiAddress &address, QObject *parent)
    : LiveBalancer(parent)
    , m_address(address)
    , m_client(std::make_unique<RuntimeApiClient>(address)) {
    qRegisterMetaType<RequestRecord>();
    qRegisterMetaType<QList<RequestRecord>>();
    qRegisterMetaType<GatewaySnapshot>();
    qRegisterMetaType<ControlResult>();
    connect(m_client.get(), &RuntimeApiClient::answered, this,
            [this](const RuntimeApiAnswer &answer) {
                if (m_handlers.isEmpty())
                    return;
                const auto handler = m_handlers.takeFirst();
                handler(answer);
            });
    m_pollTimer.setInterval(defaultPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &HaproxySession::poll);
}

HaproxySession::~HaproxySession() = default;

void HaproxySession::setPollIntervalMs(int ms) {
    m_pollTimer.setInterval(ms);
}

void HaproxySession::setCommandTimeoutMs(int ms) {
    m_client->setTimeoutMs(ms);
}

bool HaproxySession::listenForLogs(quint16 port, QString *error, const QHostAddress &address) {
    auto logs = std::make_unique<HaproxyLogReceiver>();
    if (!logs->listen(port, address)) {
        *error = QStringLiteral("cannot receive HAProxy's log on %1:%2: %3")
                     .arg(address.toString())
                     .arg(port)
                     .arg(logs->errorString());
        return false;
    }
    connect(logs.get(), &HaproxyLogReceiver::recordsReady, this, &HaproxySession::completeRecords);
    connect(logs.get(), &HaproxyLogReceiver::garbled, this, &HaproxySession::logGarbled);
    m_logs = std::move(logs);
    return true;
}

quint16 HaproxySession::logPort() const {
    return m_logs ? m_logs->port() : 0;
}

quint64 HaproxySession::garbledLogLines() const {
    return m_logs ? m_logs->garbledLines() : 0;
}

QString HaproxySession::description() const {
    return QStringLiteral("HAProxy at %1").arg(m_address.toString());
}

void HaproxySession::start() {
    if (m_phase != Phase::Stopped)
        return;
    m_phase = Phase::Starting;
    poll();
}

void HaproxySession::stop() {
    if (m_phase == Phase::Stopped)
        return;
    m_phase = Phase::Stopped;
    m_pollTimer.stop();
    if (m_logs) {
        m_logs->flush(); // the records received so far, then the port is closed
        m_logs.reset();
    }
    QMetaObject::invokeMethod(this, &HaproxySession::stopped, Qt::QueuedConnection);
}

void HaproxySession::requestSnapshot() {
    poll();
}

void HaproxySession::sendLine(const QByteArray &line,
                              std::function<void(const RuntimeApiAnswer &)> handler) {
    m_handlers.append(std::move(handler));
    m_client->send(line);
}

void HaproxySession::poll() {
    if (m_phase == Phase::Stopped || m_pollInFlight)
        return;
    m_pollInFlight = true;
    const auto answered = [this](const RuntimeApiAnswer &answer) { pollAnswered(answer); };
    sendLine(showStat, answered);
    sendLine(showServersState, answered);
}

void HaproxySession::pollAnswered(const RuntimeApiAnswer &answer) {
    if (answer.command == showStat) {
        m_statAnswer = answer;
        return;
    }
    // show servers state's answer ends the poll, whatever show stat's was.
    m_pollInFlight = false;
    if (m_phase == Phase::Stopped)
        return;
    if (!m_statAnswer.ok()) {
        failPoll(m_statAnswer.message);
        return;
    }
    const ShowStatResult stat = parseShowStat(m_statAnswer.text);
    if (!stat.stat) {
        failPoll(QStringLiteral("%1 is not HAProxy's runtime API: %2")
                     .arg(m_address.toString(), stat.error));
        return;
    }
    if (!answer.ok()) {
        failPoll(answer.message);
        return;
    }
    const ServersStateResult states = parseServersState(answer.text);
    if (!states.states) {
        failPoll(QStringLiteral("%1: %2").arg(m_address.toString(), states.error));
        return;
    }
    m_lastSnapshot = haproxySnapshot(*stat.stat, *states.states, description());
    if (m_phase == Phase::Starting) {
        m_phase = Phase::Running;
        m_pollTimer.start();
        Q_EMIT started(QString(), m_address.toString());
    }
    Q_EMIT snapshotReady(m_lastSnapshot);
}

void HaproxySession::failPoll(const QString &message) {
    if (m_phase == Phase::Starting) {
        m_phase = Phase::Stopped;
        Q_EMIT startFailed(message);
        return;
    }
    Q_EMIT pollFailed(message);
}

const BackendSnapshot *HaproxySession::serverAt(const QString &routeId, int index,
                                                ControlResult *failure) {
    if (m_phase != Phase::Running) {
        *failure = ControlResult::failure(ControlResult::Error::NotRunning,
                                          QStringLiteral("not connected to HAProxy"));
        return nullptr;
    }
    const RouteSnapshot *route = m_lastSnapshot.findRoute(routeId);
    if (!route) {
        *failure =
            ControlResult::failure(ControlResult::Error::UnknownRoute,
                                   QStringLiteral("HAProxy has no backend '%1'").arg(routeId));
        return nullptr;
    }
    if (index < 0 || index >= route->backends.size()) {
        *failure = ControlResult::failure(
            ControlResult::Error::UnknownBackend,
            QStringLiteral("backend '%1' has no server #%2").arg(routeId).arg(index + 1));
        return nullptr;
    }
    return &route->backends[index];
}

void HaproxySession::finishControl(const ControlResult &result) {
    // Answered later, as the controller's are, even when refused before anything was sent.
    QMetaObject::invokeMethod(
        this, [this, result] { Q_EMIT controlFinished(result); }, Qt::QueuedConnection);
    if (result.ok())
        poll();
}

void HaproxySession::runLines(QList<QByteArray> lines) {
    if (lines.isEmpty()) {
        finishControl(ControlResult::success());
        return;
    }
    const QByteArray line = lines.takeFirst();
    sendLine(line, [this, lines](const RuntimeApiAnswer &answer) {
        if (!answer.ok()) {
            finishControl(unreachable(answer));
            return;
        }
        const ControlResult result = interpretCommandAnswer(answer.text);
        if (!result.ok()) {
            finishControl(result);
            return;
        }
        runLines(lines);
    });
}

void HaproxySession::runCommand(const RuntimeCommand &command) {
    if (!command.ok()) {
        finishControl(ControlResult::failure(ControlResult::Error::InvalidArgument, command.error));
        return;
    }
    runLines(command.lines);
}

void HaproxySession::runOnServer(const QString &routeId, int index,
                                 const std::function<RuntimeCommand(const QString &)> &command) {
    ControlResult failure;
    const BackendSnapshot *server = serverAt(routeId, index, &failure);
    if (!server) {
        finishControl(failure);
        return;
    }
    runCommand(command(server->name));
}

void HaproxySession::setBackendAdminState(const QString &routeId, int index, AdminState state) {
    runOnServer(routeId, index, [&](const QString &serverName) {
        return RuntimeCommand::setAdminState(routeId, serverName, state);
    });
}

void HaproxySession::setBackendWeight(const QString &routeId, int index, int weight) {
    runOnServer(routeId, index, [&](const QString &serverName) {
        return RuntimeCommand::setWeight(routeId, serverName, weight);
    });
}

int HaproxySession::weightLimit() const {
    return maxHaproxyRuntimeWeight;
}

void HaproxySession::addBackend(const QString &routeId, const QUrl &url, int weight,
                                const QString &name) {
    if (m_phase != Phase::Running || !m_lastSnapshot.findRoute(routeId)) {
        ControlResult failure;
        serverAt(routeId, 0, &failure);
        finishControl(failure);
        return;
    }
    const bool plainHttp = url.scheme() == QLatin1String("http") && url.port() > 0 &&
                           (url.path().isEmpty() || url.path() == QLatin1String("/")) &&
                           !url.hasQuery();
    if (!plainHttp) {
        finishControl(ControlResult::failure(
            ControlResult::Error::InvalidArgument,
            QStringLiteral("'%1': HAProxy adds a server as http://IP:PORT, without a path")
                .arg(url.toString())));
        return;
    }
    const QString host = url.host();
    const QString address = host.contains(QLatin1Char(':'))
                                ? QStringLiteral("[%1]:%2").arg(host).arg(url.port())
                                : QStringLiteral("%1:%2").arg(host).arg(url.port());
    QString serverName = name;
    if (serverName.isEmpty()) {
        serverName = QStringLiteral("%1_%2").arg(host).arg(url.port());
        serverName.replace(QLatin1Char(':'), QLatin1Char('_'));
    }
    runCommand(RuntimeCommand::addServer(routeId, serverName, address, weight));
}

void HaproxySession::removeBackend(const QString &routeId, int index) {
    runOnServer(routeId, index, [&](const QString &serverName) {
        return RuntimeCommand::deleteServer(routeId, serverName);
    });
}

AttemptRecord HaproxySession::attemptOn(const BackendSnapshot &server,
                                        const RequestRecord &record) {
    // HAProxy's log names the one server that took the request, without itemizing retries: one
    // attempt, so that what counts attempts (the window's chart and details) counts it as the
    // gateway's. The status is the server's unless the server failed before answering.
    const bool serverFailed = record.outcome == Outcome::UpstreamError;
    AttemptRecord attempt;
    attempt.backendId = server.id;
    attempt.backendIndex = server.index;
    attempt.backendName = server.name;
    attempt.status = serverFailed ? 0 : record.status;
    attempt.instanceFault = serverFailed;
    return attempt;
}

void HaproxySession::completeRecords(QList<RequestRecord> records) {
    for (RequestRecord &record : records) {
        const RouteSnapshot *route = m_lastSnapshot.findRoute(record.routeId);
        if (!route || record.backendName.isEmpty())
            continue;
        for (const BackendSnapshot &server : route->backends) {
            if (server.name == record.backendName) {
                record.backendId = server.id;
                record.backendIndex = server.index;
                record.backendUrl = server.url.toUtf8();
                record.attempts = {attemptOn(server, record)};
                break;
            }
        }
    }
    Q_EMIT recordsReady(records);
}
