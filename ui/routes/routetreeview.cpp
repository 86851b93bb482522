#include "routes/routetreeview.h"

#include "common/displayformat.h"
#include "common/paddeditemdelegate.h"
#include "routes/routetreemodel.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <algorithm>

namespace {
constexpr int rowPadding = 6;
} // namespace

RouteTreeView::RouteTreeView(RouteTreeModel &model, QWidget *parent)
    : QTreeView(parent)
    , m_model(model) {
    setModel(&model);
    setUniformRowHeights(true); // fixed row heights (docs/CONVENTIONS.md, "Format at display time")
    setItemDelegate(new PaddedItemDelegate(rowPadding, this));
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAllColumnsShowFocus(true);
    setTextElideMode(Qt::ElideMiddle);
    setExpandsOnDoubleClick(false);
    setItemsExpandable(false);
    setRootIsDecorated(false);
    // A different set of routes resets the model; every route is shown open.
    connect(&model, &QAbstractItemModel::modelAboutToBeReset, this,
            &RouteTreeView::rememberCurrentRow);
    connect(&model, &QAbstractItemModel::modelReset, this, [this] {
        expandAll();
        restoreCurrentRow();
    });
    connect(&model, &QAbstractItemModel::rowsInserted, this, &QTreeView::expandAll);
    expandAll();
    setUpColumns();
}

void RouteTreeView::setUpColumns() {
    setIconSize(QSize(16, 16));
    QHeaderView *columns = header();
    columns->setStretchLastSection(false);
    columns->setSectionsMovable(true);
    columns->setHighlightSections(false);
    // Widths from sample texts in the current font; the URL column takes what is left over.
    const QFontMetrics metrics = fontMetrics();
    const int padding = metrics.horizontalAdvance(QLatin1Char(' ')) * 2 + 8;
    const int iconRoom = iconSize().width() + 6;
    auto widthFor = [&](const QString &sample) {
        return metrics.horizontalAdvance(sample) + padding;
    };
    auto widest = [&](const QString &first, const QString &second) {
        return std::max(widthFor(first), widthFor(second));
    };
    columns->resizeSection(RouteTreeModel::NameColumn,
                           indentation() + iconRoom + widthFor(QStringLiteral("127.0.0.1:80800")));
    columns->resizeSection(RouteTreeModel::UrlColumn,
                           widthFor(QStringLiteral("http://127.0.0.1:80800")));
    columns->setSectionResizeMode(RouteTreeModel::UrlColumn, QHeaderView::Stretch);
    // State, health and the titles as the window's language words them.
    auto title = [&](int column) { return model()->headerData(column, Qt::Horizontal).toString(); };
    columns->resizeSection(RouteTreeModel::EnabledColumn,
                           iconRoom + std::max({widthFor(adminStateText(AdminState::Disabled)),
                                                widthFor(adminStateText(AdminState::Draining)),
                                                widthFor(title(RouteTreeModel::EnabledColumn))}));
    columns->resizeSection(RouteTreeModel::HealthColumn,
                           iconRoom + std::max(widthFor(healthText(Health::Unknown)),
                                               widthFor(title(RouteTreeModel::HealthColumn))));
    columns->resizeSection(RouteTreeModel::WeightColumn,
                           widest(title(RouteTreeModel::WeightColumn), QStringLiteral("100")));
    columns->resizeSection(RouteTreeModel::ActiveColumn,
                           widest(title(RouteTreeModel::ActiveColumn), QStringLiteral("0,000")));
    columns->resizeSection(
        RouteTreeModel::RequestsColumn,
        widest(title(RouteTreeModel::RequestsColumn), QStringLiteral("0,000,000")));
    columns->resizeSection(
        RouteTreeModel::AttemptErrorsColumn,
        widest(title(RouteTreeModel::AttemptErrorsColumn), QStringLiteral("00,000")));
    columns->resizeSection(
        RouteTreeModel::LatencyColumn,
        widest(title(RouteTreeModel::LatencyColumn), QStringLiteral("000.00 ms")));
}

void RouteTreeView::toggleCurrentInstance() {
    m_model.requestToggle(currentIndex());
}

void RouteTreeView::keyPressEvent(QKeyEvent *event) {
    if (event->key() == Qt::Key_Space && event->modifiers() == Qt::NoModifier &&
        m_model.isInstance(currentIndex())) {
        toggleCurrentInstance();
        event->accept();
        return;
    }
    QTreeView::keyPressEvent(event);
}

void RouteTreeView::contextMenuEvent(QContextMenuEvent *event) {
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid())
        return;
    // The menu's actions act on the current row, as the window's menus do.
    setCurrentIndex(index);
    Q_EMIT rowMenuRequested(event->globalPos());
}

void RouteTreeView::rememberCurrentRow() {
    const QModelIndex current = currentIndex();
    m_currentRouteId = current.data(RouteTreeModel::RouteIdRole).toString();
    m_currentBackendIndex =
        current.isValid() ? current.data(RouteTreeModel::BackendIndexRole).toInt() : -1;
}

void RouteTreeView::restoreCurrentRow() {
    if (m_currentRouteId.isEmpty())
        return;
    const QModelIndex route = m_model.routeIndex(m_currentRouteId);
    if (!route.isValid())
        return;
    // A removed instance leaves the row that took its place, or the last one, or the route.
    const int instances = m_model.rowCount(route);
    const int backendIndex = std::min(m_currentBackendIndex, instances - 1);
    setCurrentIndex(backendIndex >= 0 ? m_model.index(backendIndex, 0, route) : route);
}
