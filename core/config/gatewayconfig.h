#pragma once

#include "model/strategykind.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>
#include <chrono>
#include <optional>

// Plain values produced by the config loader (configloader.h) and consumed by Gateway.
// Defaults here are the defaults the README documents (README, "Config").

using Milliseconds = std::chrono::milliseconds;

// The listen(2) backlog of every listener is at least this: nginx's default on Linux. Qt's
// default of 50 makes a burst of new connections lose SYNs, which clients resend only after a
// second. The kernel caps any backlog at net.core.somaxconn.
inline constexpr int minimumListenBacklog = 511;

struct ListenAddress {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;

    QString toString() const; // "127.0.0.1:8080", "[::1]:8080"
    friend bool operator==(const ListenAddress &, const ListenAddress &) = default;
};

struct HealthCheckConfig {
    QByteArray path = "/";
    Milliseconds interval{2000};
    Milliseconds timeout{1000};
    int rise = 2; // consecutive successes that mark a down/unknown instance up
    int fall = 2; // consecutive failures that mark an up instance down
    friend bool operator==(const HealthCheckConfig &, const HealthCheckConfig &) = default;
};

// Passive health, as nginx's max_fails/fail_timeout: max_fails failures within fail_timeout
// eject the instance for fail_timeout. max_fails 0 disables passive marking. A 5xx response
// counts as a failure only with count5xx (nginx counts none by default either).
struct PassiveHealthConfig {
    int maxFails = 1;
    Milliseconds failTimeout{10000};
    bool count5xx = false;
    friend bool operator==(const PassiveHealthConfig &, const PassiveHealthConfig &) = default;

    // Whether an answered attempt with this status counts against the instance. Failures that
    // got no usable answer (connect errors, timeouts, resets, malformed responses) always do.
    bool countsAsFailure(int status) const { return count5xx && status >= 500; }
};

struct LimitsConfig {
    qint64 maxHeaderBytes = 65536; // request line + headers; over it → 431
    qint64 maxBodyBytes = 0;       // 0 = unlimited; over it → 413
    Milliseconds headerTimeout{10000};
    Milliseconds idleTimeout{60000};
    Milliseconds connectTimeout{2000};
    Milliseconds responseTimeout{30000};
    int maxConnections = 10000;
    // A tunnel after 101 with no byte either way for this long is closed: HAProxy's
    // `timeout tunnel` and its usual value (README, "limits").
    Milliseconds tunnelTimeout{3600000};
    friend bool operator==(const LimitsConfig &, const LimitsConfig &) = default;

    // The proxy listener's backlog: maxConnections when larger than minimumListenBacklog
    // (HAProxy's rule: clients over the limit wait there, README "limits"), else that minimum.
    int listenBacklog() const;
};

struct TargetConfig {
    QUrl url; // http://host:port[/base-path]
    int weight = 1;
    QString name; // optional display name; empty → "host:port"
    friend bool operator==(const TargetConfig &, const TargetConfig &) = default;
};

struct RouteConfig {
    QString id;      // unique; defaults to the path without its leading '/' ("/" → "root")
    QByteArray path; // normalized prefix: leading '/', no trailing '/' except for "/" itself
    StrategyKind strategy = StrategyKind::RoundRobin;
    QList<TargetConfig> targets;
    // Active checks: nullopt when neither the route nor the top level asks for them.
    std::optional<HealthCheckConfig> healthCheck;
    PassiveHealthConfig passiveHealth;
    friend bool operator==(const RouteConfig &, const RouteConfig &) = default;
};

// The faults a demo instance starts with (README "Demo instances", fault knobs); the defaults
// are none. Set before the gateway starts, so that a scenario misbehaves from its first request.
struct DemoFaultsConfig {
    Milliseconds latency{0};
    int errorRatePercent = 0; // 0..100
    bool resetMidResponse = false;
    friend bool operator==(const DemoFaultsConfig &, const DemoFaultsConfig &) = default;
};

struct DemoConfig {
    QList<quint16> backendPorts; // in-process demo instances (README, "Demo instances")
    // backendFaults[i] belongs to backendPorts[i]; a missing entry means no faults, so configs
    // built in code may leave the list empty.
    QList<DemoFaultsConfig> backendFaults;
    friend bool operator==(const DemoConfig &, const DemoConfig &) = default;
};

// Traffic capture for the inspector (README, "Config", `capture`): what of each exchange is kept
// for the details pane, the row actions, HAR export and /api/requests. Each body is kept up to
// bodyLimit bytes and all captured exchanges together up to memoryLimit bytes, the oldest bodies
// evicted first (CaptureStore, core/inspect/capturestore.h).
struct CaptureConfig {
    bool enabled = true;
    // 1 MiB holds nearly every API body whole (JSON, forms, small images), and cuts downloads
    // early. 64 MiB is what a laptop spares for a tool without noticing: at least 32 exchanges
    // whose both bodies are at the limit, thousands of typical API calls.
    qint64 bodyLimit = qint64(1) << 20;
    qint64 memoryLimit = qint64(64) << 20;
    // Masked in what the window shows and exports, besides Authorization, Proxy-Authorization,
    // Cookie and Set-Cookie (HeaderMask, core/inspect/headermask.h). As written in the file.
    QList<QByteArray> maskHeaders;
    friend bool operator==(const CaptureConfig &, const CaptureConfig &) = default;
};

struct GatewayConfig;

// Command-line --listen / --admin / --port-offset: they change the file's addresses when the
// config is loaded, the same way in the headless program and the window, and again on every
// reload of it.
struct ConfigOverrides {
    std::optional<ListenAddress> listen;
    std::optional<ListenAddress> admin;
    // Added to every fixed port the config opens itself: server.listen and admin.listen (unless
    // listen/admin replace them), the demo instances' ports, and the port of each target that
    // points at one of those demo instances on a loopback address (README, "Running on other
    // ports"). Port 0 stays 0; a port the offset would push past 65535 stays as written.
    int portOffset = 0;
    friend bool operator==(const ConfigOverrides &, const ConfigOverrides &) = default;

    // Sets config's addresses and records the overrides in it, so that reloads keep them.
    // Idempotent: applying the same overrides to a config twice shifts its ports once.
    void applyTo(GatewayConfig &config) const;
};

struct GatewayConfig {
    QString sourceFile; // where it was loaded from (for reloads and messages)
    ListenAddress listen{QHostAddress::LocalHost, 8080};
    std::optional<ListenAddress> admin; // nullopt: no admin API
    LimitsConfig limits;
    DemoConfig demo;
    CaptureConfig capture;
    QList<RouteConfig> routes;
    ConfigOverrides overrides; // already applied to listen and admin
};
