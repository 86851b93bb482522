#pragma once

#include <QTreeView>

class RouteTreeModel;

// The routes tree: every route with its instances, always expanded. Space on an instance (or a
// click on its Enabled check box) asks for the opposite admin state; the context menu offers
// Enable, Disable and "show its requests in the log".
class RouteTreeView final : public QTreeView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteTreeView)

public:
    explicit RouteTreeView(RouteTreeModel &model, QWidget *parent = nullptr);

    // Toggles the instance in the current row, if it is one.
    void toggleCurrentInstance();

Q_SIGNALS:
    void showRequestsOfInstance(const QString &routeId, const QString &instanceName);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void setUpColumns();

    RouteTreeModel &m_model;
};
