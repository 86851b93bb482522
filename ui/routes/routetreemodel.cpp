#include "routes/routetreemodel.h"

#include "common/displayformat.h"
#include "common/healthexplanation.h"
#include "common/instancecolors.h"
#include "common/statuscolors.h"
#include "routes/routesnapshotdiff.h"

#include <QFont>
#include <QGuiApplication>
#include <bit>

namespace {
// Route rows carry internal id 0; instance rows carry their route's row + 1.
constexpr quintptr routeRowId = 0;

QString timeOfDay(const QDateTime &at) {
    return at.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

QString healthSummary(const RouteTotals &totals) {
    QStringList parts;
    if (totals.up > 0)
        parts << RouteTreeModel::tr("%1 up").arg(totals.up);
    if (totals.down > 0)
        parts << RouteTreeModel::tr("%1 down").arg(totals.down);
    if (totals.unknown > 0)
        parts << RouteTreeModel::tr("%1 unknown").arg(totals.unknown);
    return parts.join(QStringLiteral(", "));
}

QVariant numberAlignment() {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
}
} // namespace

RouteTreeModel::RouteTreeModel(InstanceColors &colors, QObject *parent)
    : QAbstractItemModel(parent)
    , m_colors(colors) {}

void RouteTreeModel::applySnapshot(const GatewaySnapshot &snapshot) {
    if (!sameRouteStructure(m_routes, snapshot.routes)) {
        beginResetModel();
        m_routes = snapshot.routes;
        endResetModel();
        return;
    }
    const QList<RouteSnapshot> before = std::exchange(m_routes, snapshot.routes);
    for (int routeRow = 0; routeRow < m_routes.size(); ++routeRow) {
        const RouteSnapshot &oldRoute = before[routeRow];
        const RouteSnapshot &newRoute = m_routes[routeRow];
        emitChangedColumns(routeRow, {}, changedRouteColumns(oldRoute, newRoute));
        const QModelIndex routeIndex = index(routeRow, 0);
        for (int row = 0; row < newRoute.backends.size(); ++row)
            emitChangedColumns(
                row, routeIndex,
                changedBackendColumns(oldRoute.backends[row], newRoute.backends[row]));
    }
}

void RouteTreeModel::emitChangedColumns(int row, const QModelIndex &parent,
                                        quint32 changedColumns) {
    if (changedColumns == 0)
        return;
    const int first = std::countr_zero(changedColumns);
    const int last = 31 - std::countl_zero(changedColumns);
    Q_EMIT dataChanged(index(row, first, parent), index(row, last, parent));
}

bool RouteTreeModel::isInstance(const QModelIndex &index) const {
    return index.isValid() && index.internalId() != routeRowId;
}

QModelIndex RouteTreeModel::routeIndex(const QString &routeId) const {
    for (int row = 0; row < m_routes.size(); ++row) {
        if (m_routes[row].id == routeId)
            return index(row, 0);
    }
    return {};
}

QModelIndex RouteTreeModel::instanceIndex(const QString &routeId, int backendIndex,
                                          int column) const {
    for (int row = 0; row < m_routes.size(); ++row) {
        if (m_routes[row].id == routeId && backendIndex >= 0 &&
            backendIndex < m_routes[row].backends.size())
            return index(backendIndex, column, index(row, 0));
    }
    return {};
}

void RouteTreeModel::requestToggle(const QModelIndex &index) {
    const BackendSnapshot *backend = backendAt(index);
    if (!backend)
        return;
    requestAdminState(index, backend->adminState == AdminState::Enabled ? AdminState::Disabled
                                                                        : AdminState::Enabled);
}

void RouteTreeModel::requestAdminState(const QModelIndex &index, AdminState state) {
    const BackendSnapshot *backend = backendAt(index);
    if (!backend || backend->adminState == state)
        return;
    Q_EMIT adminStateChangeRequested(m_routes[int(index.internalId() - 1)].id, backend->index,
                                     state);
}

const BackendSnapshot *RouteTreeModel::backendAt(const QModelIndex &index) const {
    if (!isInstance(index) || index.model() != this)
        return nullptr;
    return &m_routes[int(index.internalId() - 1)].backends[index.row()];
}

QModelIndex RouteTreeModel::index(int row, int column, const QModelIndex &parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, routeRowId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex RouteTreeModel::parent(const QModelIndex &child) const {
    if (!isInstance(child))
        return {};
    return createIndex(int(child.internalId() - 1), 0, routeRowId);
}

int RouteTreeModel::rowCount(const QModelIndex &parent) const {
    if (!parent.isValid())
        return int(m_routes.size());
    if (parent.internalId() == routeRowId && parent.column() == 0)
        return int(m_routes[parent.row()].backends.size());
    return 0;
}

int RouteTreeModel::columnCount(const QModelIndex &) const {
    return ColumnCount;
}

QVariant RouteTreeModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (const BackendSnapshot *backend = backendAt(index)) {
        const RouteSnapshot &route = m_routes[int(index.internalId() - 1)];
        if (role == RouteIdRole)
            return route.id;
        if (role == StrategyRole)
            return int(route.strategy);
        return backendData(*backend, index.column(), role);
    }
    return routeData(m_routes[index.row()], index.column(), role);
}

QVariant RouteTreeModel::routeData(const RouteSnapshot &route, int column, int role) const {
    switch (role) {
    case RouteIdRole:
        return route.id;
    case BackendIndexRole:
        return -1;
    case StrategyRole:
        return int(route.strategy);
    case Qt::FontRole: {
        if (column != NameColumn)
            return {};
        QFont font;
        font.setBold(true);
        return font;
    }
    case Qt::TextAlignmentRole:
        return column >= WeightColumn ? numberAlignment() : QVariant();
    case Qt::ToolTipRole:
        if ((column == NameColumn || column == UrlColumn) && route.path.isEmpty())
            return tr("Route %1: requests go to its instances by %2")
                .arg(route.id, QString::fromLatin1(strategyName(route.strategy)));
        if (column == NameColumn || column == UrlColumn)
            return tr("Route %1: requests under %2 go to its instances by %3")
                .arg(route.id, QString::fromUtf8(route.path),
                     QString::fromLatin1(strategyName(route.strategy)));
        if (column == HealthColumn && route.panic)
            return tr("Panic: every enabled instance is down by health, so requests go to them "
                      "anyway rather than failing with 503.");
        return {};
    case Qt::ForegroundRole:
        if (column == HealthColumn && route.panic)
            return statusColor(500, QGuiApplication::palette());
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const RouteTotals totals(route);
    switch (column) {
    case NameColumn:
        return route.id;
    case UrlColumn:
        // A HAProxy backend has no path (its frontend's rules choose it): the strategy alone.
        if (route.path.isEmpty())
            return QString::fromLatin1(strategyName(route.strategy));
        return QString(QString::fromUtf8(route.path) + QStringLiteral("  ·  ") +
                       QString::fromLatin1(strategyName(route.strategy)));
    case EnabledColumn:
        return tr("%1 of %2").arg(totals.enabled).arg(route.backends.size());
    case HealthColumn:
        if (route.panic)
            return tr("panic: %1").arg(healthSummary(totals));
        return healthSummary(totals);
    case ActiveColumn:
        return formatCount(quint64(totals.active));
    case RequestsColumn:
        return formatCount(totals.requests);
    case AttemptErrorsColumn:
        return formatCount(totals.attemptErrors);
    default:
        return {};
    }
}

QVariant RouteTreeModel::backendData(const BackendSnapshot &backend, int column, int role) const {
    const QPalette palette = QGuiApplication::palette();
    switch (role) {
    case BackendIndexRole:
        return backend.index;
    case BackendIdRole:
        return backend.id;
    case AdminStateRole:
        return int(backend.adminState);
    case HealthRole:
        return int(backend.health);
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return backend.name;
        case UrlColumn:
            return backend.url;
        case EnabledColumn:
            return adminStateText(backend.adminState);
        case HealthColumn:
            return healthText(backend.health);
        case WeightColumn:
            return backend.weight;
        case ActiveColumn:
            return backend.activeRequests;
        case RequestsColumn:
            return formatCount(backend.requests);
        case AttemptErrorsColumn:
            return formatCount(backend.attemptErrors);
        case LatencyColumn:
            return backend.requests == 0 ? QStringLiteral("–")
                                         : formatDuration(backend.latencyP50Us);
        default:
            return {};
        }
    case Qt::CheckStateRole:
        if (column != EnabledColumn)
            return {};
        switch (backend.adminState) {
        case AdminState::Enabled:
            return int(Qt::Checked);
        case AdminState::Draining:
            return int(Qt::PartiallyChecked);
        case AdminState::Disabled:
            return int(Qt::Unchecked);
        }
        return {};
    case Qt::DecorationRole:
        if (column == NameColumn)
            return m_colors.swatchFor(backend.id);
        if (column == HealthColumn) {
            const QColor color = healthColor(backend.health, palette);
            auto it = m_healthDots.constFind(color.rgb());
            if (it == m_healthDots.constEnd())
                it = m_healthDots.insert(color.rgb(), dotIcon(color));
            return *it;
        }
        return {};
    case Qt::ForegroundRole:
        if ((column == NameColumn || column == UrlColumn) &&
            backend.adminState != AdminState::Enabled)
            return mutedTextColor(palette);
        if (column == AttemptErrorsColumn && backend.attemptErrors > 0)
            return statusColor(500, palette);
        return {};
    case Qt::TextAlignmentRole:
        return column >= WeightColumn ? numberAlignment() : QVariant();
    case Qt::ToolTipRole:
        switch (column) {
        case EnabledColumn: {
            QString text;
            switch (backend.adminState) {
            case AdminState::Enabled:
                text = tr("Enabled: gets new requests. Click or press Space to disable.");
                break;
            case AdminState::Draining:
                text = tr("Draining: gets no new requests; requests in flight finish. Click or "
                          "press Space to enable.");
                break;
            case AdminState::Disabled:
                text = tr("Disabled: gets no new requests. Click or press Space to enable.");
                break;
            }
            if (backend.adminStateChangedAt.isValid())
                text += QLatin1Char('\n') +
                        tr("Changed at %1").arg(timeOfDay(backend.adminStateChangedAt));
            return text;
        }
        case HealthColumn:
            return healthExplanation(backend).join(QLatin1Char('\n'));
        case LatencyColumn:
            return tr("Latency since start: p50 %1, p99 %2")
                .arg(formatDuration(backend.latencyP50Us), formatDuration(backend.latencyP99Us));
        case NameColumn:
        case UrlColumn:
            return tr("%1 (%2), instance %3 of its route")
                .arg(backend.name, backend.url, QString::number(backend.index));
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant RouteTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section >= WeightColumn ? numberAlignment() : QVariant();
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case EnabledColumn:
            return tr("Admin state: whether the instance may get new requests");
        case HealthColumn:
            return tr("What the health checks observed: up, down or unknown");
        case ActiveColumn:
            return tr("Requests in flight now");
        case RequestsColumn:
            return tr("Requests sent to the instance since start, one per attempt: a retried "
                      "request counts on each instance it was tried on");
        case AttemptErrorsColumn:
            return tr("Attempts that failed through the instance's fault, retried or not: "
                      "connect errors, timeouts, resets, malformed and 5xx responses. The status "
                      "bar's Failed counts what the clients finally got.");
        case LatencyColumn:
            return tr("Median request duration since start");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case UrlColumn:
        return tr("URL");
    case EnabledColumn:
        return tr("Enabled");
    case HealthColumn:
        return tr("Health");
    case WeightColumn:
        return tr("Weight");
    case ActiveColumn:
        return tr("Active");
    case RequestsColumn:
        return tr("Requests");
    case AttemptErrorsColumn:
        return tr("Attempt errors");
    case LatencyColumn:
        return tr("p50");
    default:
        return {};
    }
}

Qt::ItemFlags RouteTreeModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (isInstance(index)) {
        flags |= Qt::ItemNeverHasChildren;
        if (index.column() == EnabledColumn)
            flags |= Qt::ItemIsUserCheckable;
    }
    return flags;
}

bool RouteTreeModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::CheckStateRole || index.column() != EnabledColumn || !backendAt(index))
        return false;
    // Only a request: the cell changes when the gateway's next snapshot says so.
    requestAdminState(index, Qt::CheckState(value.toInt()) == Qt::Checked ? AdminState::Enabled
                                                                          : AdminState::Disabled);
    return true;
}
