#pragma once

#include <QByteArray>

// Admin state and health are kept apart, as HAProxy does: an operator's decision (enabled,
// draining, disabled) is never folded into what the health checks observed (up, down, unknown).
enum class AdminState { Enabled, Draining, Disabled };
enum class Health { Unknown, Up, Down };

// Passive health's hold on an instance (PassiveHealth, nginx's max_fails/fail_timeout): Clear,
// Ejected for fail_timeout after max_fails failed requests, then on Probation until one request
// decides. Kept apart from the active checks' verdict: each side writes only its own.
enum class PassiveState { Clear, Ejected, Probation };

// Weights the config, the admin API and the window accept (nginx's range starts at 1 too).
inline constexpr int maxBackendWeight = 1000;

QByteArray adminStateName(AdminState state);     // "enabled" | "draining" | "disabled"
QByteArray healthName(Health health);            // "unknown" | "up" | "down"
QByteArray passiveStateName(PassiveState state); // "clear" | "ejected" | "probation"

// The health shown (window, /api/state, /metrics) from the two verdicts: down when either holds
// the instance out (the probes say down, or passive health ejected it), unknown while passive
// health tests it on probation, otherwise what the probes say (unknown without active checks).
Health combinedHealth(Health active, PassiveState passive);
