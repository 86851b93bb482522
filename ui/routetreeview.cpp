#include "routetreeview.h"

#include "paddeditemdelegate.h"
#include "routetreemodel.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QMenu>

namespace {
constexpr int rowPadding = 6;
} // namespace

RouteTreeView::RouteTreeView(RouteTreeModel &model, QWidget *parent)
    : QTreeView(parent)
    , m_model(model) {
    setModel(&model);
    setUniformRowHeights(true); // fixed row heights (house rule 8)
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
    connect(&model, &QAbstractItemModel::modelReset, this, &QTreeView::expandAll);
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
    columns->resizeSection(RouteTreeModel::EnabledColumn,
                           iconRoom + widthFor(QStringLiteral("disabled")));
    columns->resizeSection(RouteTreeModel::HealthColumn,
                           iconRoom + widthFor(QStringLiteral("unknown")));
    columns->resizeSection(RouteTreeModel::WeightColumn,
                           widest(QStringLiteral("Weight"), QStringLiteral("100")));
    columns->resizeSection(RouteTreeModel::ActiveColumn,
                           widest(QStringLiteral("Active"), QStringLiteral("0,000")));
    columns->resizeSection(RouteTreeModel::RequestsColumn,
                           widest(QStringLiteral("Requests"), QStringLiteral("0,000,000")));
    columns->resizeSection(RouteTreeModel::ErrorsColumn,
                           widest(QStringLiteral("Errors"), QStringLiteral("00,000")));
    columns->resizeSection(RouteTreeModel::LatencyColumn,
                           widest(QStringLiteral("p50"), QStringLiteral("000.00 ms")));
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
    if (!m_model.isInstance(index))
        return;
    const auto state = AdminState(index.data(RouteTreeModel::AdminStateRole).toInt());
    const QString routeId = index.data(RouteTreeModel::RouteIdRole).toString();
    const QString name = index.siblingAtColumn(RouteTreeModel::NameColumn).data().toString();

    // Persistent: a snapshot may reset the model while the menu is open.
    const QPersistentModelIndex target(index);
    QMenu menu(this);
    QAction *enable = menu.addAction(tr("&Enable"));
    enable->setEnabled(state != AdminState::Enabled);
    connect(enable, &QAction::triggered, this,
            [this, target] { m_model.requestAdminState(target, AdminState::Enabled); });
    QAction *disable = menu.addAction(tr("&Disable"));
    disable->setEnabled(state != AdminState::Disabled);
    connect(disable, &QAction::triggered, this,
            [this, target] { m_model.requestAdminState(target, AdminState::Disabled); });
    menu.addSeparator();
    QAction *showRequests = menu.addAction(tr("&Show Its Requests in the Log"));
    connect(showRequests, &QAction::triggered, this,
            [this, routeId, name] { Q_EMIT showRequestsOfInstance(routeId, name); });
    menu.exec(event->globalPos());
}
