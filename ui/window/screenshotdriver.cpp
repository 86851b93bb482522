#include "window/screenshotdriver.h"

#include "details/detailspane.h"
#include "inspector/capturelog.h"
#include "requestlog/requestlogmodel.h"
#include "requestlog/requestlogpanel.h"
#include "routes/routetreemodel.h"
#include "routes/routetreeview.h"
#include "scenarios/scenariocatalog.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"

#include "control/gatewaycontroller.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPixmap>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>

#include <cstdio>

namespace {
constexpr int firstRequestCount = 24;
constexpr int moreRequestCount = 16;
constexpr int deadlineMs = 30000;
// Long enough for the default checks (every 2 s, up after 2 in a row) to settle.
constexpr int healthDeadlineMs = 8000;
// Before the picture: the log's follow timer and the views' delayed layouts run first.
constexpr int settleMs = 300;

QByteArray pathUnder(const QByteArray &routePath, const QByteArray &path) {
    const QByteArray prefix = routePath == "/" ? QByteArray() : routePath;
    return prefix + path;
}

QByteArray pathUnder(const QByteArray &routePath, int n) {
    return pathUnder(routePath, "/items/" + QByteArray::number(n));
}

// The inspector's request: small enough to read whole in the Request tab.
constexpr char inspectedPath[] = "/echo";
constexpr char inspectedBody[] = R"({"item":"A-1","quantity":2})";
// The details pane's share of the log's width in the inspector view, as a user drags it to read
// a body.
constexpr int inspectorPanePercent = 38;

// Spread over every route, plus one request that no route takes (a 404 in the log).
bool healthIsKnown(const GatewaySnapshot &snapshot) {
    for (const RouteSnapshot &route : snapshot.routes) {
        for (const BackendSnapshot &backend : route.backends) {
            if (backend.health == Health::Unknown)
                return false;
        }
    }
    return true;
}

bool hasHealthChecks(const std::optional<GatewayConfig> &config) {
    return config &&
           std::any_of(config->routes.cbegin(), config->routes.cend(),
                       [](const RouteConfig &route) { return route.healthCheck.has_value(); });
}

QList<QByteArray> firstPaths(const GatewaySnapshot &snapshot) {
    QList<QByteArray> paths;
    for (int i = 0; i < firstRequestCount && !snapshot.routes.isEmpty(); ++i)
        paths.append(pathUnder(snapshot.routes[i % snapshot.routes.size()].path, i));
    paths.append("/no-such-route");
    return paths;
}
} // namespace

ScreenshotDriver::ScreenshotDriver(MainWindow &window, GatewayController &controller,
                                   const QString &path, ScreenshotView view, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_controller(controller)
    , m_path(path)
    , m_view(view)
    , m_network(new QNetworkAccessManager(this)) {
    // Straight to the gateway, whatever http_proxy says.
    m_network->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(deadlineMs);
    m_healthDeadline.setSingleShot(true);
    m_healthDeadline.setInterval(healthDeadlineMs);
    connect(&m_healthDeadline, &QTimer::timeout, this,
            [this] { sendFirstRequests(m_controller.lastSnapshot()); });
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        saveAndFinish(1, (m_phase == Phase::WaitingForCapture
                              ? QStringLiteral("the selected request was not captured within %1 s "
                                               "(capture.enabled: false in the config?)")
                              : QStringLiteral("the requests did not all show up in the log "
                                               "within %1 s"))
                             .arg(deadlineMs / 1000));
    });
}

ScreenshotDriver::~ScreenshotDriver() = default;

void ScreenshotDriver::start() {
    GatewaySession &session = m_window.session();
    connect(&session, &GatewaySession::configFailed, this, [this](const QString &path) {
        saveAndFinish(1, QStringLiteral("the config %1 has errors").arg(path));
    });
    connect(&session, &GatewaySession::startFailed, this, [this](const QString &message) {
        saveAndFinish(1, QStringLiteral("the gateway could not start: %1").arg(message));
    });
    connect(&m_controller, &GatewayController::snapshotReady, this,
            [this](const GatewaySnapshot &snapshot) {
                switch (m_phase) {
                case Phase::WaitingForGateway:
                    // The first snapshot of a running gateway names its routes.
                    if (!snapshot.running)
                        return;
                    if (hasHealthChecks(m_window.session().config())) {
                        // Green and red dots say more than a column of "unknown".
                        m_phase = Phase::WaitingForHealth;
                        m_healthDeadline.start();
                        if (!healthIsKnown(snapshot))
                            return;
                    }
                    sendFirstRequests(snapshot);
                    return;
                case Phase::WaitingForHealth:
                    if (healthIsKnown(snapshot))
                        sendFirstRequests(snapshot);
                    return;
                case Phase::WaitingForDisable: {
                    const RouteSnapshot &route = snapshot.routes.first();
                    if (route.backends.last().adminState != AdminState::Disabled)
                        return;
                    m_phase = Phase::MoreRequests;
                    QList<QByteArray> paths;
                    for (int i = 0; i < moreRequestCount; ++i)
                        paths.append(pathUnder(route.path, firstRequestCount + i));
                    sendRequests(paths);
                    return;
                }
                case Phase::WaitingForSnapshot:
                    selectLastRow();
                    if (m_view == ScreenshotView::Inspector)
                        showInspectedExchange();
                    else
                        saveAndFinish(0, {});
                    return;
                default:
                    return;
                }
            });
    connect(m_window.logModel(), &QAbstractItemModel::rowsInserted, this,
            &ScreenshotDriver::checkLog);
    connect(m_window.captureLog(), &CaptureLog::changed, this, [this] {
        if (m_phase == Phase::WaitingForCapture)
            showInspectedExchange();
    });
    m_deadline.start();
}

