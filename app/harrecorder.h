#pragma once

#include "config/gatewayconfig.h"
#include "inspect/capturestore.h"

#include <QList>
#include <QString>

// The headless program's --har FILE (README, "Inspecting traffic"): keeps the captured exchanges
// GatewayController::capturesReady() hands over, within the config's capture limits, and writes
// them as HAR 1.2 (masked as the config says) when the program ends. The exchanges are shared
// with the gateway's own store for the admin API, so keeping them here costs references, not
// copies of bodies.
class HarRecorder final {
public:
    HarRecorder(QString path, const CaptureConfig &capture);

    // Whether the file can be written, checked at start so that a typo is refused before the
    // gateway runs rather than after hours of traffic: empty, or the reason it cannot. Leaves an
    // empty file behind, which write() replaces.
    QString checkWritable() const;
    void admit(const QList<CapturedExchange> &captures);
    // Writes the file (atomically: a reader never sees half a HAR): empty, or why it failed.
    // gatewayOrigin is where the gateway listened, for requests without Host.
    QString write(const QString &gatewayOrigin) const;

    const QString &path() const { return m_path; }
    qsizetype held() const { return m_store.exchanges().size(); }

private:
    QString m_path;
    QList<QByteArray> m_maskHeaders;
    CaptureStore m_store;
};
