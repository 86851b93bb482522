#pragma once

#include <QObject>

class QDockWidget;
class QMainWindow;

// Keeps the docks along the top and bottom of a main window from taking the log's room: when the
// window shrinks, QMainWindow keeps a dock's height and squeezes the central widget (at 640×420
// an open Scenario dock left the log one row), so whenever the window is resized or a dock is
// shown, a docked one taller than maxShare of the window is brought back to that share. A dock
// dragged taller stays so until the next resize; a floating one is left alone.
class DockHeightLimit final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DockHeightLimit)

public:
    static constexpr double maxShare = 0.3;

    // Watches window's resizes; docks are added one by one.
    explicit DockHeightLimit(QMainWindow &window);

    void watch(QDockWidget &dock);
    // Brings every watched dock that is too tall back to maxShare of the window.
    void apply();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QMainWindow &m_window;
    QList<QDockWidget *> m_docks;
};
