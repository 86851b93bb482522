#include "details/instancedetails.h"

#include "common/displayformat.h"
#include "common/healthexplanation.h"
#include "common/instancecolors.h"
#include "details/detailstable.h"

#include "model/gatewaysnapshot.h"

#include <QCoreApplication>

namespace {
QString timeOfDay(const QDateTime &at) {
    return at.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}
} // namespace

QString instanceDetailsHtml(const RouteSnapshot &route, const BackendSnapshot &backend,
                            const QPalette &palette, InstanceColors &colors) {
    DetailsTable table(palette);
    const QString strategy = QString::fromLatin1(strategyName(route.strategy));

    table.section(QCoreApplication::translate("InstanceDetails", "Instance %1 (#%2)")
                      .arg(backend.name)
                      .arg(backend.index + 1));
    table.row(QCoreApplication::translate("InstanceDetails", "URL"),
              QStringLiteral("<span style='color:%1'>&#9679;</span> %2")
                  .arg(colors.colorFor(backend.id).name(), backend.url.toHtmlEscaped()));
    // A HAProxy backend has no path: its frontend's rules choose it.
    table.row(
        QCoreApplication::translate("InstanceDetails", "Route"),
        (route.path.isEmpty()
             ? QCoreApplication::translate("InstanceDetails", "%1 (%2)").arg(route.id, strategy)
             : QCoreApplication::translate("InstanceDetails", "%1 (%2, %3)")
                   .arg(route.id, QString::fromUtf8(route.path), strategy))
            .toHtmlEscaped());
    QString admin = adminStateText(backend.adminState);
    if (backend.adminStateChangedAt.isValid())
        admin = QCoreApplication::translate("InstanceDetails", "%1 since %2")
                    .arg(admin, timeOfDay(backend.adminStateChangedAt));
    table.row(QCoreApplication::translate("InstanceDetails", "Admin state"), admin.toHtmlEscaped());
    table.row(QCoreApplication::translate("InstanceDetails", "Weight"),
              strategyUsesWeights(route.strategy)
                  ? QString::number(backend.weight)
                  : QCoreApplication::translate("InstanceDetails", "%1 (%2 ignores weights)")
                        .arg(backend.weight)
                        .arg(strategy)
                        .toHtmlEscaped());

    table.section(QCoreApplication::translate("InstanceDetails", "Why up or down"));
    for (const QString &line : healthExplanation(backend))
        table.row(QString(), line.toHtmlEscaped());
    if (route.panic)
        table.row(QString(),
                  QCoreApplication::translate(
                      "InstanceDetails", "The route is in panic: every enabled instance is down "
                                         "by health, so requests go to them anyway rather than "
                                         "failing with 503.")
                      .toHtmlEscaped());

    table.section(QCoreApplication::translate("InstanceDetails", "Traffic"));
    table.row(QCoreApplication::translate("InstanceDetails", "Active"),
              formatCount(quint64(backend.activeRequests)));
    table.row(QCoreApplication::translate("InstanceDetails", "Requests"),
              formatCount(backend.requests));
    table.row(QCoreApplication::translate("InstanceDetails", "Attempt errors"),
              formatCount(backend.attemptErrors));
    table.row(QCoreApplication::translate("InstanceDetails", "Latency"),
              QCoreApplication::translate("InstanceDetails", "p50 %1, p99 %2")
                  .arg(formatDuration(backend.latencyP50Us), formatDuration(backend.latencyP99Us))
                  .toHtmlEscaped());
    table.row(QCoreApplication::translate("InstanceDetails", "Expected share"),
              QStringLiteral("%1 %").arg(backend.expectedShare * 100.0, 0, 'f', 0));
    return table.html();
}
