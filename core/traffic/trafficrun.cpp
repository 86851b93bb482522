#include "traffic/trafficrun.h"

#include "traffic/trafficconnection.h"

#include <QThread>
#include <algorithm>

namespace {

QByteArray requestFor(const TrafficPlan &plan) {
    const QByteArray authority = plan.baseUrl.host(QUrl::FullyEncoded).toLatin1() + ':' +
                                 QByteArray::number(plan.baseUrl.port());
    return "GET " + plan.path + " HTTP/1.1\r\nHost: " + authority +
           "\r\nUser-Agent: gateway-console-traffic\r\n\r\n";
}

} // namespace

TrafficRun::TrafficRun(const TrafficPlan &plan, QObject *parent)
    : QObject(parent)
    , m_plan(plan)
    , m_expected(plan.expectedRequests()) {
    Q_ASSERT(plan.validationError().isEmpty());
    const QByteArray request = requestFor(plan);
    for (int i = 0; i < plan.concurrency; ++i) {
        auto *connection = new TrafficConnection(plan.baseUrl.host(), quint16(plan.baseUrl.port()),
                                                 request, plan.requestTimeout, this);
        connect(connection, &TrafficConnection::responded, this, &TrafficRun::onResponded);
        connect(connection, &TrafficConnection::failed, this, &TrafficRun::onFailed);
        m_connections.append(connection);
    }
    m_slotTimer.setSingleShot(true);
    m_slotTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_slotTimer, &QTimer::timeout, this, &TrafficRun::issueRequests);
    m_progressTimer.setInterval(progressInterval);
    connect(&m_progressTimer, &QTimer::timeout, this, &TrafficRun::reportProgress);
}

TrafficRun::~TrafficRun() = default;

void TrafficRun::start() {
    Q_ASSERT(thread() == QThread::currentThread());
    m_clock.start();
    m_progressTimer.start();
    issueRequests();
}

void TrafficRun::stop() {
    Q_ASSERT(thread() == QThread::currentThread());
    if (!m_finished)
        finish(true);
}

void TrafficRun::postIssue() {
    // Outcomes arrive inside a connection's socket callbacks; the next request is issued from
    // the event loop, which also keeps a stop() posted meanwhile from waiting behind a long
    // series of instantly refused connects.
    if (m_issuePosted || m_finished)
        return;
    m_issuePosted = true;
    QMetaObject::invokeMethod(this, &TrafficRun::issueRequests, Qt::QueuedConnection);
}

void TrafficRun::issueRequests() {
    m_issuePosted = false;
    if (m_finished)
        return;
    if (m_plan.mode == TrafficPlan::Mode::Count)
        issueCountMode();
    else
        issueRateMode();
    if (isDone())
        finish(false);
}

void TrafficRun::issueCountMode() {
    while (m_summary.sent < m_plan.totalRequests) {
        TrafficConnection *connection = freeConnection();
        if (!connection)
            return;
        issueOn(connection);
    }
}

void TrafficRun::issueRateMode() {
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 slotNs = 1'000'000'000 / m_plan.requestsPerSecond;
    // Slot i is due at i * slotNs; every slot due by now is sent (or skipped) here.
    qint64 due = now / slotNs + 1;
    if (m_expected >= 0)
        due = std::min(due, m_expected);
    for (; m_slotsPassed < due; ++m_slotsPassed) {
        if (TrafficConnection *connection = freeConnection())
            issueOn(connection);
        else
            ++m_summary.skipped;
    }
    if (m_expected < 0 || m_slotsPassed < m_expected) {
        const qint64 waitNs = m_slotsPassed * slotNs - m_clock.nsecsElapsed();
        m_slotTimer.start(int(std::max<qint64>(0, (waitNs + 999'999) / 1'000'000)));
    }
}

TrafficConnection *TrafficRun::freeConnection() const {
    const auto found = std::find_if(m_connections.cbegin(), m_connections.cend(),
                                    [](const TrafficConnection *c) { return c->isFree(); });
    return found == m_connections.cend() ? nullptr : *found;
}

void TrafficRun::issueOn(TrafficConnection *connection) {
    ++m_summary.sent;
    connection->send();
}

void TrafficRun::onResponded(int status, std::chrono::microseconds latency) {
    if (status < 400)
        ++m_summary.ok;
    else
        ++m_summary.errorsByStatus[status];
    m_latency.record(latency);
    postIssue();
}

void TrafficRun::onFailed(TrafficTransportError error) {
    ++m_summary.transportErrors[error];
    postIssue();
}

void TrafficRun::reportProgress() {
    const qint64 completed = m_summary.completed();
    if (m_summary.sent == m_reportedSent && completed == m_reportedCompleted)
        return;
    m_reportedSent = m_summary.sent;
    m_reportedCompleted = completed;
    Q_EMIT progress(m_summary.sent, completed);
}

bool TrafficRun::isDone() const {
    if (m_expected < 0)
        return false;
    const bool allIssued = m_plan.mode == TrafficPlan::Mode::Count ? m_summary.sent >= m_expected
                                                                   : m_slotsPassed >= m_expected;
    return allIssued && m_summary.completed() == m_summary.sent;
}

void TrafficRun::finish(bool stopped) {
    m_finished = true;
    m_slotTimer.stop();
    m_progressTimer.stop();
    for (TrafficConnection *connection : std::as_const(m_connections))
        connection->abort();
    m_summary.stopped = stopped;
    m_summary.latencyP50Us = m_latency.quantileMicros(0.5);
    m_summary.latencyP99Us = m_latency.quantileMicros(0.99);
    m_summary.elapsed = std::chrono::milliseconds(m_clock.elapsed());
    reportProgress();
    Q_EMIT finished(m_summary);
}
