#include "window/dockheightlimit.h"

#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>

DockHeightLimit::DockHeightLimit(QMainWindow &window)
    : QObject(&window)
    , m_window(window) {
    window.installEventFilter(this);
}

void DockHeightLimit::watch(QDockWidget &dock) {
    m_docks.append(&dock);
    // Queued: a dock just shown has its height only once the layout has run.
    connect(&dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            QMetaObject::invokeMethod(this, &DockHeightLimit::apply, Qt::QueuedConnection);
    });
}

void DockHeightLimit::apply() {
    const int limit = int(m_window.height() * maxShare);
    QList<QDockWidget *> tooTall;
    for (QDockWidget *dock : std::as_const(m_docks)) {
        const Qt::DockWidgetArea area = m_window.dockWidgetArea(dock);
        if (dock->isVisible() && !dock->isFloating() &&
            (area == Qt::BottomDockWidgetArea || area == Qt::TopDockWidgetArea) &&
            dock->height() > limit)
            tooTall.append(dock);
    }
    if (!tooTall.isEmpty())
        m_window.resizeDocks(tooTall, QList<int>(tooTall.size(), limit), Qt::Vertical);
}

bool DockHeightLimit::eventFilter(QObject *watched, QEvent *event) {
    if (watched == &m_window && event->type() == QEvent::Resize)
        QMetaObject::invokeMethod(this, &DockHeightLimit::apply, Qt::QueuedConnection);
    return QObject::eventFilter(watched, event);
}
