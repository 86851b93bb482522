#pragma once

#include <QTreeView>

class RouteTreeModel;

// The routes tree: every route with its instances, always expanded. Space on an instance (or a
// click on its Enabled check box) asks for the opposite admin state. A right click makes the
// row current and asks for its menu (RouteActions builds it). The current row survives the
// model resets that adding or removing an instance causes.
class RouteTreeView final : public QTreeView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteTreeView)

public:
    explicit RouteTreeView(RouteTreeModel &model, QWidget *parent = nullptr);

    // Toggles the instance in the current row, if it is one.
    void toggleCurrentInstance();

Q_SIGNALS:
    // The user asked for the context menu of the current row, at globalPos.
    void rowMenuRequested(const QPoint &globalPos);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void setUpColumns();
    void rememberCurrentRow();
    void restoreCurrentRow();

    RouteTreeModel &m_model;
    // The current row across a model reset: its route, and its instance's index (-1: the route).
    QString m_currentRouteId;
    int m_currentBackendIndex = -1;
};
