#pragma once

#include "model/gatewaysnapshot.h"
#include "model/instancestate.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QIcon>

class InstanceColors;

// Routes (top level) and their instances (children), refreshed from GatewaySnapshots only: the
// model never looks at the gateway's objects. A new snapshot with the same routes and instances
// updates the changed cells with one dataChanged per changed row; only a different set of
// routes or instances resets the model.
//
// The Enabled column is checkable (partially checked while draining), but checking it changes
// nothing here: the model asks for the change (adminStateChangeRequested, wired to
// GatewayController) and the next snapshot shows the gateway's answer
// (docs/CONVENTIONS.md, "Snapshots change only what changed"). Admin state and health are
// separate columns, never one "alive" flag.
class RouteTreeModel final : public QAbstractItemModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteTreeModel)

public:
    enum Column {
        NameColumn,
        UrlColumn,
        EnabledColumn,
        HealthColumn,
        WeightColumn,
        ActiveColumn,
        RequestsColumn,
        AttemptErrorsColumn,
        LatencyColumn,
        ColumnCount
    };
    enum Role {
        RouteIdRole = Qt::UserRole + 1, // QString, on route and instance rows
        BackendIndexRole,               // int, instance rows only (-1 on route rows)
        BackendIdRole,                  // quint64, instance rows only
        AdminStateRole,                 // AdminState as int, instance rows only
        HealthRole,                     // Health as int, instance rows only
        StrategyRole,                   // StrategyKind as int, of the row's route
    };

    explicit RouteTreeModel(InstanceColors &colors, QObject *parent = nullptr);

    void applySnapshot(const GatewaySnapshot &snapshot);

    bool isInstance(const QModelIndex &index) const;
    // The row of routeId, or an invalid index.
    QModelIndex routeIndex(const QString &routeId) const;
    // The instance at backendIndex of routeId, or an invalid index.
    QModelIndex instanceIndex(const QString &routeId, int backendIndex, int column = 0) const;
    // Asks for the opposite admin state of the instance in index's row (enabled → disabled,
    // disabled or draining → enabled). Does nothing on route rows.
    void requestToggle(const QModelIndex &index);
    // Asks for state unless the instance already has it.
    void requestAdminState(const QModelIndex &index, AdminState state);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void adminStateChangeRequested(const QString &routeId, int backendIndex, AdminState state);

private:
    const BackendSnapshot *backendAt(const QModelIndex &index) const;
    QVariant routeData(const RouteSnapshot &route, int column, int role) const;
    QVariant backendData(const BackendSnapshot &backend, int column, int role) const;
    void emitChangedColumns(int row, const QModelIndex &parent, quint32 changedColumns);

    InstanceColors &m_colors;
    QList<RouteSnapshot> m_routes;
    mutable QHash<QRgb, QIcon> m_healthDots; // one per colour, made on first use
};
