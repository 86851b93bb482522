#pragma once

#include "model/routepreview.h"

#include <QDialog>
#include <QTimer>

class GatewayController;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

// The route tester (Tools → Route Tester, Ctrl+T): type a request path, and optionally the
// client address ip_hash would hash, and see what the gateway would do with it now: the route
// and prefix it matches (or "no route": 404), the path the instance would receive, and which
// instance the next pick would choose with the balancer's explanation (or why none would: 503).
//
// Non-modal and live: the question goes out ~150 ms after the last keystroke as
// GatewayController::previewRoute(), which sends nothing and changes nothing, and is asked again
// whenever a snapshot says the gateway changed, so the "next pick" follows the traffic. Answers
// to an older question are dropped.
class RouteTesterDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteTesterDialog)

public:
    explicit RouteTesterDialog(GatewayController &controller, QWidget *parent = nullptr);

    QLineEdit *pathEdit() const { return m_path; }
    QLineEdit *clientEdit() const { return m_client; }
    // The answer shown now (Outcome::NotRunning with an empty path before the first).
    const RoutePreview &shownPreview() const { return m_shown; }
    // What the result area says, for tests and for copying.
    QString resultText() const;

Q_SIGNALS:
    // An answer to the current question was shown.
    void previewShown(const RoutePreview &preview);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void askNow();
    void onPreviewReady(const RoutePreview &preview);
    QByteArray currentPath() const;
    QByteArray currentClient() const;

    GatewayController &m_controller;
    QLineEdit *m_path;
    QLineEdit *m_client;
    QLabel *m_verdict;
    QLabel *m_route;
    QLabel *m_upstream;
    QLabel *m_instance;
    QPlainTextEdit *m_explanation;
    QTimer m_debounce;
    RoutePreview m_shown;
};
