#pragma once

#include "config/gatewayconfig.h"
#include "engineprocess.h"

#include <QString>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

// HAProxy running the exporter's haproxy.cfg for a config (README, "Outgrowing the laptop":
// export, run haproxy, connect), with the export's runtime API and log moved to this test's
// places: the stats socket at admin level on adminSocket() and on 127.0.0.1:adminPort(), one at
// user level on userSocket(), and the log to 127.0.0.1:logPort (none for 0).
class HaproxyInstance final {
public:
    HaproxyInstance();
    ~HaproxyInstance();
    HaproxyInstance(const HaproxyInstance &) = delete;
    HaproxyInstance &operator=(const HaproxyInstance &) = delete;

    // Fails the calling test when HAProxy is not installed (CI installs it; nothing skips);
    // puts /usr/sbin, where Debian installs it, on the PATH.
    static bool requireHaproxy();

    // The config both HAProxy tests run: routes "rr" (/rr, round robin) and "weighted"
    // (/weighted, weighted round robin), each over servers named alpha and beta at those URLs.
    static GatewayConfig alphaBetaConfig(const QString &sourceFile, const QUrl &alpha,
                                         const QUrl &beta);

    // Starts HAProxy on config, its listen port replaced by a free one (port()); true once it
    // listens and its unix sockets exist, false (the reason logged) otherwise.
    bool start(GatewayConfig config, quint16 logPort = 0);
    // Stops it (SIGTERM) and waits.
    void stop();

    quint16 port() const { return m_port; }
    QString adminSocket() const { return m_sockets.filePath(QStringLiteral("admin.sock")); }
    QString userSocket() const { return m_sockets.filePath(QStringLiteral("user.sock")); }
    quint16 adminPort() const { return m_adminPort; }

private:
    QTemporaryDir m_sockets;
    std::unique_ptr<EngineProcess> m_process;
    quint16 m_port = 0;
    quint16 m_adminPort = 0;
};