void ScreenshotDriver::sendFirstRequests(const GatewaySnapshot &snapshot) {
    m_healthDeadline.stop();
    m_phase = Phase::FirstRequests;
    sendRequests(firstPaths(snapshot));
}

void ScreenshotDriver::sendRequests(const QList<QByteArray> &paths) {
    const QString base = m_window.session().listenUrl();
    for (const QByteArray &path : paths) {
        QNetworkRequest request(QUrl(base + QString::fromLatin1(path)));
        track(m_network->get(request));
    }
}

void ScreenshotDriver::track(QNetworkReply *reply) {
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
    ++m_pendingReplies;
    ++m_sent;
}

void ScreenshotDriver::sendInspectedRequest() {
    const GatewaySnapshot &snapshot = m_controller.lastSnapshot();
    if (snapshot.routes.isEmpty()) {
        waitForLog();
        return;
    }
    // Sent after every other reply, so that its row is the log's last.
    m_phase = Phase::InspectedRequest;
    QNetworkRequest request(
        QUrl(m_window.session().listenUrl() +
             QString::fromLatin1(pathUnder(snapshot.routes.first().path, inspectedPath))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    track(m_network->post(request, QByteArray(inspectedBody)));
}

void ScreenshotDriver::onReplyFinished(QNetworkReply *reply) {
    // The status does not matter here: every request, served or not, becomes a log row.
    reply->deleteLater();
    if (--m_pendingReplies > 0)
        return;
    if (m_phase == Phase::FirstRequests && m_view == ScreenshotView::Inspector)
        sendInspectedRequest();
    else if (m_phase == Phase::FirstRequests && !isScenario())
        disableOneInstance();
    else if (m_phase == Phase::FirstRequests || m_phase == Phase::MoreRequests ||
             m_phase == Phase::InspectedRequest)
        waitForLog();
}

bool ScreenshotDriver::isScenario() const {
    // A scenario's picture shows its strategy at work, expected beside observed; a disabled
    // instance would skew both.
    return ScenarioCatalog::bundled().findByConfigPath(m_window.session().configPath());
}

void ScreenshotDriver::disableOneInstance() {
    const GatewaySnapshot &snapshot = m_controller.lastSnapshot();
    if (snapshot.routes.isEmpty() || snapshot.routes.first().backends.size() < 2) {
        waitForLog();
        return;
    }
    const RouteSnapshot &route = snapshot.routes.first();
    // The same call a click on the check box makes; the next snapshot confirms it.
    m_phase = Phase::WaitingForDisable;
    const QModelIndex instance =
        m_window.routeModel()->instanceIndex(route.id, int(route.backends.size()) - 1);
    m_window.routeView()->setCurrentIndex(instance);
    m_window.routeModel()->requestAdminState(instance, AdminState::Disabled);
}

void ScreenshotDriver::waitForLog() {
    m_phase = Phase::WaitingForLog;
    checkLog();
}

void ScreenshotDriver::checkLog() {
    if (m_phase != Phase::WaitingForLog || m_window.logModel()->appendedCount() < quint64(m_sent))
        return;
    // The log has every request; one more snapshot brings the counters up to date with it.
    m_phase = Phase::WaitingForSnapshot;
    m_controller.requestSnapshot();
}

void ScreenshotDriver::selectLastRow() {
    m_window.logPanel()->showNewRows(); // without waiting for the table's next tick
    QTableView *log = m_window.logPanel()->view();
    log->selectRow(log->model()->rowCount() - 1);
}

void ScreenshotDriver::showInspectedExchange() {
    // The exchange comes in the capture's own batch, maybe after the record's.
    m_phase = Phase::WaitingForCapture;
    const RequestLogModel &log = *m_window.logModel();
    if (log.rowCount() == 0 || !m_window.captureLog()->find(log.recordAt(log.rowCount() - 1)))
        return;
    DetailsPane &pane = *m_window.detailsPane();
    pane.tabs()->setCurrentIndex(DetailsPane::ResponseBodyTab);
    QSplitter &splitter = *m_window.logSplitter();
    const int width = splitter.width();
    splitter.setSizes(
        {width * (100 - inspectorPanePercent) / 100, width * inspectorPanePercent / 100});
    saveAndFinish(0, {});
}

void ScreenshotDriver::saveAndFinish(int exitCode, const QString &problem) {
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    m_deadline.stop();
    if (!problem.isEmpty())
        std::fprintf(stderr, "screenshot: %s\n", qPrintable(problem));
    QTimer::singleShot(settleMs, this, [this, exitCode] {
        int code = exitCode;
        if (!m_window.grab().save(m_path, "PNG")) {
            std::fprintf(stderr, "screenshot: cannot write %s\n", qPrintable(m_path));
            code = 1;
        }
        Q_EMIT finished(code);
    });
}
