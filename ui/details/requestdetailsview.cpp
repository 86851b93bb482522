#include "details/requestdetailsview.h"

#include "common/displayformat.h"
#include "common/instancecolors.h"
#include "common/statuscolors.h"
#include "details/detailstable.h"
#include "details/instancedetails.h"

#include "model/gatewaysnapshot.h"

#include <QDateTime>
#include <QEvent>

namespace {
QString escaped(const QString &text) {
    return text.toHtmlEscaped();
}

QString escaped(const QByteArray &text) {
    return QString::fromUtf8(text).toHtmlEscaped();
}

} // namespace

RequestDetailsView::RequestDetailsView(InstanceColors &colors, QWidget *parent)
    : QTextBrowser(parent)
    , m_colors(colors) {
    setPlaceholderText(
        tr("Select a request in the log, or an instance in the routes list, to see its details."));
    setOpenLinks(false);
}

void RequestDetailsView::showRecord(const RequestRecord &record) {
    m_instanceId = 0;
    m_record = record;
    m_shownId = record.id;
    m_hiddenNote.clear();
    setHtmlIfChanged(html(record));
}

void RequestDetailsView::clearRecord() {
    if (!m_record)
        return;
    m_record.reset();
    m_shownId = 0;
    m_hiddenNote.clear();
    m_shownHtml.clear();
    clear();
}

void RequestDetailsView::noteRecordHidden(quint64 recordId, const QString &why) {
    if (!m_record || m_shownId != recordId)
        return;
    m_hiddenNote = why;
    setHtmlIfChanged(html(*m_record));
}

void RequestDetailsView::showInstance(const QString &routeId, quint64 backendId,
                                      const GatewaySnapshot &snapshot) {
    m_record.reset();
    m_shownId = 0;
    m_instanceRouteId = routeId;
    m_instanceId = backendId;
    m_shownHtml.clear();
    applySnapshot(snapshot);
}

void RequestDetailsView::clearInstance() {
    if (m_instanceId == 0)
        return;
    m_instanceId = 0;
    m_shownHtml.clear();
    clear();
}

void RequestDetailsView::applySnapshot(const GatewaySnapshot &snapshot) {
    if (m_instanceId == 0)
        return;
    const RouteSnapshot *route = snapshot.findRoute(m_instanceRouteId);
    if (route) {
        for (const BackendSnapshot &backend : route->backends) {
            if (backend.id == m_instanceId) {
                setHtmlIfChanged(instanceDetailsHtml(*route, backend, palette(), m_colors));
                return;
            }
        }
    }
    clearInstance(); // removed, or a config without it
}

void RequestDetailsView::setHtmlIfChanged(const QString &html) {
    if (html == m_shownHtml)
        return;
    m_shownHtml = html;
    setHtml(html);
}

void RequestDetailsView::changeEvent(QEvent *event) {
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_record)
        setHtmlIfChanged(html(*m_record));
}

QString RequestDetailsView::html(const RequestRecord &record) {
    const QPalette palette = this->palette();
    DetailsTable table(palette);

    if (!m_hiddenNote.isEmpty())
        table.note(m_hiddenNote);
    table.section(tr("Request #%1").arg(record.id));
    table.row(tr("Time"), escaped(QDateTime::fromMSecsSinceEpoch(record.startedAtMs)
                                      .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))));
    table.row(tr("Client"), escaped(record.clientAddress));
    table.row(tr("Request"), escaped(record.method) + QLatin1Char(' ') + escaped(record.target));

    table.section(tr("Routing"));
    table.row(tr("Route"),
              record.routeId.isEmpty() ? tr("(none matched)") : escaped(record.routeId));
    if (record.backendId != 0) {
        table.row(tr("Instance"),
                  QStringLiteral("<span style='color:%1'>&#9679;</span> %2 (#%3)")
                      .arg(m_colors.colorFor(record.backendId).name(), escaped(record.backendName),
                           QString::number(record.backendIndex + 1)));
        table.row(tr("Instance URL"), escaped(record.backendUrl));
    } else {
        table.row(tr("Instance"), tr("(none)"));
    }
    table.row(tr("Sent upstream"), escaped(upstreamTargetText(record)));
    table.row(tr("Reason"), escaped(formatReason(record)));

    // Every pick with every instance and why it was or was not taken; a retry is a new pick.
    for (qsizetype i = 0; i < record.picks.size(); ++i) {
        const PickExplanation &pick = record.picks[i];
        table.section(record.picks.size() == 1
                          ? tr("Why this instance? (%1)").arg(escaped(strategyName(pick.strategy)))
                          : tr("Why this instance? Pick %1 of %2 (%3)")
                                .arg(i + 1)
                                .arg(record.picks.size())
                                .arg(escaped(strategyName(pick.strategy))));
        const QList<QByteArray> lines = pick.candidateLines();
        if (lines.isEmpty())
            table.row(QString(), tr("(the route has no instances)"));
        for (const QByteArray &line : lines)
            table.row(QString(), escaped(line));
    }

    table.section(tr("Response"));
    // "201 (ok)", or "200 ✂ aborted" for a response cut after its status: never a plain 200.
    const QString status = record.status != 0 ? QString::number(record.status) : tr("none");
    const QString ending = escaped(outcomeName(record.outcome));
    table.row(tr("Status"), QStringLiteral("<span style='color:%1'><b>%2</b> %3</span>")
                                .arg(statusColor(record, palette).name(), status,
                                     isResponseCut(record) ? QStringLiteral("\u2702 %1").arg(ending)
                                                           : QStringLiteral("(%1)").arg(ending)));
    table.row(tr("Result"), escaped(resultText(resultOf(record))));
    // HAProxy's httplog counts the bytes it sent the client, not those it received.
    table.row(tr("Body in"), record.source == RecordSource::HaproxyLog
                                 ? escaped(notInHaproxyLogText())
                                 : escaped(formatBytes(record.bytesIn)));
    table.row(tr("Body out"), escaped(formatBytes(record.bytesOut)));

    table.section(tr("Timings"));
    table.row(tr("First byte"), escaped(recordDurationText(record, record.timeToFirstByteUs)));
    table.row(tr("Total"), escaped(recordDurationText(record, record.totalUs)));

    table.section(tr("Attempts"));
    if (record.attempts.isEmpty())
        table.row(QString(), tr("(no instance was tried)"));
    for (int i = 0; i < record.attempts.size(); ++i) {
        const AttemptRecord &attempt = record.attempts[i];
        QString outcome = attempt.status != 0 ? QString::number(attempt.status) : tr("no response");
        if (!attempt.error.isEmpty())
            outcome += QStringLiteral(", ") + escaped(attempt.error);
        table.row(QString::number(i + 1),
                  QStringLiteral("<span style='color:%1'>&#9679;</span> %2 (#%3): %4")
                      .arg(m_colors.colorFor(attempt.backendId).name(),
                           escaped(attempt.backendName), QString::number(attempt.backendIndex + 1),
                           outcome));
    }
    return table.html();
}
